package io.github.fleetprov.device;

import io.github.fleetprov.core.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * Where the user PIN of a PKCS#11 token comes from. The PIN is read each time the token is opened and
 * never appears in {@code toString}, logs or exception messages; only the kind of source does (an
 * environment variable's name, a file's path).
 */
@FunctionalInterface
public interface PinSource {

    /**
     * Reads the PIN.
     *
     * @return a new array holding the PIN; the caller may clear it after use
     * @throws InvalidInputException if the source has no PIN (unset variable, unreadable file)
     */
    char[] pin();

    /**
     * A PIN held in memory (copied).
     *
     * @param pin the PIN, not empty
     * @return the source
     */
    static PinSource of(char[] pin) {
        Objects.requireNonNull(pin, "pin");
        if (pin.length == 0) {
            throw new InvalidInputException("pin", "is empty", "Give the token's user PIN.");
        }
        char[] copy = pin.clone();
        return new PinSource() {
            @Override
            public char[] pin() {
                return copy.clone();
            }

            @Override
            public String toString() {
                return "PinSource[in memory, ***]";
            }
        };
    }

    /**
     * A PIN read from an environment variable each time it is needed.
     *
     * @param variable the variable's name
     * @return the source
     */
    static PinSource environment(String variable) {
        Objects.requireNonNull(variable, "variable");
        return new PinSource() {
            @Override
            public char[] pin() {
                String value = System.getenv(variable);
                if (value == null || value.isEmpty()) {
                    throw new InvalidInputException("pin", "the environment variable " + variable + " is not set",
                            "Set " + variable + " to the token's user PIN, or use another PinSource.");
                }
                return value.toCharArray();
            }

            @Override
            public String toString() {
                return "PinSource[environment " + variable + "]";
            }
        };
    }

    /**
     * A PIN read from the first line of a file each time it is needed (keep the file mode 0600).
     *
     * @param file the file
     * @return the source
     */
    static PinSource file(Path file) {
        Objects.requireNonNull(file, "file");
        return new PinSource() {
            @Override
            public char[] pin() {
                byte[] bytes;
                try {
                    bytes = Files.readAllBytes(file);
                } catch (IOException e) {
                    throw new InvalidInputException("pin", "cannot read the PIN file " + file + " ("
                            + e.getClass().getSimpleName() + ")", "Check that the file exists and is readable.", e);
                }
                try {
                    String text = new String(bytes, StandardCharsets.UTF_8);
                    int end = text.indexOf('\n');
                    String line = (end < 0 ? text : text.substring(0, end)).strip();
                    if (line.isEmpty()) {
                        throw new InvalidInputException("pin", "the PIN file " + file + " is empty",
                                "Write the token's user PIN on the file's first line.");
                    }
                    return line.toCharArray();
                } finally {
                    Arrays.fill(bytes, (byte) 0);
                }
            }

            @Override
            public String toString() {
                return "PinSource[file " + file + "]";
            }
        };
    }
}
