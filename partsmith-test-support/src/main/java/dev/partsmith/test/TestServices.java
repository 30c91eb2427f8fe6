package dev.partsmith.test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * How the tests find a service, the same way for each: the URL in its {@code PARTSMITH_TEST_*}
 * environment variable; else Testcontainers, where Docker runs; else the service on its standard
 * port of 127.0.0.1, when it answers; else a failure that names all three ways.
 */
final class TestServices {

    private static final Logger log = LoggerFactory.getLogger(TestServices.class);

    static final String LOCAL_HOST = "127.0.0.1";

    private static final int CONNECT_TIMEOUT_MILLIS = 2_000;

    private TestServices() {
    }

    /** The variable's value, or {@code null} when it is unset or blank. */
    static String env(String name) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    static String envOr(String name, String fallback) {
        String value = env(name);
        return value == null ? fallback : value;
    }

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        }
        catch (RuntimeException ex) {
            log.debug("Docker is not available", ex);
            return false;
        }
    }

    /** Whether something accepts TCP connections on {@code 127.0.0.1:port}. */
    static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LOCAL_HOST, port), CONNECT_TIMEOUT_MILLIS);
            return true;
        }
        catch (IOException ex) {
            return false;
        }
    }

    /**
     * The failure when no way gave the service.
     *
     * @param service what is missing, for example {@code PostgreSQL 14 or later}
     * @param envHint the variable and an example value
     * @param localTried what was tried on 127.0.0.1 and why it did not do
     */
    static IllegalStateException missing(String service, String envHint, String localTried) {
        return new IllegalStateException("No " + service + " for the tests. They look for one in this order:\n"
                + "  1. " + envHint + ": not set;\n"
                + "  2. Testcontainers: Docker is not available here;\n"
                + "  3. " + localTried + ".\n"
                + "Set the variable, start Docker, or start the service locally.");
    }
}
