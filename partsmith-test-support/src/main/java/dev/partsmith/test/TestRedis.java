package dev.partsmith.test;

import java.net.URI;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * The Redis server the tests run against: the URL in {@code PARTSMITH_TEST_REDIS_URL}
 * (for example {@code redis://127.0.0.1:6379}); else a Testcontainers Redis when Docker is
 * available; else an error that says how to provide one.
 */
public final class TestRedis {

    public static final String URL_ENV = "PARTSMITH_TEST_REDIS_URL";

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
        return port < 0 ? 6379 : port;
    }

    private static URI resolve() {
        String url = System.getenv(URL_ENV);
        if (url != null && !url.isBlank()) {
            return URI.create(url.trim());
        }
        boolean docker;
        try {
            docker = DockerClientFactory.instance().isDockerAvailable();
        }
        catch (RuntimeException ex) {
            docker = false;
        }
        if (docker) {
            GenericContainer<?> container = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "partsmith-test-redis-stop"));
            return URI.create("redis://" + container.getHost() + ":" + container.getMappedPort(6379));
        }
        throw new IllegalStateException("No Redis for the tests: set " + URL_ENV
                + " (for example redis://127.0.0.1:6379), or run the tests where Docker is available so Testcontainers can start one.");
    }
}
