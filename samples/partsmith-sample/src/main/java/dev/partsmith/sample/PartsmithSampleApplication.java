package dev.partsmith.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * A small application with two partitioned tables that partsmith keeps: {@code events} (monthly, with a
 * DEFAULT partition) and {@code audit_log} (daily). Flyway creates the parents, {@code application.yml}
 * describes them to partsmith, {@link PartitionArchiver} archives each partition before it is dropped,
 * {@link PartitionNotifier} announces new ones, and {@link SyntheticWriter} keeps rows coming.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PartsmithSampleApplication {

    public static void main(String[] args) {
        SpringApplication.run(PartsmithSampleApplication.class, args);
    }
}
