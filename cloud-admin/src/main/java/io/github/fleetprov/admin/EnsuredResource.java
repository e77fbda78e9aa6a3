package io.github.fleetprov.admin;

import java.util.Objects;

/**
 * A named AWS resource after an idempotent "ensure" (an IAM role, a role alias, a template).
 *
 * @param name the resource name
 * @param arn the resource ARN
 * @param outcome created, updated or unchanged
 */
public record EnsuredResource(String name, String arn, Outcome outcome) {

    /**
     * Validates the parts.
     *
     * @param name the name
     * @param arn the ARN
     * @param outcome the outcome
     */
    public EnsuredResource {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(outcome, "outcome");
    }
}
