package dev.partsmith.sample;

import java.util.Locale;

import com.sun.security.auth.module.UnixSystem;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.context.ApplicationListener;

/**
 * Refuses to start the sample as root without {@code spring.datasource.url}, before the application
 * context is refreshed: PostgreSQL refuses to run as root, so the embedded one could not start. Failing
 * here, before any bean exists, makes the start failure report this reason alone, instead of the first
 * bean that happened to need the DataSource.
 */
class EmbeddedPostgresRootCheck implements ApplicationListener<ApplicationPreparedEvent> {

    @Override
    public void onApplicationEvent(ApplicationPreparedEvent event) {
        if (EmbeddedPostgresConfiguration.NoDataSourceUrl.matches(event.getApplicationContext().getEnvironment()) && runsAsRoot()) {
            throw EmbeddedPostgresException.runningAsRoot();
        }
    }

    private static boolean runsAsRoot() {
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
            return false;
        }
        return new UnixSystem().getUid() == 0;
    }
}
