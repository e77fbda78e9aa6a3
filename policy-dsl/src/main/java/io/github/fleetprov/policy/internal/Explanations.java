package io.github.fleetprov.policy.internal;

import io.github.fleetprov.policy.Decision;

/** Computes the text of {@link Decision#explain()}. */
public interface Explanations {

    /**
     * Explains a decision.
     *
     * @param decision the decision
     * @return the explanation
     */
    String explain(Decision decision);
}
