package io.github.fleetprov.samples.support;

import io.github.fleetprov.core.FleetProvisioningException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The command-line tools a seed document runs ({@code openssl}, {@code mosquitto}): finding them and
 * running them. A missing tool is skipped by a sample outside CI and fails it in CI
 * ({@code CI=true}), as {@link #requireOrSkip(String)} decides.
 */
public final class Tools {

    private Tools() {
    }

    /**
     * Finds an executable: first in {@code /usr/bin} and {@code /usr/sbin} (where Debian puts
     * {@code openssl} and {@code mosquitto}), then on the {@code PATH}.
     *
     * @param name the executable's name
     * @return its path, empty if it is not installed
     */
    public static Optional<Path> find(String name) {
        List<String> dirs = new ArrayList<>(List.of("/usr/bin", "/usr/sbin"));
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(File.pathSeparator)));
        }
        for (String dir : dirs) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether this run is CI ({@code CI=true}), where a missing tool is a failure, not a skip.
     *
     * @return true in CI
     */
    public static boolean inCi() {
        return "true".equals(System.getenv("CI"));
    }

    /**
     * Finds a tool a step needs: present, its path; missing outside CI, empty (the caller skips the
     * step and says so); missing in CI, a failure.
     *
     * @param name the executable's name
     * @return its path, empty if the step is to be skipped
     * @throws FleetProvisioningException in CI when the tool is missing
     */
    public static Optional<Path> requireOrSkip(String name) {
        Optional<Path> tool = find(name);
        if (tool.isEmpty() && inCi()) {
            throw new FleetProvisioningException(name + " is not installed; CI installs it (.ci/run need_pkg)");
        }
        return tool;
    }

    /**
     * Runs a command to its end (at most 60 seconds) and checks its exit status.
     *
     * @param command the executable and its arguments
     * @return what it printed on standard output
     * @throws FleetProvisioningException if it cannot start, exits non-zero (its standard error is in
     *     the message) or does not finish in time
     */
    public static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(
                    new File("/dev/null"))).start();
            byte[] out = process.getInputStream().readAllBytes();
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new FleetProvisioningException(String.join(" ", command) + " did not finish in 60 seconds");
            }
            if (process.exitValue() != 0) {
                throw new FleetProvisioningException(String.join(" ", command) + " exited with "
                        + process.exitValue() + ": " + err.strip());
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new FleetProvisioningException("cannot run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FleetProvisioningException("interrupted while running " + command.get(0), e);
        }
    }
}
