package io.github.fleetprov.admin;

import java.util.Objects;

/**
 * An AWS IoT policy after an idempotent "ensure".
 *
 * @param name the policy name
 * @param arn the policy ARN
 * @param defaultVersionId the default version after the call
 * @param outcome created, updated (a new default version) or unchanged
 */
public record EnsuredPolicy(String name, String arn, String defaultVersionId, Outcome outcome) {

    /**
     * Validates the parts.
     *
     * @param name the name
     * @param arn the ARN
     * @param defaultVersionId the default version
     * @param outcome the outcome
     */
    public EnsuredPolicy {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(defaultVersionId, "defaultVersionId");
        Objects.requireNonNull(outcome, "outcome");
    }
}
