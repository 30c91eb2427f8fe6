package dev.partsmith;

/** Counts in messages and logs, with the noun in the right number: {@code 1 table}, {@code 2 tables}. */
public final class Count {

    private Count() {
    }

    /**
     * {@code count} followed by {@code noun}, with an {@code s} unless the count is one.
     *
     * @param noun a noun whose plural ends in {@code s} (table, row, partition)
     */
    public static String of(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
