package io.github.fleetprov.samples.support;

import io.github.fleetprov.core.InvalidInputException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The command line of a sample: {@code --name value} options and {@code --flag} switches, checked
 * against the names the sample declares.
 *
 * <pre>{@code
 * Args args = Args.parse(argv, USAGE, Set.of("--devices", "--region"), Set.of("--json", "--aws"));
 * int devices = args.intOption("--devices", 25, 1, 10_000);
 * }</pre>
 *
 * <p>{@code --help} (or {@code -h}) anywhere on the command line asks for the usage text:
 * {@link #parse(String[], String, Set, Set) parse} throws {@link HelpRequested}, which
 * {@link Samples#run} prints to standard output, exiting 0.
 */
public final class Args {

    private final Map<String, String> options;
    private final Set<String> flags;

    private Args(Map<String, String> options, Set<String> flags) {
        this.options = options;
        this.flags = flags;
    }

    /** The switches that ask for the usage text instead of a run. */
    public static final Set<String> HELP = Set.of("--help", "-h");

    /**
     * The command line asked for help ({@code --help} or {@code -h}): not a failure. {@link Samples#run}
     * prints {@link #usage()} to standard output and returns {@link Samples#OK}.
     */
    public static final class HelpRequested extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final String usage;

        /**
         * Creates the request.
         *
         * @param usage the program's usage text
         */
        public HelpRequested(String usage) {
            super("help requested", null, false, false);
            this.usage = Objects.requireNonNull(usage, "usage");
        }

        /**
         * The program's usage text.
         *
         * @return the text, ending with a line break
         */
        public String usage() {
            return usage.endsWith("\n") ? usage : usage + "\n";
        }
    }

    /**
     * Reads a command line; {@code --help} gets a usage text made from the option names.
     *
     * @param argv the arguments
     * @param optionNames the options that take a value
     * @param flagNames the switches that take none
     * @return the parsed command line
     * @throws InvalidInputException naming an unknown argument or an option without its value
     * @throws HelpRequested if the command line asks for help
     */
    public static Args parse(String[] argv, Set<String> optionNames, Set<String> flagNames) {
        return parse(argv, null, optionNames, flagNames);
    }

    /**
     * Reads a command line.
     *
     * @param argv the arguments
     * @param usage what {@code --help} prints: the program's synopsis and its options, one a line
     *     ({@code null} for a synopsis made from the option names)
     * @param optionNames the options that take a value
     * @param flagNames the switches that take none
     * @return the parsed command line
     * @throws InvalidInputException naming an unknown argument or an option without its value
     * @throws HelpRequested if the command line asks for help
     */
    public static Args parse(String[] argv, String usage, Set<String> optionNames, Set<String> flagNames) {
        Objects.requireNonNull(argv, "argv");
        Objects.requireNonNull(optionNames, "optionNames");
        Objects.requireNonNull(flagNames, "flagNames");
        for (String arg : argv) {
            if (HELP.contains(arg)) {
                throw new HelpRequested(usage != null ? usage : synopsis(optionNames, flagNames));
            }
        }
        Map<String, String> options = new HashMap<>();
        Set<String> flags = new java.util.HashSet<>();
        for (int i = 0; i < argv.length; i++) {
            String arg = argv[i];
            if (arg.isBlank()) {
                continue;
            }
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (optionNames.contains(name)) {
                if (value == null) {
                    if (i + 1 >= argv.length || argv[i + 1].startsWith("--")) {
                        throw new InvalidInputException(name, "has no value", "Write " + name + " <value>.");
                    }
                    value = argv[++i];
                }
                options.put(name, value);
            } else if (flagNames.contains(name) && value == null) {
                flags.add(name);
            } else {
                throw new InvalidInputException(arg, "is not an argument of this program",
                        "Use " + String.join(", ", sorted(optionNames, flagNames)) + " (--help says what they do).");
            }
        }
        return new Args(options, flags);
    }

    private static String synopsis(Set<String> optionNames, Set<String> flagNames) {
        StringBuilder sb = new StringBuilder("usage:");
        for (String name : sorted(optionNames, flagNames)) {
            sb.append(" [").append(name).append(optionNames.contains(name) ? " VALUE]" : "]");
        }
        return sb.append(" [--help]").toString();
    }

    private static List<String> sorted(Set<String> a, Set<String> b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        all.sort(null);
        return all;
    }

    /**
     * Whether a switch was given.
     *
     * @param name the switch, for example {@code --json}
     * @return {@code true} if it was given
     */
    public boolean flag(String name) {
        return flags.contains(name);
    }

    /**
     * The value of an option.
     *
     * @param name the option
     * @return the value, empty if the option was not given
     */
    public Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    /**
     * The value of an integer option.
     *
     * @param name the option
     * @param defaultValue the value when the option is absent
     * @param min the smallest value allowed
     * @param max the largest value allowed
     * @return the value
     * @throws InvalidInputException if the value is not an integer in range
     */
    public int intOption(String name, int defaultValue, int min, int max) {
        String text = options.get(name);
        if (text == null) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value < min || value > max) {
                throw new InvalidInputException(name, value + " is out of range",
                        "Give a number from " + min + " to " + max + ".");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new InvalidInputException(name, "'" + text + "' is not a number",
                    "Give a number from " + min + " to " + max + ".");
        }
    }
}
