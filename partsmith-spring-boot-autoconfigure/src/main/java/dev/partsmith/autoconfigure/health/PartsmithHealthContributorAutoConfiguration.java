package dev.partsmith.autoconfigure.health;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

import dev.partsmith.autoconfigure.MaintenanceRunner;
import dev.partsmith.autoconfigure.PartsmithAutoConfiguration;

/** The {@code partsmith} health contributor, one indicator per table ({@code management.health.partsmith.enabled}, on by default). */
@AutoConfiguration(after = PartsmithAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(MaintenanceRunner.class)
@ConditionalOnEnabledHealthIndicator("partsmith")
public class PartsmithHealthContributorAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = { "partsmithHealthIndicator", "partsmithHealthContributor" })
    PartsmithHealthContributor partsmithHealthContributor(MaintenanceRunner runner) {
        return new PartsmithHealthContributor(runner);
    }
}
