package dev.partsmith;

/**
 * An online migration of a table (partitioning it, or turning it back into a plain table) cannot go on:
 * the table is not one partsmith can migrate, or what the catalog shows disagrees with the migration's
 * recorded state. The message names the table and says what to do; nothing was changed by the step that
 * refused.
 */
public class TableMigrationException extends PartitionException {

    private static final long serialVersionUID = 1L;

    public TableMigrationException(String message) {
        super(message);
    }
}
