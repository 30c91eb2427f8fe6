package dev.partsmith.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.partsmith.postgres.DefaultDrain.Found;
import dev.partsmith.postgres.DefaultDrain.Strategy;

class DefaultDrainTest {

    @Test
    void manyRowsAllOfTheRangeSwapTheDefault() {
        assertThat(DefaultDrain.choose(new Found(true, DefaultDrain.SWAP_FROM_ROWS, false))).isEqualTo(Strategy.SWAP);
    }

    @Test
    void fewRowsAreMoved() {
        assertThat(DefaultDrain.choose(new Found(true, DefaultDrain.SWAP_FROM_ROWS - 1, false))).isEqualTo(Strategy.MOVE);
        assertThat(DefaultDrain.choose(new Found(true, 0, false))).isEqualTo(Strategy.MOVE);
    }

    @Test
    void aRowOutsideTheRangeKeepsTheDefault() {
        assertThat(DefaultDrain.choose(new Found(true, DefaultDrain.SWAP_FROM_ROWS, true))).isEqualTo(Strategy.MOVE);
    }

    @Test
    void tablesThatCannotSwapAreMovedInto() {
        assertThat(DefaultDrain.choose(new Found(false, DefaultDrain.SWAP_FROM_ROWS, false))).isEqualTo(Strategy.MOVE);
    }
}
