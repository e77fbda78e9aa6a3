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
 * Args args = Args.parse(argv, Set.of("--devices", "--region"), Set.of("--json", "--aws"));
 * int devices = args.intOption("--devices", 25, 1, 10_000);
 * }</pre>
 */
public final class Args {

    private final Map<String, String> options;
    private final Set<String> flags;

    private Args(Map<String, String> options, Set<String> flags) {
        this.options = options;
        this.flags = flags;
    }

    /**
     * Reads a command line.
     *
     * @param argv the arguments
     * @param optionNames the options that take a value
     * @param flagNames the switches that take none
     * @return the parsed command line
     * @throws InvalidInputException naming an unknown argument or an option without its value
     */
    public static Args parse(String[] argv, Set<String> optionNames, Set<String> flagNames) {
        Objects.requireNonNull(argv, "argv");
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
                        "Use " + String.join(", ", sorted(optionNames, flagNames)) + ".");
            }
        }
        return new Args(options, flags);
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
