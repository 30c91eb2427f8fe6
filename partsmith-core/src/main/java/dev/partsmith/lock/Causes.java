package dev.partsmith.lock;

/** Messages of lock-service errors, without the layers of wrapping around the cause. */
final class Causes {

    private Causes() {
    }

    /** The first line of the innermost cause's message (the driver's or server's own words). */
    static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getName() : root.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
