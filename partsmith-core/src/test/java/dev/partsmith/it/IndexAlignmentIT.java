package dev.partsmith.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.partsmith.catalog.Alignment;
import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.config.PartitionGranularity;
import dev.partsmith.config.PartitionLevel;
import dev.partsmith.config.TablePartitionConfig;
import dev.partsmith.lifecycle.MaintenanceResult;
import dev.partsmith.lifecycle.PartitionContext;
import dev.partsmith.lifecycle.PartitionLifecycleHooks;
import dev.partsmith.lifecycle.PartitionMaintainer;
import dev.partsmith.plan.MaintenanceIssue;
import dev.partsmith.plan.MaintenanceIssueStep;
import dev.partsmith.postgres.PostgresMetadataProvider;
import dev.partsmith.status.TableStatus;
import dev.partsmith.status.TableStatus.Problem;
import dev.partsmith.test.TestCatalog;
import dev.partsmith.test.TestDatabase;

/** Partitions that lack a valid index or a CHECK constraint of their parent's, as PostgreSQL really leaves them. */
class IndexAlignmentIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-03-15T10:00:00Z"), ZoneOffset.UTC);

    private static TablePartitionConfig config(String table) {
        return TablePartitionConfig.builder().maxClockSkew(Maintenance.MOVED_CLOCK).tableName(table).partitionColumn("created_at")
                .granularity(PartitionGranularity.MONTH).createAheadCount(3).build();
    }

    private static List<String> misaligned(TableStatus status) {
        return status.problems().stream().filter(problem -> problem.kind() == Problem.Kind.MISALIGNED).map(Problem::message).toList();
    }

    @Test
    void aFailedCreateIndexConcurrentlyLeavesAnInvalidIndexThatTheStatusReports() {
        TestCatalog catalog = new TestCatalog(db.dataSource());
        PartitionMaintainer maintainer = Maintenance.maintainer(db.dataSource(), CLOCK);
        catalog.exec("CREATE TABLE orders (id bigint, created_at timestamptz NOT NULL, CHECK (id > 0)) PARTITION BY RANGE (created_at)");
        assertThat(maintainer.runMaintenanceSafe(config("orders")).success()).isTrue();
        // A unique index built the way a busy table needs it: on the parent only, then concurrently partition by partition.
        catalog.exec("INSERT INTO orders VALUES (1, '2024-03-02'), (1, '2024-03-02'), (2, '2024-04-02')",
                "CREATE UNIQUE INDEX orders_id ON ONLY orders (id, created_at)",
                "CREATE UNIQUE INDEX CONCURRENTLY orders__2024_04_id ON orders__2024_04 (id, created_at)",
                "ALTER INDEX orders_id ATTACH PARTITION orders__2024_04_id");
        assertThatThrownBy(() -> catalog.exec("CREATE UNIQUE INDEX CONCURRENTLY orders__2024_03_id ON orders__2024_03 (id, created_at)"))
                .hasMessageContaining("could not create unique index");
        catalog.exec("ALTER INDEX orders_id ATTACH PARTITION orders__2024_03_id");

        TableStatus status = maintainer.status(config("orders"), null);

        assertThat(misaligned(status)).containsExactly(
                "partition public.orders__2024_03 is not aligned with public.orders: its index orders__2024_03_id attached to"
                        + " public.orders_id is INVALID (a failed CREATE INDEX CONCURRENTLY leaves it so): remove what made it fail,"
                        + " rebuild it with REINDEX INDEX CONCURRENTLY \"public\".\"orders__2024_03_id\" and attach it again with ALTER INDEX"
                        + " \"public\".\"orders_id\" ATTACH PARTITION, which marks the parent's index valid once all are",
                "partition public.orders__2024_05 is not aligned with public.orders: no index of it is attached to public.orders_id:"
                        + " build one and attach it with ALTER INDEX \"public\".\"orders_id\" ATTACH PARTITION");
        assertThat(status.misalignedPartitions()).isEqualTo(2);
        assertThat(status.healthy()).isFalse();
        assertThat(new PostgresMetadataProvider(db.dataSource()).readAlignment(new QualifiedName("public", "orders__2024_04")).aligned()).isTrue();

        catalog.exec("DELETE FROM orders WHERE ctid = (SELECT min(ctid) FROM orders__2024_03)", "REINDEX INDEX CONCURRENTLY orders__2024_03_id",
                "ALTER INDEX orders_id ATTACH PARTITION orders__2024_03_id",
                "CREATE UNIQUE INDEX CONCURRENTLY orders__2024_05_id ON orders__2024_05 (id, created_at)",
                "ALTER INDEX orders_id ATTACH PARTITION orders__2024_05_id");

        assertThat(misaligned(maintainer.status(config("orders"), null))).isEmpty();
        assertThat(catalog.queryLong("SELECT count(*) FROM pg_catalog.pg_index WHERE indexrelid = 'orders_id'::regclass AND indisvalid"))
                .as("the parent's index, valid once every partition's is").isEqualTo(1);
    }

    @Test
    void aRunReportsAPartitionItAttachedThatLacksAnIndexOfTheParent() {
        TestCatalog catalog = new TestCatalog(db.dataSource());
        catalog.exec("CREATE TABLE invoices (id bigint, created_at timestamptz NOT NULL) PARTITION BY RANGE (created_at)");
        // An index is started on the parent alone while the run goes on, right after its first attach: the
        // partitions attached later get theirs from their attach; the first has none attached.
        PartitionLifecycleHooks indexesTheParent = new PartitionLifecycleHooks() {
            @Override
            public void afterCreate(PartitionContext context) {
                if (context.partition().name().equals("invoices__2024_03")) {
                    catalog.exec("CREATE INDEX invoices_id ON ONLY invoices (id)");
                }
            }
        };

        MaintenanceResult result = Maintenance.maintainer(db.dataSource(), CLOCK, indexesTheParent).runMaintenanceSafe(config("invoices"));

        assertThat(result.success()).isTrue();
        assertThat(result.createdCount()).isEqualTo(3);
        assertThat(result.issues()).containsExactly(MaintenanceIssue.warning(MaintenanceIssueStep.ATTACH, "public.invoices__2024_03",
                "partition public.invoices__2024_03 is not aligned with public.invoices: no index of it is attached to public.invoices_id:"
                        + " build one and attach it with ALTER INDEX \"public\".\"invoices_id\" ATTACH PARTITION"));
        assertThat(misaligned(Maintenance.maintainer(db.dataSource(), CLOCK).status(config("invoices"), null)))
                .containsExactly(result.issues().get(0).message());
    }

    @Test
    void aPartitionAtAnyDepthIsJudgedAgainstItsOwnParent() {
        TestCatalog catalog = new TestCatalog(db.dataSource());
        TablePartitionConfig config = TablePartitionConfig.builder().maxClockSkew(Maintenance.MOVED_CLOCK).tableName("visits")
                .partitionColumn("created_at").granularity(PartitionGranularity.MONTH).createAheadCount(1)
                .subpartition(PartitionLevel.builder().partitionColumn("user_id").hashModulus(2)).build();
        catalog.exec("CREATE TABLE visits (user_id bigint NOT NULL, created_at timestamptz NOT NULL) PARTITION BY RANGE (created_at)");
        PartitionMaintainer maintainer = Maintenance.maintainer(db.dataSource(), CLOCK);
        assertThat(maintainer.runMaintenanceSafe(config).success()).isTrue();
        // Built level by level: the month's index on its own, then each of its hash partitions.
        catalog.exec("CREATE INDEX visits_user ON ONLY visits (user_id)", "CREATE INDEX visits__2024_03_user ON ONLY visits__2024_03 (user_id)",
                "ALTER INDEX visits_user ATTACH PARTITION visits__2024_03_user",
                "CREATE INDEX CONCURRENTLY visits__2024_03__h0_user ON visits__2024_03__h0 (user_id)",
                "ALTER INDEX visits__2024_03_user ATTACH PARTITION visits__2024_03__h0_user");

        assertThat(misaligned(maintainer.status(config, null))).containsExactly(
                "partition public.visits__2024_03 is not aligned with public.visits: its index visits__2024_03_user attached to public.visits_user"
                        + " is INVALID until each partition below public.visits__2024_03 has a valid index attached to it",
                "partition public.visits__2024_03__h1 is not aligned with public.visits__2024_03: no index of it is attached to"
                        + " public.visits__2024_03_user: build one and attach it with ALTER INDEX \"public\".\"visits__2024_03_user\" ATTACH PARTITION");
    }

    @Test
    void anAttachBuildsWhatTheParentHasAndReportsNothing() {
        TestCatalog catalog = new TestCatalog(db.dataSource());
        catalog.exec("CREATE TABLE payments (id bigint, created_at timestamptz NOT NULL) PARTITION BY RANGE (created_at)",
                "ALTER TABLE payments ADD CONSTRAINT payments_positive CHECK (id > 0) NOT VALID",
                "CREATE INDEX payments_created_at ON ONLY payments (created_at)");

        MaintenanceResult result = Maintenance.maintainer(db.dataSource(), CLOCK).runMaintenanceSafe(config("payments"));

        assertThat(result.createdCount()).isEqualTo(3);
        assertThat(result.issues()).isEmpty();
        Alignment alignment = new PostgresMetadataProvider(db.dataSource()).readAlignment(new QualifiedName("public", "payments__2024_03"));
        assertThat(alignment.aligned()).isTrue();
    }
}
