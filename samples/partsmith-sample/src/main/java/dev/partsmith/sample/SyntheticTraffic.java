package dev.partsmith.sample;

import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/** Writes {@code sample.writer.rows-per-second} rows into each table every second, unless {@code sample.writer.enabled} is false. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "sample.writer.enabled", matchIfMissing = true)
@EnableScheduling
public class SyntheticTraffic {

    private static final Logger log = LoggerFactory.getLogger(SyntheticTraffic.class);

    private final SyntheticWriter writer;
    private final int rowsPerSecond;

    public SyntheticTraffic(SyntheticWriter writer, SampleProperties properties) {
        this.writer = writer;
        this.rowsPerSecond = properties.writer().rowsPerSecond();
    }

    @Scheduled(fixedRate = 1, timeUnit = TimeUnit.SECONDS)
    void write() {
        try {
            writer.write(rowsPerSecond);
        }
        catch (RuntimeException ex) {
            log.warn("Writing synthetic rows failed: {}", ex.getMessage());
        }
    }
}
