package dev.partsmith.catalog;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The table COMMENT by which partsmith knows its own tables:
 * <pre>
 * partsmith:orphan at=2024-05-01T07:00:00Z parent="public"."events"
 * partsmith:pending-attach at=2024-05-01T07:00:00Z parent="public"."events"
 * </pre>
 * {@code orphan} is written before a detach; only tables carrying it for their parent, detached, and
 * whose grace has elapsed since {@code at} may be dropped. {@code pending-attach} is written with a
 * new partition's table and cleared when it is attached, so that a table created by a run that
 * stopped before its ATTACH is adopted, not mistaken for someone else's.
 *
 * @param prefix the configured marker prefix
 * @param state what the table is waiting for
 * @param at when the marker was written
 * @param parent the parent the table belongs to
 */
public record PartitionMarker(String prefix, State state, Instant at, QualifiedName parent) {

    private static final Pattern FORMAT = Pattern.compile(
            "(?<prefix>[A-Za-z][A-Za-z0-9_.-]*):(?<state>orphan|pending-attach) at=(?<at>\\S+) parent=(?<parent>.+)", Pattern.DOTALL);

    private static final Pattern QUOTED_PAIR = Pattern.compile("\"((?:[^\"]|\"\")*)\"\\.\"((?:[^\"]|\"\")*)\"", Pattern.DOTALL);

    public PartitionMarker {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(parent, "parent");
    }

    /** The COMMENT text. */
    public String format() {
        return prefix + ":" + state.token + " at=" + at + " parent=" + parent.quoted();
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
        Matcher parent = QUOTED_PAIR.matcher(matcher.group("parent"));
        if (!parent.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new PartitionMarker(matcher.group("prefix"), State.of(matcher.group("state")),
                    Instant.parse(matcher.group("at")),
                    new QualifiedName(parent.group(1).replace("\"\"", "\""), parent.group(2).replace("\"\"", "\""))));
        }
        catch (DateTimeParseException ex) {
            return Optional.empty();
        }
    }

    /** Whether this marker was written for {@code parent} under {@code prefix}. */
    public boolean belongsTo(String markerPrefix, QualifiedName parentTable) {
        return prefix.equals(markerPrefix) && parent.equals(parentTable);
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
