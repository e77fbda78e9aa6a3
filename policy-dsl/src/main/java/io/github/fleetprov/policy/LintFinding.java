package io.github.fleetprov.policy;

import java.util.Objects;

/**
 * One finding of the policy linter.
 *
 * @param ruleId the stable rule id, e.g. {@code subscribe-on-topic}
 * @param severity how bad it is
 * @param pointer the JSON pointer of the offending value, e.g. {@code /Statement/1/Resource/0}
 * @param message what is wrong
 * @param fix what to write instead
 */
public record LintFinding(String ruleId, Severity severity, String pointer, String message, String fix) {

    /** How bad a finding is. */
    public enum Severity {
        /** AWS refuses the document, or the statement cannot work as written. */
        ERROR,
        /** Works, but grants more than intended or fails in a common situation. */
        WARNING,
        /** Worth knowing. */
        INFO
    }

    /**
     * Checks that no component is {@code null}.
     *
     * @param ruleId the rule id
     * @param severity the severity
     * @param pointer the JSON pointer
     * @param message the message
     * @param fix the fix
     */
    public LintFinding {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(pointer, "pointer");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(fix, "fix");
    }

    /** @return {@code [SEVERITY ruleId] pointer: message. fix} */
    @Override
    public String toString() {
        return "[" + severity + " " + ruleId + "] " + pointer + ": " + message + ". " + fix;
    }
}
