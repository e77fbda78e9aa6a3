package io.github.fleetprov.samples.support;

import java.io.PrintStream;
import java.util.Objects;

/**
 * A progress bar on a terminal, or one plain line per 10% when there is none (CI logs, pipes).
 *
 * <p>On a terminal the bar is redrawn in place with a carriage return:
 * <pre>
 * provisioning [##############..............]  12/25  48%  0 failed
 * </pre>
 * Without one, a line is printed each time another tenth of the work is done. Thread-safe.
 */
public final class Progress {

    private static final int WIDTH = 30;

    private final PrintStream out;
    private final String label;
    private final int total;
    private final boolean interactive;
    private int done;
    private int failed;
    private int lastDecile;

    /**
     * A progress display.
     *
     * @param out where to print (standard error, so that standard output stays machine-readable)
     * @param label what is counted, for example {@code provisioning}
     * @param total the number of items, at least 1
     * @param interactive {@code true} to redraw a bar in place, {@code false} for one line per 10%
     */
    public Progress(PrintStream out, String label, int total, boolean interactive) {
        this.out = Objects.requireNonNull(out, "out");
        this.label = Objects.requireNonNull(label, "label");
        if (total < 1) {
            throw new IllegalArgumentException("total must be at least 1, was " + total);
        }
        this.total = total;
        this.interactive = interactive;
    }

    /**
     * A progress display that redraws in place when the JVM has a console, and prints a line per 10%
     * otherwise.
     *
     * @param out where to print
     * @param label what is counted
     * @param total the number of items
     * @return the display
     */
    public static Progress forConsole(PrintStream out, String label, int total) {
        return new Progress(out, label, total, System.console() != null);
    }

    /**
     * Counts one item as done.
     *
     * @param succeeded whether it succeeded
     */
    public synchronized void advance(boolean succeeded) {
        if (done >= total) {
            return;
        }
        done++;
        if (!succeeded) {
            failed++;
        }
        if (interactive) {
            out.print('\r' + bar());
            if (done == total) {
                out.println();
            }
            out.flush();
            return;
        }
        int decile = done * 10 / total;
        if (decile > lastDecile) {
            lastDecile = decile;
            out.println(line());
            out.flush();
        }
    }

    private String bar() {
        int filled = done * WIDTH / total;
        return String.format("%s [%s%s] %" + digits() + "d/%d %3d%%  %d failed", label, "#".repeat(filled),
                ".".repeat(WIDTH - filled), done, total, done * 100 / total, failed);
    }

    private String line() {
        return String.format("%s %" + digits() + "d/%d %3d%%  %d failed", label, done, total, done * 100 / total,
                failed);
    }

    private int digits() {
        return Integer.toString(total).length();
    }

    /**
     * Items done so far.
     *
     * @return the count
     */
    public synchronized int done() {
        return done;
    }

    /**
     * Items that failed so far.
     *
     * @return the count
     */
    public synchronized int failed() {
        return failed;
    }
}
