package dev.partsmith.faults;

import java.util.concurrent.CountDownLatch;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import dev.partsmith.config.PartitionGranularity;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.migration.CopyBatch;
import dev.partsmith.migration.MigrationListener;
import dev.partsmith.migration.MigrationOptions;
import dev.partsmith.migration.MigrationRequest;
import dev.partsmith.migration.MigrationResult;
import dev.partsmith.migration.MigrationStep;
import dev.partsmith.migration.TableMigrator;
import dev.partsmith.postgres.PostgresAdvisoryLockManager;
import dev.partsmith.postgres.PostgresMigrationRepository;

/**
 * Partitions {@code public.events} (monthly on {@code created_at}) in a JVM of its own, wired as a plain-Java user
 * wires it. Arguments: {@code --url= --user= --password= --app= --batch-size=N} and optionally {@code --pause=STEP}:
 * once that step has committed (for {@code COPY}, once its third batch has), the process prints
 * {@code @@PAUSED STEP} and waits, never to go on, for the test to kill it. It prints {@code @@RESULT outcome} when the
 * migration returns.
 */
public final class MigrationProcess {

    private MigrationProcess() {
    }

    public static void main(String[] args) throws Exception {
        HikariConfig pool = new HikariConfig();
        pool.setMaximumPoolSize(3);
        pool.setMinimumIdle(0);
        int batchSize = 1000;
        MigrationStep pause = null;
        for (String arg : args) {
            String value = arg.substring(arg.indexOf('=') + 1);
            switch (arg.substring(0, arg.indexOf('='))) {
                case "--url" -> pool.setJdbcUrl(value);
                case "--user" -> pool.setUsername(value);
                case "--password" -> pool.setPassword(value);
                case "--app" -> pool.addDataSourceProperty("ApplicationName", value);
                case "--batch-size" -> batchSize = Integer.parseInt(value);
                case "--pause" -> pause = MigrationStep.valueOf(value);
                default -> throw new IllegalArgumentException("unknown argument " + arg);
            }
        }
        MigrationStep pauseAt = pause;
        try (HikariDataSource dataSource = new HikariDataSource(pool)) {
            TablePartitionConfig config = TablePartitionConfig.builder().tableName("events").partitionColumn("created_at")
                    .granularity(PartitionGranularity.MONTH).build();
            MigrationListener listener = new MigrationListener() {

                private int batches;

                @Override
                public void batchCopied(MigrationRequest request, CopyBatch batch) {
                    if (++batches == 3 && pauseAt == MigrationStep.COPY) {
                        pause(MigrationStep.COPY);
                    }
                }

                @Override
                public void stepFinished(MigrationRequest request, MigrationStep step) {
                    if (step == pauseAt && step != MigrationStep.COPY) {
                        pause(step);
                    }
                }
            };
            MigrationResult result = new TableMigrator(new PostgresMigrationRepository(dataSource), new PostgresAdvisoryLockManager(dataSource))
                    .partition(config, MigrationOptions.builder().batchSize(batchSize).build(), listener);
            System.out.println("@@RESULT " + result.outcome());
            System.out.flush();
        }
    }

    private static void pause(MigrationStep step) {
        System.out.println("@@PAUSED " + step);
        System.out.flush();
        try {
            new CountDownLatch(1).await();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
