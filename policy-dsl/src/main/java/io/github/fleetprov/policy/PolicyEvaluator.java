package io.github.fleetprov.policy;

import io.github.fleetprov.policy.internal.CompiledPolicies;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Evaluates AWS IoT policies offline, with AWS IoT's rules: default deny, an explicit Deny wins,
 * {@code *} and {@code ?} are wildcards in resources while MQTT's {@code +} and {@code #} are literal,
 * Subscribe is checked against the literal topic filter, and policy variables are substituted from
 * the {@link ConnectionContext} (thing variables only for an attached thing named like the client id;
 * certificate values with {@code * $ + ? #}, longer than 1,024 characters or with an index out of range
 * are left unsubstituted, so the statement cannot match; {@code ${iot:ClientId}} is substituted even
 * when the client id is {@code +} or {@code #}).
 *
 * <p>The policies are compiled once when the evaluator is created. Instances are immutable and
 * thread-safe; {@link #evaluate(AuthorizationRequest)} can be called concurrently for every packet.
 */
public final class PolicyEvaluator {

    private final CompiledPolicies compiled;

    private PolicyEvaluator(List<String> names, List<IotPolicy> policies) {
        this.compiled = new CompiledPolicies(names, policies);
    }

    /**
     * Compiles the policies attached to one principal (the union of their statements applies).
     *
     * @param policies the policies; may be empty (everything is then implicitly denied)
     * @return the evaluator
     */
    public static PolicyEvaluator of(Collection<IotPolicy> policies) {
        Objects.requireNonNull(policies, "policies");
        List<String> names = new ArrayList<>();
        List<IotPolicy> list = new ArrayList<>();
        for (IotPolicy p : policies) {
            names.add("policy " + list.size());
            list.add(Objects.requireNonNull(p, "policy"));
        }
        return new PolicyEvaluator(names, list);
    }

    /**
     * Compiles the given policies.
     *
     * @param policies the policies
     * @return the evaluator
     */
    public static PolicyEvaluator of(IotPolicy... policies) {
        return of(List.of(policies));
    }

    /**
     * Compiles named policies; decisions then name the policy of each deciding statement.
     *
     * @param policies the policies by name, in iteration order
     * @return the evaluator
     */
    public static PolicyEvaluator ofNamed(Map<String, IotPolicy> policies) {
        Objects.requireNonNull(policies, "policies");
        List<String> names = new ArrayList<>();
        List<IotPolicy> list = new ArrayList<>();
        policies.forEach((name, p) -> {
            names.add(Objects.requireNonNull(name, "name"));
            list.add(Objects.requireNonNull(p, "policy"));
        });
        return new PolicyEvaluator(names, list);
    }

    /**
     * Decides a request.
     *
     * @param request the request
     * @return the decision
     */
    public Decision evaluate(AuthorizationRequest request) {
        Objects.requireNonNull(request, "request");
        CompiledPolicies.Outcome o = compiled.evaluate(request);
        return new Decision(request, o.result(), o.deciding(), o.missing(), compiled);
    }

    /**
     * Decides a request; same as {@code evaluate(AuthorizationRequest.of(action, resourceArn, context))}.
     *
     * @param action the action
     * @param resourceArn the resource ARN
     * @param context the connection
     * @return the decision
     */
    public Decision evaluate(IotAction action, String resourceArn, ConnectionContext context) {
        return evaluate(AuthorizationRequest.of(action, resourceArn, context));
    }

    /**
     * Whether a request is allowed, without building a {@link Decision}: the fastest check, for
     * enforcing on every packet.
     *
     * @param action the action
     * @param resourceArn the resource ARN
     * @param context the connection
     * @return {@code true} if allowed
     */
    public boolean isAllowed(IotAction action, String resourceArn, ConnectionContext context) {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resourceArn, "resourceArn");
        Objects.requireNonNull(context, "context");
        return compiled.isAllowed(action, resourceArn, context);
    }

    /** @return the policies, in evaluator order */
    public List<IotPolicy> policies() {
        return compiled.policies();
    }
}
