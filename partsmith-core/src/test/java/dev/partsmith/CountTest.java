package dev.partsmith;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CountTest {

    @Test
    void theNounIsPluralUnlessTheCountIsOne() {
        assertThat(Count.of(1, "table")).isEqualTo("1 table");
        assertThat(Count.of(0, "row")).isEqualTo("0 rows");
        assertThat(Count.of(2, "partition")).isEqualTo("2 partitions");
    }
}
