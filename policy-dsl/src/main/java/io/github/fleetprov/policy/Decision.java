package io.github.fleetprov.policy;

import io.github.fleetprov.policy.internal.Explanations;
import java.util.List;
import java.util.Objects;

/**
 * The answer of a {@link PolicyEvaluator}: allowed, explicitly denied or implicitly denied, with the
 * statements that decided it and the context values that were missing.
 */
public final class Decision {

    /** The three outcomes of AWS IoT policy evaluation. */
    public enum Result {
        /** At least one Allow statement matches and no Deny statement does. */
        ALLOWED,
        /** A Deny statement matches; this wins over every Allow. */
        EXPLICIT_DENY,
        /** No statement allows the request (the default). */
        IMPLICIT_DENY
    }

    private final AuthorizationRequest request;
    private final Result result;
    private final List<StatementRef> decidingStatements;
    private final List<String> missingContext;
    private final Explanations explanations;

    /**
     * Creates a decision; used by the evaluator.
     *
     * @param request the request
     * @param result the outcome
     * @param decidingStatements the matching Allow statements (ALLOWED) or Deny statements (EXPLICIT_DENY)
     * @param missingContext descriptions of context values that were needed and missing
     * @param explanations computes {@link #explain()}
     */
    Decision(AuthorizationRequest request, Result result, List<StatementRef> decidingStatements,
            List<String> missingContext, Explanations explanations) {
        this.request = Objects.requireNonNull(request, "request");
        this.result = Objects.requireNonNull(result, "result");
        this.decidingStatements = List.copyOf(decidingStatements);
        this.missingContext = List.copyOf(missingContext);
        this.explanations = explanations;
    }

    /** @return the request this decision answers */
    public AuthorizationRequest request() {
        return request;
    }

    /** @return the outcome */
    public Result result() {
        return result;
    }

    /** @return {@code true} if the outcome is {@link Result#ALLOWED} */
    public boolean isAllowed() {
        return result == Result.ALLOWED;
    }

    /**
     * The statements that decided: every matching Allow statement if allowed, every matching Deny
     * statement if explicitly denied, none if implicitly denied.
     *
     * @return the deciding statements
     */
    public List<StatementRef> decidingStatements() {
        return decidingStatements;
    }

    /**
     * Context values that statements needed and the connection did not provide, e.g.
     * {@code iot:Connection.Thing.ThingName (no thing named after client id 'x' is attached)}.
     *
     * @return the descriptions; empty if nothing was missing
     */
    public List<String> missingContext() {
        return missingContext;
    }

    /**
     * A human explanation: for a denied request, which statement would have to change and how.
     *
     * @return the explanation, several lines
     */
    public String explain() {
        return explanations.explain(this);
    }

    /** @return e.g. {@code IMPLICIT_DENY iot:Subscribe arn:aws:iot:...} */
    @Override
    public String toString() {
        return result + " " + request.action() + " " + request.resource();
    }
}
