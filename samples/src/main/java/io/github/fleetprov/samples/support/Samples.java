package io.github.fleetprov.samples.support;

import io.github.fleetprov.core.InvalidInputException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * What every sample's {@code main} does the same way: exit statuses, a working directory for key
 * files, unique resource names, and printing credentials without their secrets.
 */
public final class Samples {

    /** Exit status of a sample that did what it shows. */
    public static final int OK = 0;
    /** Exit status of a sample whose flow failed. */
    public static final int FAILED = 1;
    /** Exit status of a sample given a bad command line or setting. */
    public static final int BAD_INPUT = 2;

    private static final SecureRandom RANDOM = new SecureRandom();

    private Samples() {
    }

    /**
     * Runs a sample's body and exits the JVM with its status (the emulator's broker and the MQTT
     * clients keep threads that would otherwise keep the JVM alive).
     *
     * @param body the sample; returns its exit status
     */
    public static void exit(Callable<Integer> body) {
        System.exit(run(body, System.out, System.err));
    }

    /**
     * Runs a sample's body and returns its exit status, as {@link #run(Callable, PrintStream, PrintStream)}
     * does with standard output for the usage text.
     *
     * @param body the sample
     * @param err where to report a failure
     * @return the exit status
     */
    public static int run(Callable<Integer> body, PrintStream err) {
        return run(body, System.out, err);
    }

    /**
     * Runs a sample's body and returns its exit status: the body's own; {@link #OK} after printing the
     * usage text when the command line asked for {@code --help}; {@link #BAD_INPUT} for an
     * {@link InvalidInputException}, printed as one line; {@link #FAILED} for any other failure, printed
     * as one line per cause (messages never hold secrets: fleetprov's exceptions are written that way).
     *
     * @param body the sample
     * @param out where the usage text goes
     * @param err where to report a failure
     * @return the exit status
     */
    public static int run(Callable<Integer> body, PrintStream out, PrintStream err) {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        try {
            return body.call();
        } catch (Args.HelpRequested e) {
            out.print(e.usage());
            out.flush();
            return OK;
        } catch (InvalidInputException e) {
            err.println("error: " + e.getMessage());
            return BAD_INPUT;
        } catch (Exception e) {
            err.println("failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            Throwable cause = e.getCause();
            while (cause != null) {
                err.println("  caused by " + cause.getClass().getSimpleName() + ": " + cause.getMessage());
                cause = cause.getCause();
            }
            return FAILED;
        }
    }

    /**
     * The directory a sample writes its files to: {@code --dir} if given, otherwise a new temporary
     * directory. Created with owner-only permissions where the file system has them.
     *
     * @param dir the directory given on the command line, if any
     * @param name a short name for the temporary directory
     * @return the directory
     */
    public static Path workDir(Optional<String> dir, String name) {
        try {
            if (dir.isPresent()) {
                Path path = Path.of(dir.get());
                Files.createDirectories(path);
                return path;
            }
            Path path = Files.createTempDirectory("fleetprov-" + name + "-");
            try {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the temporary directory keeps the platform's defaults
            }
            return path;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the working directory", e);
        }
    }

    /**
     * A short random suffix for resource names, so that runs never collide.
     *
     * @return six lower-case hex digits
     */
    public static String uniqueSuffix() {
        byte[] bytes = new byte[3];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * An access key id shortened for printing: its first four characters (the key type, for example
     * {@code ASIA} for temporary credentials) and an ellipsis.
     *
     * @param accessKeyId the access key id
     * @return the prefix
     */
    public static String accessKeyIdPrefix(String accessKeyId) {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        return accessKeyId.substring(0, Math.min(4, accessKeyId.length())) + "...";
    }
}
