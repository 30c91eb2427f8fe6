package dev.partsmith.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * The Redis server the tests run against, chosen once per JVM, in this order: the URL in
 * {@code PARTSMITH_TEST_REDIS_URL} (for example {@code redis://127.0.0.1:6379}); else a
 * Testcontainers Redis when Docker is available; else the server on 127.0.0.1:6379 when it answers
 * {@code PING}; else an error that names all three ways.
 */
public final class TestRedis {

    public static final String URL_ENV = "PARTSMITH_TEST_REDIS_URL";

    private static final Logger log = LoggerFactory.getLogger(TestRedis.class);

    private static final int LOCAL_PORT = 6379;

    private static volatile URI uri;

    private TestRedis() {
    }

    /** The Redis URI for this JVM, started (Testcontainers) on first use. */
    public static synchronized URI uri() {
        if (uri == null) {
            uri = resolve();
        }
        return uri;
    }

    public static String host() {
        return uri().getHost();
    }

    public static int port() {
        int port = uri().getPort();
        return port < 0 ? LOCAL_PORT : port;
    }

    private static URI resolve() {
        String url = TestServices.env(URL_ENV);
        if (url != null) {
            return URI.create(url);
        }
        if (TestServices.dockerAvailable()) {
            GenericContainer<?> container = new GenericContainer<>("redis:7-alpine").withExposedPorts(LOCAL_PORT);
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "partsmith-test-redis-stop"));
            return URI.create("redis://" + container.getHost() + ":" + container.getMappedPort(LOCAL_PORT));
        }
        String local = "Redis on " + TestServices.LOCAL_HOST + ":" + LOCAL_PORT;
        String answer = ping();
        if ("+PONG".equals(answer)) {
            log.info("Tests use the {} ({} is not set, Docker is not available)", local, URL_ENV);
            return URI.create("redis://" + TestServices.LOCAL_HOST + ":" + LOCAL_PORT);
        }
        throw TestServices.missing("Redis", URL_ENV + " (for example redis://127.0.0.1:6379)",
                local + (answer == null ? ": nothing listens there" : ": PING was answered with " + answer));
    }

    /** The first line the local server answers to {@code PING}; {@code null} when nothing listens. */
    private static String ping() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(TestServices.LOCAL_HOST, LOCAL_PORT), 2_000);
            socket.setSoTimeout(2_000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c >= 0 && c != '\r' && c != '\n'; c = in.read()) {
                line.append((char) c);
            }
            return line.toString();
        }
        catch (IOException ex) {
            return null;
        }
    }
}
