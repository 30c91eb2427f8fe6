package dev.partsmith.catalog;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The table COMMENT by which partsmith knows its own tables:
 * <pre>
 * partsmith:orphan at=2024-05-01T07:00:00Z parent="public"."events" table="public"."events__2024_01" bounds=FOR VALUES FROM (...) TO (...)
 * partsmith:pending-attach at=2024-05-01T07:00:00Z parent="public"."events" table="public"."events__2024_05" bounds=FOR VALUES FROM (...) TO (...)
 * </pre>
 * {@code orphan} is written before a detach; only tables carrying it for their parent and for their
 * own name, detached, and whose grace has elapsed since {@code at} may be dropped. {@code pending-attach}
 * is written with a new partition's table and cleared when it is attached, so that a table created by
 * a run that stopped before its ATTACH is adopted, not mistaken for someone else's.
 *
 * <p>A marker binds to the table it was written for: a renamed table keeps its COMMENT, but
 * {@link #boundTo(QualifiedName)} no longer holds, and partsmith leaves it alone. {@code bounds} records
 * the range the table covered (or was made for) as PostgreSQL printed it; it is read to decide whether
 * the range is wanted again, and never executed.
 *
 * @param prefix the configured marker prefix
 * @param state what the table is waiting for
 * @param at when the marker was written
 * @param parent the parent the table belongs to
 * @param table the table the marker was written for; {@code null} in a marker that does not name it
 * @param bounds the table's range as {@code FOR VALUES ...}; {@code null} when the marker does not record it
 */
public record PartitionMarker(String prefix, State state, Instant at, QualifiedName parent, QualifiedName table, String bounds) {

    private static final String QUOTED_PAIR = "\"(?:[^\"]|\"\")*\"\\.\"(?:[^\"]|\"\")*\"";

    private static final Pattern FORMAT = Pattern.compile("(?<prefix>[A-Za-z][A-Za-z0-9_.-]*):(?<state>orphan|pending-attach) at=(?<at>\\S+)"
            + " parent=(?<parent>" + QUOTED_PAIR + ")(?: table=(?<table>" + QUOTED_PAIR + "))?(?: bounds=(?<bounds>FOR VALUES .+))?",
            Pattern.DOTALL);

    private static final Pattern PAIR = Pattern.compile("\"((?:[^\"]|\"\")*)\"\\.\"((?:[^\"]|\"\")*)\"", Pattern.DOTALL);

    public PartitionMarker {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(parent, "parent");
    }

    /** A marker for {@code table} of {@code parent}, recording the range {@code bounds} ({@code FOR VALUES ...}). */
    public static PartitionMarker of(String prefix, State state, Instant at, QualifiedName parent, QualifiedName table, String bounds) {
        return new PartitionMarker(prefix, state, at, parent, Objects.requireNonNull(table, "table"), bounds);
    }

    /** The COMMENT text. */
    public String format() {
        return prefix + ":" + state.token + " at=" + at + " parent=" + parent.quoted() + (table == null ? "" : " table=" + table.quoted())
                + (bounds == null ? "" : " bounds=" + bounds);
    }

    /** Reads a COMMENT; empty when it is not a partsmith marker. */
    public static Optional<PartitionMarker> parse(String comment) {
        if (comment == null) {
            return Optional.empty();
        }
        Matcher matcher = FORMAT.matcher(comment);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new PartitionMarker(matcher.group("prefix"), State.of(matcher.group("state")), Instant.parse(matcher.group("at")),
                    name(matcher.group("parent")), matcher.group("table") == null ? null : name(matcher.group("table")),
                    matcher.group("bounds")));
        }
        catch (DateTimeParseException ex) {
            return Optional.empty();
        }
    }

    private static QualifiedName name(String quotedPair) {
        Matcher pair = PAIR.matcher(quotedPair);
        if (!pair.matches()) {
            throw new IllegalStateException("not a quoted schema-qualified name: " + quotedPair);
        }
        return new QualifiedName(pair.group(1).replace("\"\"", "\""), pair.group(2).replace("\"\"", "\""));
    }

    /** Whether this marker was written for {@code parent} under {@code prefix}. */
    public boolean belongsTo(String markerPrefix, QualifiedName parentTable) {
        return prefix.equals(markerPrefix) && parent.equals(parentTable);
    }

    /** Whether this marker was written for the table that carries it now (not for one renamed since, nor in a marker that names none). */
    public boolean boundTo(QualifiedName carrier) {
        return carrier.equals(table);
    }

    /** When the drop grace of a table marked at {@link #at()} ends. */
    public Instant graceEnd(Duration grace) {
        return at.plus(grace);
    }

    /** Whether the drop grace has elapsed at {@code now}: the one rule for when a marked table may go. */
    public boolean graceElapsed(Duration grace, Instant now) {
        return !now.isBefore(graceEnd(grace));
    }

    /** What a marked table waits for. */
    public enum State {
        /** Detached, or about to be, by retention; dropped once its grace has elapsed. */
        ORPHAN("orphan"),
        /** Created as a new partition; attached by this run or the next. */
        PENDING_ATTACH("pending-attach");

        private final String token;

        State(String token) {
            this.token = token;
        }

        static State of(String token) {
            return token.equals(ORPHAN.token) ? ORPHAN : PENDING_ATTACH;
        }
    }
}
