package dev.partsmith.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.lifecycle.PartitionMaintainer;
import dev.partsmith.safety.MaintenancePauses;
import dev.partsmith.safety.ReplicationLag;
import dev.partsmith.safety.SafetyLimits;
import dev.partsmith.safety.Safeguards;
import dev.partsmith.safety.ServerProbe;
import dev.partsmith.safety.TableLimits;

/** The safeguards as properties switch them: the breaker, the storage quota, the kill switches' registry. */
class SafeguardsAutoConfigurationTest {

    private static final QualifiedName EVENTS = new QualifiedName("public", "events");
    private static final QualifiedName ORDERS = new QualifiedName("public", "orders");

    @Test
    void theBreakerIsOnAtTheCoresDefaultAndThereIsNoStorageLimitUnlessSet() {
        Runners.withEvents().run(context -> {
            Safeguards safeguards = context.getBean(Safeguards.class);
            assertThat(safeguards.limits()).isEqualTo(SafetyLimits.DEFAULTS);
            assertThat(safeguards.limits().maxReplicationLag()).isEqualTo(Duration.ofSeconds(5));
            assertThat(safeguards.limits(EVENTS)).isEqualTo(TableLimits.NONE);
            assertThat(context.getBean(PartitionMaintainer.class).safeguards()).as("the engine holds to them").isSameAs(safeguards);
            assertThat(context.getBean(MaintenanceRunner.class).safeguards().pauses()).isSameAs(context.getBean(MaintenancePauses.class));
        });
    }

    @Test
    void theLimitsBindFromThePropertiesAndTablesInheritMaxPartitions() {
        Runners.withEvents().withPropertyValues("partsmith.safety.max-replication-lag=30s", "partsmith.safety.max-database-size=20GB",
                "partsmith.defaults.max-partitions=400", "partsmith.tables.events.max-partitions=100",
                "partsmith.tables.orders.partition-column=created_at", "partsmith.tables.orders.granularity=day").run(context -> {
                    Safeguards safeguards = context.getBean(Safeguards.class);
                    assertThat(safeguards.limits()).isEqualTo(new SafetyLimits(Duration.ofSeconds(30), 20L << 30));
                    assertThat(safeguards.limits(EVENTS)).isEqualTo(new TableLimits(100));
                    assertThat(safeguards.limits(ORDERS)).isEqualTo(new TableLimits(400));
                    assertThat(context.getBean(PartsmithTables.class).get("orders").orElseThrow().limits()).isEqualTo(new TableLimits(400));
                });
    }

    @Test
    void checkReplicationLagFalseSwitchesTheBreakerOff() {
        Runners.withEvents().withPropertyValues("partsmith.safety.check-replication-lag=false")
                .run(context -> assertThat(context.getBean(Safeguards.class).limits().maxReplicationLag()).isNull());
    }

    @Test
    void wrongLimitsFailTheStartEachNamedByItsProperty() {
        Runners.withEvents().withPropertyValues("partsmith.safety.max-replication-lag=-1s", "partsmith.safety.max-database-size=0B",
                "partsmith.tables.events.retention=12", "partsmith.tables.events.max-partitions=10", "partsmith.defaults.max-partitions=0",
                "partsmith.tables.orders.partition-column=created_at", "partsmith.tables.orders.granularity=day").run(context -> {
                    String report = FailureReports.report(context);
                    assertThat(report).contains("Property: partsmith.safety.max-replication-lag\n    Value:    \"PT-1S\"\n")
                            .contains("Reason:   must be zero or more")
                            .contains("Property: partsmith.safety.max-database-size\n    Value:    \"0\"\n")
                            .contains("Reason:   must be at least 1 byte")
                            .contains("Property: partsmith.tables.events.max-partitions\n    Value:    \"10\"\n")
                            .contains("Reason:   must be at least 14, the partitions the table keeps attached (retention 12 and create-ahead 3,"
                                    + " counting the current period once): a lower limit would hold back every new partition for good")
                            .contains("Property: partsmith.defaults.max-partitions\n    Value:    \"0\"\n")
                            .contains("Reason:   must be at least 1");
                });
    }

    @Test
    void everySafeguardBeanBacksOffForTheApplicationsOwn() {
        Runners.withEvents().withUserConfiguration(OwnSafeguards.class).run(context -> {
            assertThat(context.getBean(MaintenancePauses.class)).isSameAs(OwnSafeguards.PAUSES);
            assertThat(context.getBean(ServerProbe.class)).isSameAs(OwnSafeguards.PROBE);
            assertThat(context.getBean(Safeguards.class)).isSameAs(OwnSafeguards.SAFEGUARDS);
            assertThat(context.getBean(PartitionMaintainer.class).safeguards()).isSameAs(OwnSafeguards.SAFEGUARDS);
        });
    }

    @Test
    void theMetadataDescribesEveryLimitWithItsDefault() throws IOException {
        String metadata;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            metadata = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(metadata).contains("\"name\": \"partsmith.safety.max-replication-lag\"", "\"defaultValue\": \"5s\"",
                "\"name\": \"partsmith.safety.check-replication-lag\"", "\"name\": \"partsmith.safety.max-database-size\"",
                "\"name\": \"partsmith.defaults.max-partitions\"");
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnSafeguards {

        static final MaintenancePauses PAUSES = new MaintenancePauses(Clock.systemUTC());

        static final ServerProbe PROBE = new ServerProbe() {
            @Override
            public ReplicationLag replicationLag() {
                return new ReplicationLag("app", List.of());
            }

            @Override
            public long databaseSize() {
                return 0;
            }
        };

        static final Safeguards SAFEGUARDS = new Safeguards(PROBE, SafetyLimits.NONE, Map.of(), PAUSES);

        @Bean
        MaintenancePauses ownPauses() {
            return PAUSES;
        }

        @Bean
        ServerProbe ownProbe() {
            return PROBE;
        }

        @Bean
        Safeguards ownSafeguards() {
            return SAFEGUARDS;
        }
    }
}
