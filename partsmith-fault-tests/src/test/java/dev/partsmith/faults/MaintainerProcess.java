package dev.partsmith.faults;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;

import org.threeten.extra.MutableClock;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.lifecycle.MaintenanceResult;
import dev.partsmith.lifecycle.PartitionLifecycleService;
import dev.partsmith.lifecycle.PartitionMaintainer;
import dev.partsmith.lifecycle.PartitionRepository;
import dev.partsmith.postgres.PostgresAdvisoryLockManager;
import dev.partsmith.postgres.PostgresMetadataProvider;
import dev.partsmith.postgres.PostgresPartitionRepository;

/**
 * Maintainers in a JVM of their own, wired as a plain-Java user would wire them, each with its own
 * connection pool, driven by a test through stdin and stdout.
 *
 * <p>Arguments: {@code --url= --user= --password= --app=} (the pools' {@code application_name}),
 * {@code --maintainers=N}, {@code --pause=POINT[:table]} (optional, see {@link PausingRepository.Point}) and
 * one {@code --table=SPEC} per table ({@link TableSpec}). Commands on stdin: {@code RUN round instant}
 * runs every maintainer once over every table, all starting together, each in its own order, with
 * the clock at {@code instant}; {@code EXIT} ends the process. Protocol lines on stdout start with
 * {@code @@}. When stdin closes (the test's JVM is gone), the process halts.
 */
public final class MaintainerProcess {

    private MaintainerProcess() {
    }

    public static void main(String[] args) throws Exception {
        String url = null;
        String user = null;
        String password = "";
        String app = "partsmith-child";
        int maintainerCount = 1;
        PausingRepository.Point pause = null;
        String pauseTable = null;
        List<TablePartitionConfig> tables = new ArrayList<>();
        for (String arg : args) {
            String value = arg.substring(arg.indexOf('=') + 1);
            switch (arg.substring(0, arg.indexOf('='))) {
                case "--url" -> url = value;
                case "--user" -> user = value;
                case "--password" -> password = value;
                case "--app" -> app = value;
                case "--maintainers" -> maintainerCount = Integer.parseInt(value);
                case "--pause" -> {
                    String[] point = value.split(":", 2);
                    pause = PausingRepository.Point.valueOf(point[0]);
                    pauseTable = point.length == 2 ? point[1] : null;
                }
                case "--table" -> tables.add(TableSpec.decode(value).config());
                default -> throw new IllegalArgumentException("unknown argument " + arg);
            }
        }
        BlockingQueue<String> commands = watchStdin();
        MutableClock clock = MutableClock.epochUTC();
        List<HikariDataSource> pools = new ArrayList<>();
        List<PartitionMaintainer> maintainers = new ArrayList<>();
        for (int i = 0; i < maintainerCount; i++) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(url);
            config.setUsername(user);
            config.setPassword(password);
            config.setMaximumPoolSize(3);
            config.setMinimumIdle(0);
            config.setPoolName(app + "-" + i);
            config.addDataSourceProperty("ApplicationName", app);
            HikariDataSource pool = new HikariDataSource(config);
            pools.add(pool);
            PartitionRepository repository = pause == null ? new PostgresPartitionRepository(pool)
                    : new PausingRepository(PausingRepository.postgres(pool, pause, pauseTable), pause, pauseTable);
            maintainers.add(new PartitionMaintainer(new PartitionLifecycleService(repository, new PostgresMetadataProvider(pool),
                    new PostgresAdvisoryLockManager(pool), List.of(), clock)));
        }
        say("@@READY");
        while (true) {
            String[] command = commands.take().split(" ");
            if (command[0].equals("EXIT")) {
                pools.forEach(HikariDataSource::close);
                say("@@BYE");
                return;
            }
            int round = Integer.parseInt(command[1]);
            clock.setInstant(Instant.parse(command[2]));
            runRound(round, maintainers, tables);
            say("@@DONE " + round);
        }
    }

    private static void runRound(int round, List<PartitionMaintainer> maintainers, List<TablePartitionConfig> tables)
            throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < maintainers.size(); i++) {
            int index = i;
            List<TablePartitionConfig> order = new ArrayList<>(tables);
            Collections.shuffle(order, new Random(31L * round + index));
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (MaintenanceResult result : maintainers.get(index).runMaintenanceSafe(order)) {
                    say(ChildResult.line(round, index, result));
                }
            }, "maintainer-" + index);
            thread.start();
            threads.add(thread);
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
    }

    private static BlockingQueue<String> watchStdin() {
        BlockingQueue<String> commands = new LinkedBlockingQueue<>();
        Thread watcher = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    commands.add(line.trim());
                }
            }
            catch (IOException ex) {
                // the test is gone: halt below
            }
            Runtime.getRuntime().halt(3);
        }, "stdin-watcher");
        watcher.setDaemon(true);
        watcher.start();
        return commands;
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
