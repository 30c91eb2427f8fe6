package dev.partsmith.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Context runners for the auto-configuration tests: a DataSource that is never connected to. */
final class Runners {

    /** A pool pointed at a port nothing listens on; the tests below never open a connection. */
    static final String NO_DATABASE = "spring.datasource.url=jdbc:postgresql://127.0.0.1:1/nowhere";

    private Runners() {
    }

    static ApplicationContextRunner partsmith() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, PartsmithAutoConfiguration.class))
                .withPropertyValues(NO_DATABASE, "partsmith.run-on-startup=false");
    }

    /** {@link #partsmith()} with one monthly table {@code events}. */
    static ApplicationContextRunner withEvents() {
        return partsmith().withPropertyValues("partsmith.tables.events.partition-column=created_at",
                "partsmith.tables.events.granularity=month");
    }
}
