package dev.partsmith.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.partsmith.config.PartsmithTableRegistry;
import dev.partsmith.config.TableStore;

/** The registry of tables added at run time and its store, as the auto-configuration wires them. */
class RuntimeTablesAutoConfigurationTest {

    @Test
    void theRegistryHoldsTheConfiguredTablesAndKeepsNothingByDefault() {
        Runners.withEvents().run(context -> {
            PartsmithTableRegistry registry = context.getBean(PartsmithTableRegistry.class);
            assertThat(registry.tables()).containsOnlyKeys("events");
            assertThat(registry.persistent()).isFalse();
            assertThat(context).doesNotHaveBean(TableStore.class);
            assertThat(context.getBean(PartsmithTables.class).registry()).containsSame(registry);
        });
    }

    @Test
    void theDatabaseStoreIsOptedIntoAndAStoreThatCannotBeReadYetStopsNothing() {
        Runners.withEvents().withPropertyValues("partsmith.runtime-tables.store=database").run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(DatabaseTableStore.class);
            PartsmithTableRegistry registry = context.getBean(PartsmithTableRegistry.class);
            assertThat(registry.persistent()).isTrue();
            assertThat(registry.tables()).containsOnlyKeys("events");
        });
    }

    @Test
    void theApplicationsOwnRegistryAndStoreReplaceOurs() {
        TableStore own = TableStore.NONE;
        Runners.withEvents().withPropertyValues("partsmith.runtime-tables.store=database").withBean(TableStore.class, () -> own)
                .withBean("ownRegistry", PartsmithTableRegistry.class, () -> new PartsmithTableRegistry(Map.of())).run(context -> {
                    assertThat(context).doesNotHaveBean(DatabaseTableStore.class);
                    assertThat(context).getBeans(PartsmithTableRegistry.class).containsOnlyKeys("ownRegistry");
                    assertThat(context.getBean(PartsmithTables.class).registry()).containsSame(context.getBean(PartsmithTableRegistry.class));
                });
    }

    @Test
    void aBadNameOfTheStoresTableFailsTheStartNamingTheProperty() {
        Runners.withEvents().withPropertyValues("partsmith.runtime-tables.table-name=" + "t".repeat(200)).run(context -> {
            assertThat(context).hasFailed();
            assertThat(FailureReports.report(context)).contains("partsmith.runtime-tables.table-name", "is 200 bytes long");
        });
    }
}
