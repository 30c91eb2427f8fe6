package dev.partsmith.cli;

/** The command line or the configuration it names cannot be used; the CLI exits with 2. */
class CliUsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    CliUsageException(String message) {
        super(message);
    }

    CliUsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
