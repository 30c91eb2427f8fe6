package dev.partsmith.benchmarks;

import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/** One line per measurement on standard error, so a long run shows where it is. */
final class Progress {

    private Progress() {
    }

    static void say(String format, Object... args) {
        System.err.println(LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + " " + String.format(format, args));
    }
}
