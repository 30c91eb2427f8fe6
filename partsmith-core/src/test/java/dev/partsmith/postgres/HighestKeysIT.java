package dev.partsmith.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.partsmith.catalog.QualifiedName;
import dev.partsmith.test.TestCatalog;
import dev.partsmith.test.TestDatabase;

/** The highest key of an integer level without a sequence is read through an index, never by scanning the table. */
class HighestKeysIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @Test
    void maxOfTheKeyReadsOneEndOfEachPartitionsIndex() {
        TestCatalog catalog = new TestCatalog(db.dataSource());
        catalog.exec("CREATE TABLE ledger (entry bigint NOT NULL, note text) PARTITION BY RANGE (entry)",
                "CREATE INDEX ON ledger (entry)",
                "CREATE TABLE ledger__p0 PARTITION OF ledger FOR VALUES FROM (0) TO (10000)",
                "CREATE TABLE ledger__p10000 PARTITION OF ledger FOR VALUES FROM (10000) TO (20000)",
                "CREATE TABLE ledger__p20000 PARTITION OF ledger FOR VALUES FROM (20000) TO (30000)",
                "INSERT INTO ledger SELECT g, 'entry ' || g FROM generate_series(0, 24999) g",
                "ANALYZE ledger");

        List<String> plan = catalog.jdbc().queryForList("EXPLAIN " + HighestKeys.query(new QualifiedName("public", "ledger"), "entry"),
                String.class);

        assertThat(String.join("\n", plan)).doesNotContain("Seq Scan").contains("Index Only Scan Backward using ledger__p20000_entry_idx");
        assertThat(catalog.jdbc().queryForObject(HighestKeys.query(new QualifiedName("public", "ledger"), "entry"), Long.class)).isEqualTo(24999);
    }
}
