package io.github.fleetprov.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code /usr/bin/openssl} (or {@code openssl} on the PATH) for interop tests. Tests skip when
 * openssl is absent, except in CI ({@code CI=true}) where a missing openssl fails them.
 */
public final class OpenSsl {

    /** The result of one openssl run. */
    public record Result(int exitCode, byte[] stdout, String stderr) {
        /** @return stdout as text */
        public String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }
    }

    private OpenSsl() {
    }

    /** Skips the calling test if openssl is missing outside CI; fails it in CI. */
    public static void require() {
        boolean present = executable() != null;
        if ("true".equals(System.getenv("CI"))) {
            assertThat(present).as("openssl must be installed in CI").isTrue();
        } else {
            assumeTrue(present, "openssl is not installed");
        }
    }

    private static String executable() {
        if (Files.isExecutable(Path.of("/usr/bin/openssl"))) {
            return "/usr/bin/openssl";
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                Path p = Path.of(dir, "openssl");
                if (Files.isExecutable(p)) {
                    return p.toString();
                }
            }
        }
        return null;
    }

    /**
     * Runs openssl with arguments and optional stdin.
     *
     * @param stdin bytes for stdin, or null
     * @param args the arguments after {@code openssl}
     * @return the result
     */
    public static Result run(byte[] stdin, String... args) {
        require();
        List<String> command = new ArrayList<>();
        command.add(executable());
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).start();
            if (stdin != null) {
                p.getOutputStream().write(stdin);
            }
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("openssl finished").isTrue();
            return new Result(p.exitValue(), out, err);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs openssl and asserts that it succeeded.
     *
     * @param args the arguments
     * @return the result
     */
    public static Result ok(String... args) {
        return ok(null, args);
    }

    /**
     * Runs openssl with stdin and asserts that it succeeded.
     *
     * @param stdin bytes for stdin
     * @param args the arguments
     * @return the result
     */
    public static Result ok(byte[] stdin, String... args) {
        Result r = run(stdin, args);
        assertThat(r.exitCode()).as("openssl %s failed: %s", String.join(" ", args), r.stderr()).isZero();
        return r;
    }
}
