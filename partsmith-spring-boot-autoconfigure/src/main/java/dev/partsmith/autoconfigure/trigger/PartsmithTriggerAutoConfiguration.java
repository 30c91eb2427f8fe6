package dev.partsmith.autoconfigure.trigger;

import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.partsmith.autoconfigure.MaintenanceRunner;
import dev.partsmith.autoconfigure.PartsmithAutoConfiguration;
import dev.partsmith.autoconfigure.PartsmithProperties;

/** Maintenance started by more than the cron: the {@link RunwayWatcher} with {@code partsmith.trigger.runway.enabled}. */
@AutoConfiguration(after = PartsmithAutoConfiguration.class)
@ConditionalOnBean(MaintenanceRunner.class)
@ConditionalOnBooleanProperty("partsmith.trigger.runway.enabled")
public class PartsmithTriggerAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    RunwayWatcher partsmithRunwayWatcher(MaintenanceRunner runner, PartsmithProperties properties) {
        return new RunwayWatcher(runner, properties.getTrigger().getRunway().getInterval());
    }

    /** Keeps the watcher eager under {@code spring.main.lazy-initialization}. */
    @Bean
    static LazyInitializationExcludeFilter partsmithRunwayWatcherLazyInitializationExcludeFilter() {
        return LazyInitializationExcludeFilter.forBeanTypes(RunwayWatcher.class);
    }
}
