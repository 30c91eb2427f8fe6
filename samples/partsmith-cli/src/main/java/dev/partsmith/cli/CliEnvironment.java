package dev.partsmith.cli;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * The CLI's properties, in this order of precedence: what the CLI fixes (no start-up run, no schedule:
 * the CLI runs maintenance itself, once) and {@code --db-url}; then Spring Boot's usual sources
 * ({@code --name=value} arguments, system properties, environment variables); then the {@code --config}
 * file. Refuses to start without a database URL, and to run without a table.
 */
final class CliEnvironment implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private final CliArguments arguments;
    private ConfigurableEnvironment environment;

    CliEnvironment(CliArguments arguments) {
        this.arguments = arguments;
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        environment = context.getEnvironment();
        Map<String, Object> fixed = new LinkedHashMap<>();
        fixed.put("partsmith.run-on-startup", "false");
        fixed.put("partsmith.schedule.cron", "-");
        if (arguments.dbUrl() != null) {
            fixed.putAll(DatabaseUrl.properties(arguments.dbUrl()));
        }
        environment.getPropertySources().addFirst(new MapPropertySource("partsmith-cli", fixed));
        if (arguments.config() != null) {
            environment.getPropertySources().addLast(TablesFile.load(arguments.config()));
        }
        if (!StringUtils.hasText(environment.getProperty("spring.datasource.url"))) {
            throw new CliUsageException("no database: give --db-url, or set SPRING_DATASOURCE_URL (or spring.datasource.url)");
        }
    }

    /**
     * Refuses a configuration that describes no table. Called once the application started, so that a
     * misspelled {@code tables:} is reported as the unknown key it is.
     *
     * @throws CliUsageException when no property under {@code partsmith.tables} is set
     */
    void requireTables() {
        if (!hasTables()) {
            throw new CliUsageException(arguments.config() == null ? "no tables: give --config tables.yml"
                    : "no tables in " + arguments.config() + ": describe them under 'tables:'");
        }
    }

    private boolean hasTables() {
        ConfigurationPropertyName tables = ConfigurationPropertyName.of("partsmith.tables");
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (source.containsDescendantOf(tables) == ConfigurationPropertyState.PRESENT) {
                return true;
            }
        }
        return false;
    }

    /** The environment the CLI runs with, once prepared; {@code null} before. */
    ConfigurableEnvironment environment() {
        return environment;
    }
}
