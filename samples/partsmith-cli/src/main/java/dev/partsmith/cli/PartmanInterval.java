package dev.partsmith.cli;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.partsmith.config.PartitionGranularity;

/**
 * A PostgreSQL {@code interval} as pg_partman stores it in {@code partition_interval} and {@code retention}, in the
 * three fields PostgreSQL keeps apart (a month is not a number of days, nor a day a number of hours across daylight
 * saving time), with the rules that turn it into partsmith's granularity and counts.
 *
 * @param months the months (a year is twelve)
 * @param days the days (a week is seven)
 * @param micros the time of day part, in microseconds
 */
record PartmanInterval(int months, int days, long micros) {

    /** pg_partman 4's words for its intervals, which {@code part_config_sub} keeps as they were given. */
    static final Map<String, String> KEYWORDS = Map.of("yearly", "1 year", "quarterly", "3 months", "monthly", "1 month", "weekly", "1 week",
            "daily", "1 day", "hourly", "1 hour", "half-hour", "30 minutes", "quarter-hour", "15 minutes");

    private static final long MICROS_PER_HOUR = 3_600_000_000L;
    private static final long MICROS_PER_DAY = 24 * MICROS_PER_HOUR;

    /** The text PostgreSQL reads as this interval: pg_partman 4's keywords spelled out, anything else as it is. */
    static String sql(String text) {
        String trimmed = text.trim();
        return KEYWORDS.getOrDefault(trimmed.toLowerCase(Locale.ROOT), trimmed);
    }

    /** The partsmith granularity of one partition of this length; empty when there is none (15 minutes, 2 days, 6 months). */
    Optional<PartitionGranularity> granularity() {
        if (months > 0) {
            return days != 0 || micros != 0 ? Optional.empty() : switch (months) {
                case 1 -> Optional.of(PartitionGranularity.MONTH);
                case 3 -> Optional.of(PartitionGranularity.QUARTER);
                case 12 -> Optional.of(PartitionGranularity.YEAR);
                default -> Optional.empty();
            };
        }
        if (months < 0) {
            return Optional.empty();
        }
        long length = days * MICROS_PER_DAY + micros;
        if (length == MICROS_PER_HOUR) {
            return Optional.of(PartitionGranularity.HOUR);
        }
        if (length == MICROS_PER_DAY) {
            return Optional.of(PartitionGranularity.DAY);
        }
        return length == 7 * MICROS_PER_DAY ? Optional.of(PartitionGranularity.WEEK) : Optional.empty();
    }

    /**
     * The partsmith retention (slots kept, counting the current one) that keeps at least what pg_partman's retention
     * of this length keeps on partitions of {@code slot}: pg_partman drops a partition once its upper bound is more
     * than the retention before now, so it keeps the current slot and those that end within the retention. A
     * retention that is not a whole number of slots keeps a number that varies with the time of day or month in
     * pg_partman; partsmith keeps the largest of them.
     */
    Count retention(PartitionGranularity slot) {
        int slotMonths = switch (slot) {
            case MONTH -> 1;
            case QUARTER -> 3;
            case YEAR -> 12;
            default -> 0;
        };
        long timePart = days * MICROS_PER_DAY + micros;
        if (slotMonths > 0) {
            if (timePart == 0) {
                return Count.of(months, slotMonths);
            }
            // A month has at least 28 days: the most months a time span can reach into.
            long spannedMonths = months + ceil(timePart, 28 * MICROS_PER_DAY);
            return new Count(Math.toIntExact(ceil(spannedMonths, slotMonths) + 1), false);
        }
        long slotLength = switch (slot) {
            case HOUR -> MICROS_PER_HOUR;
            case DAY -> MICROS_PER_DAY;
            default -> 7 * MICROS_PER_DAY;
        };
        if (months == 0) {
            return Count.of(timePart, slotLength);
        }
        // A month has at most 31 days, a year at most 366.
        long longest = (months / 12) * 366 * MICROS_PER_DAY + (months % 12) * 31 * MICROS_PER_DAY + timePart;
        return new Count(Math.toIntExact(ceil(longest, slotLength) + 1), false);
    }

    /** Whether the interval is of zero or negative length in some field, which no partition or retention can have. */
    boolean negative() {
        return months < 0 || days < 0 || micros < 0 || months == 0 && days == 0 && micros == 0;
    }

    private static long ceil(long value, long divisor) {
        return Math.floorDiv(value + divisor - 1, divisor);
    }

    /**
     * A partsmith count (slots kept, counting the current one).
     *
     * @param value the count
     * @param exact whether it keeps exactly what pg_partman kept; otherwise it keeps at least that
     */
    record Count(int value, boolean exact) {

        /** The count for a retention of {@code length} on slots of {@code slotLength}: the slots it reaches into, plus the current one. */
        static Count of(long length, long slotLength) {
            return new Count(Math.toIntExact(ceil(length, slotLength) + 1), length % slotLength == 0);
        }
    }
}
