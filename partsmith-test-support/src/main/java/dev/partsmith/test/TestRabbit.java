package dev.partsmith.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * The RabbitMQ broker the tests run against, chosen once per JVM, in this order: the URL in
 * {@code PARTSMITH_TEST_RABBIT_URL} (for example {@code amqp://guest:guest@127.0.0.1:5672}); else a
 * Testcontainers RabbitMQ when Docker is available; else the broker on 127.0.0.1:5672 (as guest) when it
 * answers the AMQP 0-9-1 handshake; else an error that names all three ways.
 */
public final class TestRabbit {

    public static final String URL_ENV = "PARTSMITH_TEST_RABBIT_URL";

    private static final Logger log = LoggerFactory.getLogger(TestRabbit.class);

    private static final int LOCAL_PORT = 5672;

    /** The protocol header a client opens an AMQP 0-9-1 connection with. */
    private static final byte[] PROTOCOL_HEADER = { 'A', 'M', 'Q', 'P', 0, 0, 9, 1 };

    /** The type of a method frame, which the broker's first answer (Connection.Start) is. */
    private static final int METHOD_FRAME = 1;

    private static volatile URI uri;

    private TestRabbit() {
    }

    /** The broker's URI for this JVM, {@code amqp://user:password@host:port}, started (Testcontainers) on first use. */
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

    public static String username() {
        return userInfo()[0];
    }

    public static String password() {
        String[] userInfo = userInfo();
        return userInfo.length > 1 ? userInfo[1] : "";
    }

    private static String[] userInfo() {
        String userInfo = uri().getUserInfo();
        return userInfo == null ? new String[] { "guest", "guest" } : userInfo.split(":", 2);
    }

    private static URI resolve() {
        String url = TestServices.env(URL_ENV);
        if (url != null) {
            return URI.create(url);
        }
        if (TestServices.dockerAvailable()) {
            GenericContainer<?> container = new GenericContainer<>("rabbitmq:3-alpine").withExposedPorts(LOCAL_PORT);
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "partsmith-test-rabbit-stop"));
            return URI.create("amqp://guest:guest@" + container.getHost() + ":" + container.getMappedPort(LOCAL_PORT));
        }
        String local = "RabbitMQ on " + TestServices.LOCAL_HOST + ":" + LOCAL_PORT;
        Integer answer = handshake();
        if (answer != null && answer == METHOD_FRAME) {
            log.info("Tests use the {} as guest ({} is not set, Docker is not available)", local, URL_ENV);
            return URI.create("amqp://guest:guest@" + TestServices.LOCAL_HOST + ":" + LOCAL_PORT);
        }
        throw TestServices.missing("RabbitMQ", URL_ENV + " (for example amqp://guest:guest@127.0.0.1:5672)",
                local + (answer == null ? ": nothing listens there" : ": the AMQP handshake was not answered with Connection.Start"));
    }

    /** The first byte the local broker answers the AMQP protocol header with; {@code null} when nothing listens. */
    private static Integer handshake() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(TestServices.LOCAL_HOST, LOCAL_PORT), 2_000);
            socket.setSoTimeout(2_000);
            OutputStream out = socket.getOutputStream();
            out.write(PROTOCOL_HEADER);
            out.flush();
            InputStream in = socket.getInputStream();
            int first = in.read();
            return first < 0 ? -1 : first;
        }
        catch (IOException ex) {
            return null;
        }
    }
}
