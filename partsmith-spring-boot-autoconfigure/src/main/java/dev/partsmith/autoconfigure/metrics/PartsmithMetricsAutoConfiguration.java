package dev.partsmith.autoconfigure.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.context.annotation.Bean;

import dev.partsmith.autoconfigure.MaintenanceRunner;
import dev.partsmith.autoconfigure.PartsmithAutoConfiguration;

/** Micrometer meters of partsmith's maintenance, when the application has a {@link MeterRegistry}. */
@AutoConfiguration(after = { PartsmithAutoConfiguration.class, MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
        SimpleMetricsExportAutoConfiguration.class })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, MaintenanceRunner.class })
public class PartsmithMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    PartsmithMetrics partsmithMetrics(MeterRegistry registry, MaintenanceRunner runner) {
        return new PartsmithMetrics(registry, runner);
    }

    @Bean
    @ConditionalOnMissingBean
    SafetyMetrics partsmithSafetyMetrics(MeterRegistry registry, MaintenanceRunner runner) {
        return new SafetyMetrics(registry, runner);
    }
}
