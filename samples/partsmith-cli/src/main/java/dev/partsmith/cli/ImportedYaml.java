package dev.partsmith.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import dev.partsmith.cli.ImportedTable.Level;
import dev.partsmith.cli.PartmanConversion.Converted;

/**
 * The partsmith configuration of imported partition sets, as YAML under {@code partsmith.tables}: what an application's
 * {@code application.yml} holds, and what {@code partsmith-cli --config} reads. Written by hand rather than by a YAML
 * library so that each value can carry the comment that says where it comes from; every key and value that YAML would
 * read as anything but the string it is (a name with spaces, {@code on}, {@code null}, {@code 007}) is double-quoted.
 *
 * <p>A table's key is its name. Spring Boot keeps a map key as written only when it is a plain lower-case name, so
 * any other name is written in brackets ({@code "[audit_log]"}); a name that brackets cannot hold, or that another
 * schema's table has already taken, gets a key of its own and {@code table-name}.
 */
final class ImportedYaml {

    /** Keys Spring Boot binds as they are written, and YAML reads as strings unless a word below. */
    private static final Pattern PLAIN_KEY = Pattern.compile("[a-z][a-z0-9-]*");

    /** Values YAML reads as the string they are, unless a word below: {@code created_at}, {@code Europe/Berlin}. */
    private static final Pattern PLAIN_VALUE = Pattern.compile("[A-Za-z_][A-Za-z0-9_./+-]*");

    /** Words YAML 1.1 reads as booleans or null. */
    private static final Set<String> RESERVED = Set.of("y", "n", "yes", "no", "on", "off", "true", "false", "null");

    private static final String INDENT = "    ";

    private ImportedYaml() {
    }

    /**
     * The YAML of {@code sets}, converted ones as tables and refused ones as comments saying why.
     *
     * @param source where pg_partman's configuration was read, for the header
     */
    static String of(String source, List<Converted> sets) {
        StringBuilder yaml = new StringBuilder();
        yaml.append(comment("", "partsmith configuration of the partition sets of " + source + ", imported by partsmith-cli import-pg-partman."))
                .append(comment("", "pg_partman names partitions otherwise than partsmith, so each table adopts them by their bounds (adopt: bounds):"))
                .append(comment("", "partsmith keeps them and retires them by their upper bound. Check it with partsmith-cli plan before you switch."));
        yaml.append("partsmith:\n").append("  tables:");
        boolean any = sets.stream().anyMatch(set -> set.table() != null);
        yaml.append(any ? "\n" : " {}\n");
        Map<ImportedTable, String> keys = keys(sets.stream().map(Converted::table).filter(Objects::nonNull).toList());
        for (Converted set : sets) {
            if (set.table() == null) {
                yaml.append(comment(INDENT, set.parentTable() + " is not converted: " + set.refusal()));
            }
            else {
                table(yaml, set.table(), keys.get(set.table()));
            }
        }
        return yaml.toString();
    }

    /**
     * Each table's key: its name, the tables of schema public first; a name that brackets cannot hold, or that a table
     * of another schema has taken, gets a key made of its schema and name.
     */
    private static Map<ImportedTable, String> keys(List<ImportedTable> tables) {
        Map<ImportedTable, String> keys = new IdentityHashMap<>();
        Set<String> taken = new HashSet<>();
        List<ImportedTable> ordered = new ArrayList<>(tables.stream().filter(table -> table.table().schema().equals("public")).toList());
        tables.stream().filter(table -> !table.table().schema().equals("public")).forEach(ordered::add);
        for (ImportedTable table : ordered) {
            String name = table.table().name();
            if (!name.contains("[") && !name.contains("]") && taken.add(name)) {
                keys.put(table, name);
                continue;
            }
            String cleaned = (table.table().schema() + "-" + name).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
            String base = cleaned.isEmpty() ? "table" : cleaned;
            String key = base;
            for (int n = 2; !taken.add(key); n++) {
                key = base + "-" + n;
            }
            keys.put(table, key);
        }
        return keys;
    }

    private static void table(StringBuilder yaml, ImportedTable table, String key) {
        String name = table.table().name();
        boolean ownKey = key.equals(name);
        String indent = INDENT + "  ";
        yaml.append(INDENT).append(PLAIN_KEY.matcher(key).matches() && !RESERVED.contains(key) ? key : quoted("[" + key + "]")).append(":\n");
        for (String unconverted : table.unconverted()) {
            yaml.append(comment(indent, "not converted: " + unconverted));
        }
        for (String note : table.notes()) {
            yaml.append(comment(indent, note));
        }
        if (!table.table().schema().equals("public")) {
            property(yaml, indent, "schema", scalar(table.table().schema()), null);
        }
        if (!ownKey) {
            property(yaml, indent, "table-name", scalar(name), null);
        }
        level(yaml, indent, table.levels().get(0));
        if (table.dropGrace() != null) {
            property(yaml, indent, "drop-grace", duration(table.dropGrace()), table.dropGraceNote());
        }
        if (table.timezone() != null) {
            property(yaml, indent, "timezone", scalar(table.timezone().getId()), table.timezoneNote());
        }
        property(yaml, indent, "adopt", "bounds", null);
        if (table.levels().size() > 1) {
            yaml.append(indent).append("subpartitions:\n");
            for (Level level : table.levels().subList(1, table.levels().size())) {
                StringBuilder entry = new StringBuilder();
                level(entry, indent + "    ", level);
                yaml.append(indent).append("  - ").append(entry.substring(indent.length() + 4));
            }
        }
    }

    private static void level(StringBuilder yaml, String indent, Level level) {
        property(yaml, indent, "partition-column", scalar(level.column()), null);
        if (level.granularity() != null) {
            property(yaml, indent, "granularity", level.granularity().name().toLowerCase(Locale.ROOT), null);
        }
        if (level.epoch() != null) {
            property(yaml, indent, "epoch", level.epoch().name().toLowerCase(Locale.ROOT), null);
        }
        if (level.interval() != null) {
            property(yaml, indent, "interval", Long.toString(level.interval()), null);
        }
        if (level.start() != null) {
            property(yaml, indent, "start", Long.toString(level.start()), "where pg_partman's intervals are aligned");
        }
        property(yaml, indent, "create-ahead", Integer.toString(level.createAhead()), level.createAheadNote());
        if (level.retention() != null) {
            property(yaml, indent, "retention", Integer.toString(level.retention()), level.retentionNote());
        }
    }

    private static void property(StringBuilder yaml, String indent, String name, String value, String note) {
        yaml.append(indent).append(name).append(": ").append(value);
        if (note != null) {
            yaml.append("  # ").append(escape(note));
        }
        yaml.append('\n');
    }

    /** A duration as Spring Boot reads it: whole days, else seconds. */
    static String duration(Duration duration) {
        if (duration.isZero()) {
            return "0";
        }
        return duration.toSeconds() % 86_400 == 0 ? duration.toDays() + "d" : duration.toSeconds() + "s";
    }

    /** A string value as YAML must write it to read it back as the same string. */
    static String scalar(String value) {
        return PLAIN_VALUE.matcher(value).matches() && !RESERVED.contains(value.toLowerCase(Locale.ROOT)) ? value : quoted(value);
    }

    /** A double-quoted YAML scalar: backslashes and quotes escaped, and whatever {@link #escape} escapes. */
    static String quoted(String value) {
        return '"' + escape(value.replace("\\", "\\\\").replace("\"", "\\\"")) + '"';
    }

    private static String comment(String indent, String text) {
        return indent + "# " + escape(text) + "\n";
    }

    /** Control characters, line separators and byte order marks as four-digit unicode escapes, so that text stays on its line. */
    private static String escape(String text) {
        StringBuilder escaped = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029 || c == 0xfeff) {
                escaped.append(String.format(Locale.ROOT, "\\u%04x", c));
            }
            else {
                escaped.appendCodePoint(c);
            }
        });
        return escaped.toString();
    }
}
