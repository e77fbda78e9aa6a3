package io.github.fleetprov.device;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Command-line tools the tests drive: found on {@code PATH} (or at a given path); a test is skipped where
 * a tool is missing, except in CI ({@code CI=true}), where a missing tool fails it.
 */
final class Tools {

    private Tools() {
    }

    /**
     * The tool's path, or the test is skipped (failed in CI).
     *
     * @param name the executable's name, or an absolute path
     * @param install how CI installs it
     * @return the path
     */
    static Path require(String name, String install) {
        Optional<Path> found = find(name);
        if (found.isEmpty() && "true".equals(System.getenv("CI"))) {
            fail(name + " is not installed; CI must install it (" + install + ").");
        }
        assumeTrue(found.isPresent(), name + " is not installed");
        return found.get();
    }

    static Optional<Path> find(String name) {
        if (name.startsWith("/")) {
            Path p = Path.of(name);
            return Files.isReadable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
