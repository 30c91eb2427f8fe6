package dev.partsmith.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.partsmith.autoconfigure.endpoint.PartsmithEndpoint;
import dev.partsmith.autoconfigure.endpoint.PartsmithEndpointAutoConfiguration;
import dev.partsmith.autoconfigure.health.PartsmithHealthContributorAutoConfiguration;
import dev.partsmith.autoconfigure.health.PartsmithHealthContributor;
import dev.partsmith.autoconfigure.metrics.PartsmithMetrics;
import dev.partsmith.autoconfigure.metrics.PartsmithMetricsAutoConfiguration;

class PartsmithActuatorAutoConfigurationTest {

    private static ApplicationContextRunner runner() {
        return Runners.withEvents().withConfiguration(AutoConfigurations.of(PartsmithMetricsAutoConfiguration.class,
                PartsmithEndpointAutoConfiguration.class, PartsmithHealthContributorAutoConfiguration.class));
    }

    @Test
    void metersAreRegisteredAtStartAndReadZeroBeforeTheFirstRun() {
        runner().withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
            assertThat(context).hasSingleBean(PartsmithMetrics.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            for (String gauge : new String[] { "partsmith.partitions", "partsmith.partitions.future", "partsmith.partitions.runway",
                    "partsmith.partitions.misaligned" }) {
                assertThat(registry.get(gauge).tag("table", "events").gauge().value()).as(gauge).isZero();
            }
            for (String counter : new String[] { "partsmith.partitions.created", "partsmith.partitions.detached", "partsmith.partitions.dropped",
                    "partsmith.maintenance.errors" }) {
                assertThat(registry.get(counter).tag("table", "events").counter().count()).as(counter).isZero();
            }
            assertThat(registry.get("partsmith.partitions.runway").timeGauge().getId().getBaseUnit()).as("a duration, in the registry's time unit")
                    .isEqualTo("seconds");
            assertThat(registry.get("partsmith.partitions.created").counter().getId().getBaseUnit()).isEqualTo("partitions");
        });
    }

    @Test
    void everyMeterKeepsANameOfItsOwnInPrometheus() {
        runner().withBean(MeterRegistry.class, () -> new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)).run(context -> {
            String scrape = context.getBean(PrometheusMeterRegistry.class).scrape();
            assertThat(scrape).contains("# TYPE partsmith_partitions gauge", "partsmith_partitions{table=\"events\"} 0.0",
                    "partsmith_partitions_future{table=\"events\"} 0.0", "partsmith_partitions_misaligned{table=\"events\"} 0.0", "partsmith_partitions_runway_seconds{table=\"events\"} 0.0",
                    "partsmith_partitions_created_partitions_total{table=\"events\"} 0.0",
                    "partsmith_partitions_detached_partitions_total{table=\"events\"} 0.0",
                    "partsmith_partitions_dropped_partitions_total{table=\"events\"} 0.0",
                    "partsmith_maintenance_errors_total{table=\"events\"} 0.0");
        });
    }

    @Test
    void noMetersWithoutARegistryOrMicrometer() {
        runner().run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(PartsmithMetrics.class));
        runner().withClassLoader(new FilteredClassLoader(MeterRegistry.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(PartsmithMetrics.class));
    }

    @Test
    void applicationMetricsReplaceOurs() {
        runner().withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withBean("ownMetrics", PartsmithMetrics.class, () -> new PartsmithMetrics(new SimpleMeterRegistry(),
                        new MaintenanceRunner(null, new PartsmithTables(List.of()), event -> {
                        })))
                .run(context -> assertThat(context).getBeans(PartsmithMetrics.class).containsOnlyKeys("ownMetrics"));
    }

    @Test
    void theEndpointExistsOnceExposed() {
        runner().run(context -> assertThat(context).doesNotHaveBean(PartsmithEndpoint.class));
        runner().withPropertyValues("management.endpoints.web.exposure.include=partsmith")
                .run(context -> assertThat(context).hasSingleBean(PartsmithEndpoint.class));
        runner().withPropertyValues("management.endpoints.web.exposure.include=partsmith", "management.endpoint.partsmith.access=NONE")
                .run(context -> assertThat(context).doesNotHaveBean(PartsmithEndpoint.class));
    }

    @Test
    void noEndpointWithoutPartsmith() {
        runner().withPropertyValues("management.endpoints.web.exposure.include=partsmith", "partsmith.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(PartsmithEndpoint.class));
    }

    @Test
    void theHealthContributorIsOnUnlessSwitchedOffOrReplaced() {
        runner().run(context -> {
            assertThat(context).hasSingleBean(PartsmithHealthContributor.class).hasBean("partsmithHealthContributor");
            assertThat(context.getBean(PartsmithHealthContributor.class).getContributor("events")).as("one indicator per table key")
                    .isInstanceOf(HealthIndicator.class);
            assertThat(context.getBean(PartsmithHealthContributor.class).getContributor("nothing-here")).isNull();
        });
        runner().withBean("partsmithHealthIndicator", HealthIndicator.class, () -> () -> Health.up().build())
                .run(context -> assertThat(context).doesNotHaveBean(PartsmithHealthContributor.class));
        runner().withPropertyValues("management.health.partsmith.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(PartsmithHealthContributor.class));
        runner().withClassLoader(new FilteredClassLoader(HealthIndicator.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(PartsmithHealthContributor.class));
        runner().withPropertyValues("partsmith.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(PartsmithHealthContributor.class));
    }
}
