package dev.partsmith.postgres;

import java.sql.SQLException;

import org.springframework.transaction.TransactionSystemException;

/** The PostgreSQL error codes partsmith reacts to, and reading them out of Spring's exceptions. */
final class SqlStates {

    /** {@code lock_not_available}: lock_timeout expired. The only code that is retried. */
    static final String LOCK_NOT_AVAILABLE = "55P03";
    /** {@code duplicate_table}. */
    static final String DUPLICATE_TABLE = "42P07";
    /** {@code undefined_table}. */
    static final String UNDEFINED_TABLE = "42P01";
    /** {@code foreign_key_violation}: rows elsewhere still reference the partition. */
    static final String FOREIGN_KEY_VIOLATION = "23503";
    /** {@code dependent_objects_still_exist}: a view or a foreign key depends on the table. */
    static final String DEPENDENT_OBJECTS_STILL_EXIST = "2BP01";
    /** {@code query_canceled}: statement_timeout expired (or the statement was cancelled). */
    static final String QUERY_CANCELED = "57014";
    /** {@code serialization_failure}: among others, a row to be locked was moved to another partition meanwhile. */
    static final String SERIALIZATION_FAILURE = "40001";
    /** {@code check_violation}: a row breaks a CHECK constraint (one being validated, for instance). */
    static final String CHECK_VIOLATION = "23514";
    /** {@code insufficient_privilege}. */
    static final String INSUFFICIENT_PRIVILEGE = "42501";

    private SqlStates() {
    }

    /** The SQLSTATE of the first {@link SQLException} in the cause chain, or {@code null}. */
    static String of(Throwable error) {
        for (Throwable cause = original(error); cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    /** The database's own message (first SQLException in the chain), without Spring's wrapping. */
    static String message(Throwable error) {
        for (Throwable cause = original(error); cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                return sql.getMessage();
            }
        }
        return error.getMessage();
    }

    /**
     * The error that failed the work: when the rollback after it failed too (as it does once the
     * server terminated the connection), Spring throws the rollback's error and keeps the first as
     * its application exception.
     */
    private static Throwable original(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof TransactionSystemException rollback && rollback.getApplicationException() != null) {
                return rollback.getApplicationException();
            }
        }
        return error;
    }

    static boolean is(Throwable error, String state) {
        return state.equals(of(error));
    }
}
