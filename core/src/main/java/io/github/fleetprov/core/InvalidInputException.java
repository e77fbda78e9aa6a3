package io.github.fleetprov.core;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Input that fleetprov refuses: a bad argument, document, file or setting.
 *
 * <p>The exception names the offending {@link #field() field} (a parameter, a JSON pointer, a file
 * path) and says how to {@link #fix() fix} it. The message is {@code "<field>: <problem>. <fix>"}.
 * Retrying with the same input never helps.
 */
public class InvalidInputException extends FleetProvisioningException {

    private static final long serialVersionUID = 1L;

    private final String field;
    private final String problem;
    private final String fix;

    /**
     * Creates an input error.
     *
     * @param field the offending field, parameter, JSON pointer or file
     * @param problem what is wrong with it (must not contain secret values)
     * @param fix what the caller should do instead
     */
    public InvalidInputException(String field, String problem, String fix) {
        this(field, problem, fix, null);
    }

    /**
     * Creates an input error with a cause.
     *
     * @param field the offending field, parameter, JSON pointer or file
     * @param problem what is wrong with it (must not contain secret values)
     * @param fix what the caller should do instead
     * @param cause the underlying failure, or {@code null}
     */
    public InvalidInputException(String field, String problem, String fix, @Nullable Throwable cause) {
        super(format(field, problem, fix), cause);
        this.field = Objects.requireNonNull(field, "field");
        this.problem = Objects.requireNonNull(problem, "problem");
        this.fix = fix == null ? "" : fix;
    }

    private static String format(String field, String problem, String fix) {
        StringBuilder sb = new StringBuilder().append(field).append(": ").append(problem);
        if (fix != null && !fix.isEmpty()) {
            if (!problem.endsWith(".")) {
                sb.append('.');
            }
            sb.append(' ').append(fix);
        }
        return sb.toString();
    }

    /**
     * The offending field, parameter, JSON pointer or file.
     *
     * @return the field name, never {@code null}
     */
    public String field() {
        return field;
    }

    /**
     * What is wrong with the input.
     *
     * @return the problem, never {@code null}
     */
    public String problem() {
        return problem;
    }

    /**
     * What to do instead; empty if there is nothing more to say than the problem.
     *
     * @return the fix, never {@code null}
     */
    public String fix() {
        return fix;
    }
}
