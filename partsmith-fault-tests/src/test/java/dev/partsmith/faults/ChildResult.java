package dev.partsmith.faults;

import dev.partsmith.lifecycle.MaintenanceResult;

/**
 * One {@link MaintenanceResult} as a maintainer in another JVM reported it on a protocol line:
 * {@code @@RESULT round maintainer table outcome created detached dropped moved skippedReason error},
 * tab-separated, with tabs, newlines and backslashes escaped.
 */
record ChildResult(int round, int maintainer, String table, MaintenanceResult.Outcome outcome, int created, int detached,
        int dropped, long moved, String skippedReason, String error) {

    static final String PREFIX = "@@RESULT\t";

    static String line(int round, int maintainer, MaintenanceResult result) {
        return PREFIX + String.join("\t", String.valueOf(round), String.valueOf(maintainer), result.table().toString(),
                result.outcome().name(), String.valueOf(result.createdCount()), String.valueOf(result.detachedCount()),
                String.valueOf(result.droppedCount()), String.valueOf(result.movedRowCount()), escape(result.skippedReason()),
                escape(result.error()));
    }

    static ChildResult parse(String line) {
        String[] fields = line.substring(PREFIX.length()).split("\t", -1);
        return new ChildResult(Integer.parseInt(fields[0]), Integer.parseInt(fields[1]), fields[2],
                MaintenanceResult.Outcome.valueOf(fields[3]), Integer.parseInt(fields[4]), Integer.parseInt(fields[5]),
                Integer.parseInt(fields[6]), Long.parseLong(fields[7]), unescape(fields[8]), unescape(fields[9]));
    }

    private static String escape(String text) {
        if (text == null) {
            return "\\0";
        }
        return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
    }

    private static String unescape(String text) {
        if (text.equals("\\0")) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char next = text.charAt(++i);
                out.append(next == 't' ? '\t' : next == 'n' ? '\n' : next);
            }
            else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
