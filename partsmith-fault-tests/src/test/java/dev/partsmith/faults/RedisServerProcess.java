package dev.partsmith.faults;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Redis server of the test's own: {@code redis-server} from the machine (Debian's {@code redis-server}
 * package, which every machine of this project has; {@code apt-get install redis-server} elsewhere) on
 * a free port of 127.0.0.1, keeping nothing on disk. The test stops and starts it at will; the shared
 * Redis the other tests use is never touched. Closing it stops the server.
 */
final class RedisServerProcess implements AutoCloseable {

    private final int port;
    private final Path log;
    private Process process;

    RedisServerProcess() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            this.port = socket.getLocalPort();
            this.log = Files.createDirectories(Path.of("target", "redis")).resolve("redis-" + port + ".log");
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    int port() {
        return port;
    }

    /** Starts the server and waits until it accepts connections. */
    RedisServerProcess start() {
        List<String> command = List.of("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--daemonize", "no");
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        }
        catch (IOException ex) {
            throw new IllegalStateException("cannot start redis-server (" + ex.getMessage() + "): the lock fault tests need the redis-server"
                    + " binary on the PATH; on Debian: apt-get install redis-server", ex);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> !process.isAlive() || accepts());
        if (!process.isAlive()) {
            throw new IllegalStateException("redis-server on port " + port + " exited at once; see " + log.toAbsolutePath());
        }
        return this;
    }

    /** Stops the server (SIGTERM, as a service manager would) and waits until it is gone. */
    void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                }
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        }
        catch (IOException ex) {
            return false;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
