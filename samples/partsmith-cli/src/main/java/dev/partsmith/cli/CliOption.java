package dev.partsmith.cli;

import java.util.Collection;

/**
 * One {@code --name} or {@code --name=value} option of a command line, as every command reads it: an option that
 * takes a value and has no {@code =} takes the next argument, which must not look like an option itself.
 *
 * @param name the option's name, without {@code --}
 * @param value its value; {@code null} for a flag written without one
 * @param next the index of the argument after the option (and its value)
 */
record CliOption(String name, String value, int next) {

    /**
     * Reads the option at {@code args[at]}, which starts with {@code --}.
     *
     * @param valued the names of the options that take a value
     * @throws CliUsageException when an option that takes a value has none
     */
    static CliOption read(String[] args, int at, Collection<String> valued) {
        String arg = args[at];
        int equals = arg.indexOf('=');
        String name = equals < 0 ? arg.substring(2) : arg.substring(2, equals);
        if (equals >= 0) {
            return new CliOption(name, arg.substring(equals + 1), at + 1);
        }
        if (!valued.contains(name)) {
            return new CliOption(name, null, at + 1);
        }
        if (at + 1 >= args.length || args[at + 1].startsWith("-")) {
            throw new CliUsageException("--" + name + " needs a value");
        }
        return new CliOption(name, args[at + 1], at + 2);
    }
}
