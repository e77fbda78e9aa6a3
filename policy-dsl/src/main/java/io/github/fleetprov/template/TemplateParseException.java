package io.github.fleetprov.template;

import io.github.fleetprov.core.InvalidInputException;
import org.jspecify.annotations.Nullable;

/**
 * A template body that cannot be read: not JSON, or JSON that is not a valid template. Says where:
 * the JSON pointer of the offending value and its line and column (1-based) in the body.
 */
public final class TemplateParseException extends InvalidInputException {

    private static final long serialVersionUID = 1L;

    private final String pointer;
    private final int line;
    private final int column;

    /**
     * Creates a parse error.
     *
     * @param pointer the JSON pointer of the offending value ({@code ""} for the document)
     * @param line the 1-based line, or 0 if unknown
     * @param column the 1-based column, or 0 if unknown
     * @param problem what is wrong
     * @param fix what to do instead
     * @param cause the underlying failure, or {@code null}
     */
    public TemplateParseException(String pointer, int line, int column, String problem, String fix, @Nullable Throwable cause) {
        super(field(pointer, line, column), problem, fix, cause);
        this.pointer = pointer;
        this.line = line;
        this.column = column;
    }

    private static String field(String pointer, int line, int column) {
        String where = pointer.isEmpty() ? "template body" : pointer;
        return line > 0 ? where + " (line " + line + ", column " + column + ")" : where;
    }

    /**
     * The JSON pointer of the offending value.
     *
     * @return the pointer, {@code ""} for the whole document
     */
    public String pointer() {
        return pointer;
    }

    /**
     * The 1-based line of the offending value.
     *
     * @return the line, or 0 if unknown
     */
    public int line() {
        return line;
    }

    /**
     * The 1-based column of the offending value.
     *
     * @return the column, or 0 if unknown
     */
    public int column() {
        return column;
    }
}
