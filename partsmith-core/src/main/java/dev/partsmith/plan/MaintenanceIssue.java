package dev.partsmith.plan;

import java.util.Objects;

/**
 * Something a plan or a run could not do as wanted.
 *
 * @param step where it happened
 * @param severity {@link Severity#ERROR} makes the run unsuccessful; {@link Severity#WARNING} does not
 * @param partition the partition concerned, {@code schema.name}; {@code null} when the whole table is
 * @param message what happened and, where partsmith knows, what to do about it
 */
public record MaintenanceIssue(MaintenanceIssueStep step, Severity severity, String partition, String message) {

    public MaintenanceIssue {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
    }

    public static MaintenanceIssue error(MaintenanceIssueStep step, String partition, String message) {
        return new MaintenanceIssue(step, Severity.ERROR, partition, message);
    }

    public static MaintenanceIssue warning(MaintenanceIssueStep step, String partition, String message) {
        return new MaintenanceIssue(step, Severity.WARNING, partition, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    @Override
    public String toString() {
        return severity + " " + step + (partition == null ? "" : " " + partition) + ": " + message;
    }

    /** How much an issue counts. */
    public enum Severity {
        ERROR,
        WARNING
    }
}
