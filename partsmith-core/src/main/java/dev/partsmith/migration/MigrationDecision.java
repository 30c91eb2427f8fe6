package dev.partsmith.migration;

import java.util.Objects;

/**
 * What {@link MigrationPlanner} decided: run a step, nothing left to do, or refuse (with the reason).
 *
 * @param kind run, finished or refused
 * @param step the step to run; {@code null} unless {@link Kind#RUN}
 * @param message why the migration is finished or refused; {@code null} for a step to run
 */
public record MigrationDecision(Kind kind, MigrationStep step, String message) {

    public MigrationDecision {
        Objects.requireNonNull(kind, "kind");
    }

    static MigrationDecision run(MigrationStep step) {
        return new MigrationDecision(Kind.RUN, step, null);
    }

    static MigrationDecision finished(String message) {
        return new MigrationDecision(Kind.FINISHED, null, message);
    }

    static MigrationDecision refused(String message) {
        return new MigrationDecision(Kind.REFUSED, null, message);
    }

    /** What kind of decision. */
    public enum Kind {
        /** Run {@link MigrationDecision#step()}. */
        RUN,
        /** The table is in the wanted form already; nothing to do. */
        FINISHED,
        /** The migration cannot go on; {@link MigrationDecision#message()} says why and what to do. */
        REFUSED
    }
}
