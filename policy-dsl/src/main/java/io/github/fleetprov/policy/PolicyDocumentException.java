package io.github.fleetprov.policy;

import io.github.fleetprov.core.InvalidInputException;
import java.util.Objects;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * A policy document that cannot be read: not JSON, not the shape of a policy, or a policy that
 * fails validation. {@link #pointer()} is the JSON pointer of the offending value; {@link #line()} and
 * {@link #column()} locate it in the text (one-based) when known. {@link #field()} combines them for
 * the message, e.g. {@code /Statement/1/Resource/0 (line 19, column 17)}.
 */
public class PolicyDocumentException extends InvalidInputException {

    private static final long serialVersionUID = 1L;

    /** The JSON pointer. */
    private final String pointer;
    /** The one-based line, or 0. */
    private final int line;
    /** The one-based column, or 0. */
    private final int column;

    /**
     * Creates the exception.
     *
     * @param pointer the JSON pointer of the offending value ({@code ""} for the whole document)
     * @param line the one-based line, or 0 if unknown
     * @param column the one-based column, or 0 if unknown
     * @param problem what is wrong
     * @param fix what to write instead
     * @param cause the parser's failure, or {@code null}
     */
    public PolicyDocumentException(String pointer, int line, int column, String problem, String fix, @Nullable Throwable cause) {
        super(locate(pointer, line, column), problem, fix, cause);
        this.pointer = pointer;
        this.line = line;
        this.column = column;
    }

    private static String locate(String pointer, int line, int column) {
        Objects.requireNonNull(pointer, "pointer");
        String where = pointer.isEmpty() ? "policy document" : pointer;
        return line > 0 ? where + " (line " + line + ", column " + column + ")" : where;
    }

    /** @return the JSON pointer of the offending value; empty for the whole document */
    public String pointer() {
        return pointer;
    }

    /** @return the one-based line of the offending value, if known */
    public OptionalInt line() {
        return line > 0 ? OptionalInt.of(line) : OptionalInt.empty();
    }

    /** @return the one-based column of the offending value, if known */
    public OptionalInt column() {
        return line > 0 ? OptionalInt.of(column) : OptionalInt.empty();
    }
}
