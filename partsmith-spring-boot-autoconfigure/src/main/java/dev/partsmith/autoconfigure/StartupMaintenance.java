package dev.partsmith.autoconfigure;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;

import dev.partsmith.Count;
import dev.partsmith.lifecycle.MaintenanceResult;

/**
 * Maintains every table once while the application starts ({@code partsmith.run-on-startup}). The
 * bean is declared as depending on database initialization, so Flyway, Liquibase and
 * {@code spring.sql.init} have run before it; it runs once every singleton exists (event listeners
 * included), before the application reports ready. A failed run does not stop the start: the result
 * shows in health and the endpoint, and the failure is logged once as a warning, in one line that says
 * why (a database that cannot be reached is one line for all tables, naming its host, port, database and
 * role); the stack trace is logged at DEBUG.
 */
public class StartupMaintenance implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(StartupMaintenance.class);

    private final MaintenanceRunner runner;

    public StartupMaintenance(MaintenanceRunner runner) {
        this.runner = runner;
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<MaintenanceResult> results = runner.runAll();
        long failed = results.stream().filter(result -> !result.success()).count();
        log.info("Start-up maintenance of {} done{}", Count.of(results.size(), "table"), failed == 0 ? "" : ": " + failed + " failed");
    }
}
