package io.github.fleetprov.policy;

import io.github.fleetprov.policy.internal.IotPolicyReader;
import io.github.fleetprov.policy.internal.LintRules;
import io.github.fleetprov.policy.internal.PolicyValidator;
import java.util.List;
import java.util.Objects;

/**
 * Finds the mistakes that make AWS IoT close connections without saying why, and the grants that are
 * broader than intended. Each {@link LintFinding} has a rule id, a severity, a JSON pointer, a
 * message and a fix.
 *
 * <p>Rules:
 * <ul>
 *   <li>{@value LintRules#SUBSCRIBE_ON_TOPIC} (error or warning): {@code iot:Subscribe} on a {@code topic/} ARN</li>
 *   <li>{@value LintRules#PUBLISH_RECEIVE_ON_TOPICFILTER} (error or warning): {@code iot:Publish}/{@code iot:Receive}
 *       on a {@code topicfilter/} ARN</li>
 *   <li>{@value LintRules#SUBSCRIBE_WITHOUT_RECEIVE} (warning): a topic filter may be subscribed but no statement
 *       allows receiving its messages</li>
 *   <li>{@value LintRules#OVERLY_BROAD_RESOURCE} (warning): {@code *}, {@code client/*}, {@code topic/*},
 *       {@code topicfilter/*}, {@code thing/*} or {@code $aws/things/*} granted to Connect, Publish, Subscribe,
 *       Receive or the shadow and jobs actions</li>
 *   <li>{@value LintRules#CLIENT_ID_WITHOUT_IS_ATTACHED} (warning): {@code ${iot:ClientId}} in a resource of a
 *       statement without the {@code iot:Connection.Thing.IsAttached} condition</li>
 *   <li>{@value LintRules#MQTT_WILDCARD_IN_DENY} (warning): {@code +} or {@code #} in a Deny resource, where they
 *       are literal</li>
 *   <li>{@value LintRules#TOPICFILTER_DENY_BYPASS} (warning): a Deny on Subscribe that a {@code #} or {@code +}
 *       filter bypasses; deny {@code iot:Receive} instead</li>
 *   <li>{@value LintRules#THING_VARIABLE_NEEDS_CLIENT_ID} (info or warning): thing variables only work when the
 *       client id equals the thing name</li>
 *   <li>{@value LintRules#UNKNOWN_ACTION} (warning): an {@code iot:} action AWS IoT does not define</li>
 *   <li>the checks of {@link IotPolicy.Builder#build()} as errors: structure, wrong resource kind, unknown
 *       variable, size limit (2048 characters without white space)</li>
 * </ul>
 */
public final class PolicyLinter {

    private PolicyLinter() {
    }

    /**
     * Lints a policy.
     *
     * @param policy the policy
     * @return the findings, errors first; empty if the policy is clean
     */
    public static List<LintFinding> lint(IotPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        return LintRules.lint(policy);
    }

    /**
     * Lints a policy document, including what {@link IotPolicy#fromJson(String)} would refuse. A
     * document that is not JSON or not shaped like a policy gives a single error finding whose message
     * has the line and column. A text longer than {@value IotPolicy#MAX_DOCUMENT_LENGTH} characters
     * is not parsed: it gives a single size-limit error.
     *
     * @param json the document
     * @return the findings, errors first
     */
    public static List<LintFinding> lint(String json) {
        Objects.requireNonNull(json, "json");
        PolicyDocumentException tooLong = IotPolicyReader.sizeProblem(json, false);
        if (tooLong != null) {
            return List.of(new LintFinding(PolicyValidator.RULE_SIZE, LintFinding.Severity.ERROR, "",
                    tooLong.problem(), tooLong.fix()));
        }
        IotPolicy policy;
        try {
            policy = IotPolicyReader.readUnvalidated(json);
        } catch (PolicyDocumentException e) {
            String pointer = e.pointer();
            String where = e.line().isPresent() ? " (line " + e.line().getAsInt() + ", column "
                    + e.column().getAsInt() + ")" : "";
            return List.of(new LintFinding(LintRules.STRUCTURE, LintFinding.Severity.ERROR, pointer,
                    e.problem() + where, e.fix()));
        }
        return LintRules.lint(policy);
    }
}
