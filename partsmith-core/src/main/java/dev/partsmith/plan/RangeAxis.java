package dev.partsmith.plan;

import java.time.LocalDateTime;
import java.time.ZoneId;

import dev.partsmith.catalog.KeyPoint;
import dev.partsmith.catalog.PartitionKeyType;
import dev.partsmith.config.IntegerLevel;
import dev.partsmith.config.RangeLevel;
import dev.partsmith.config.TimeLevel;
import dev.partsmith.period.Period;
import dev.partsmith.period.PeriodCalculator;

/**
 * A range level's key axis cut into slots: calendar periods of a time key in the table's zone, or
 * fixed intervals of an integer key. Pure: the same slots for the same level, key type and zone.
 */
public sealed interface RangeAxis {

    /** The axis of {@code level} for a key of {@code keyType}, periods cut in {@code zone}. */
    static RangeAxis of(RangeLevel level, PartitionKeyType keyType, ZoneId zone) {
        if (level instanceof TimeLevel time) {
            return new Time(time.calculator(), keyType, zone, time);
        }
        return new Integers((IntegerLevel) level, keyType);
    }

    /** The slot holding {@code point}. */
    RangeSlot slotContaining(KeyPoint point);

    /** The slot {@code steps} slots after {@code slot} (before it when negative). */
    RangeSlot shift(RangeSlot slot, int steps);

    /** The name of the slot's partition under a table (or a tenant's part of one) named {@code base}. */
    String childName(String base, RangeSlot slot);

    /** Why the slot cannot be a partition of this key, or {@code null} when it can. */
    String unrepresentable(RangeSlot slot, String column);

    /** A point as a literal of the key, for messages. */
    String literal(KeyPoint point);

    /** The axis's slots are not calendar periods. */
    default Period period(RangeSlot slot) {
        return null;
    }

    /** Calendar periods of a time key. */
    record Time(PeriodCalculator calculator, PartitionKeyType keyType, ZoneId zone, TimeLevel level) implements RangeAxis {

        @Override
        public RangeSlot slotContaining(KeyPoint point) {
            return slot(calculator.periodContaining(keyType.localTime(point, zone)));
        }

        @Override
        public RangeSlot shift(RangeSlot slot, int steps) {
            return slot(calculator.shift(slot.period(), steps));
        }

        private RangeSlot slot(Period period) {
            return new RangeSlot(keyType.point(period.start(), zone), keyType.point(period.end(), zone), keyType.literal(period.start(), zone),
                    keyType.literal(period.end(), zone), period.label(), period);
        }

        @Override
        public String childName(String base, RangeSlot slot) {
            return level.childName(base, slot.period());
        }

        @Override
        public String unrepresentable(RangeSlot slot, String column) {
            LocalDateTime start = slot.period().start();
            LocalDateTime end = slot.period().end();
            if (keyType.represents(start) && keyType.represents(end)) {
                return null;
            }
            return "period " + slot.label() + " starts or ends at " + start.toLocalTime() + ", which a " + keyType.sqlName()
                    + " key cannot express: use a granularity of a day or more for column " + column;
        }

        @Override
        public String literal(KeyPoint point) {
            return keyType.literal(point, zone);
        }

        @Override
        public Period period(RangeSlot slot) {
            return slot.period();
        }
    }

    /** Intervals of an integer key aligned on the level's start; the key type's last value closes the last interval. */
    record Integers(IntegerLevel level, PartitionKeyType keyType) implements RangeAxis {

        @Override
        public RangeSlot slotContaining(KeyPoint point) {
            long index = Math.floorDiv(point.value() - level.start(), level.interval());
            return slot(index);
        }

        @Override
        public RangeSlot shift(RangeSlot slot, int steps) {
            return slot(Math.floorDiv(slot.from().value() - level.start(), level.interval()) + steps);
        }

        private RangeSlot slot(long index) {
            KeyPoint from = point(index);
            KeyPoint to = point(index + 1);
            return new RangeSlot(from, to, Long.toString(from.value()), Long.toString(to.value()), Long.toString(from.value()), null);
        }

        /** {@code start + index * interval}, saturating at the axis' ends. */
        private KeyPoint point(long index) {
            try {
                return new KeyPoint(Math.addExact(level.start(), Math.multiplyExact(index, level.interval())));
            }
            catch (ArithmeticException ex) {
                return index < 0 ? KeyPoint.MIN : KeyPoint.MAX;
            }
        }

        @Override
        public String childName(String base, RangeSlot slot) {
            return IntegerLevel.childName(base, slot.from().value());
        }

        @Override
        public String unrepresentable(RangeSlot slot, String column) {
            KeyPoint[] range = keyType.integerRange();
            if (slot.from().isBefore(range[0]) || slot.to().isAfter(new KeyPoint(range[1].value() == Long.MAX_VALUE ? Long.MAX_VALUE
                    : range[1].value() + 1)) || slot.from().infinite() || slot.to().infinite()) {
                return "interval [" + slot.fromLiteral() + ", " + slot.toLiteral() + ") passes the ends of " + keyType.sqlName() + " column "
                        + column + " (" + range[0].value() + " to " + range[1].value() + ")";
            }
            return null;
        }

        @Override
        public String literal(KeyPoint point) {
            return Long.toString(point.value());
        }
    }
}
