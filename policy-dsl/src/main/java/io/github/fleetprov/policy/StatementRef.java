package io.github.fleetprov.policy;

import java.util.Objects;

/**
 * A statement of one of the policies a {@link PolicyEvaluator} holds.
 *
 * @param policyIndex the position of the policy in the evaluator
 * @param policyName the policy's name if the evaluator was given names, otherwise {@code policy <index>}
 * @param statementIndex the position of the statement in the policy
 * @param statement the statement
 */
public record StatementRef(int policyIndex, String policyName, int statementIndex, IotStatement statement) {

    /**
     * Checks the components.
     *
     * @param policyIndex the policy position
     * @param policyName the policy name
     * @param statementIndex the statement position
     * @param statement the statement
     */
    public StatementRef {
        Objects.requireNonNull(policyName, "policyName");
        Objects.requireNonNull(statement, "statement");
    }

    /** @return the JSON pointer of the statement in its policy, {@code /Statement/<index>} */
    public String pointer() {
        return "/Statement/" + statementIndex;
    }

    /** @return e.g. {@code claim-policy /Statement/2 (Sid Publish)} */
    @Override
    public String toString() {
        return policyName + " " + pointer() + statement.sid().map(s -> " (Sid " + s + ")").orElse("");
    }
}
