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
 *   <li>{@value LintRules#SUBSCRIBE_ON_TOPIC} (error): {@code iot:Subscribe} on a {@code topic/} ARN, at the
 *       action when no resource of the statement fits it and at each such resource</li>
 *   <li>{@value LintRules#PUBLISH_RECEIVE_ON_TOPICFILTER} (error): {@code iot:Publish}/{@code iot:Receive}
 *       on a {@code topicfilter/} ARN, likewise</li>
 *   <li>{@value LintRules#RESOURCE_CANNOT_MATCH} (error, at {@code /Statement/i/Resource/j}): a resource that
 *       matches nothing: not an ARN, an unknown partition, a service other than {@code iot} for AWS IoT actions,
 *       a region that is not region-shaped, an account id that is not 12 digits, or a resource type that no
 *       action of the statement is authorized on ({@code iot:Connect} on {@code client/}, {@code iot:Publish}
 *       and {@code iot:Receive} on {@code topic/}, {@code iot:Subscribe} on {@code topicfilter/}). Fields with
 *       {@code *}, {@code ?} or a policy variable are not judged, nor the fields after a {@code *} or a
 *       variable. The placeholders of documentation ({@code region}, {@code account-id}) are flagged: AWS IoT
 *       stores such a policy, and it never matches</li>
 *   <li>{@value LintRules#CLAIM_CANNOT_PROVISION} (error in a {@link PolicyPurpose#CLAIM claim policy}, warning
 *       in a policy that names a provisioning template): no {@code iot:Publish} on the RegisterThing topic
 *       {@code $aws/provisioning-templates/<name>/provision/json} (or {@code cbor}) of any template it names;
 *       for a claim policy also none on {@code $aws/certificates/create[-from-csr]/<format>}</li>
 *   <li>{@value LintRules#PROVISIONING_REPLY_NOT_RECEIVED} (error in a claim policy, warning elsewhere): a
 *       Subscribe on a topic filter covering fleet provisioning reply topics ({@code .../accepted},
 *       {@code .../rejected}) without {@code iot:Receive} on them</li>
 *   <li>{@value LintRules#SUBSCRIBE_WITHOUT_RECEIVE} (warning): a topic filter may be subscribed but no statement
 *       allows receiving its messages (fleet provisioning reply topics have their own rule, below)</li>
 *   <li>{@value LintRules#OVERLY_BROAD_RESOURCE} (warning): {@code *}, {@code client/*}, {@code topic/*},
 *       {@code topicfilter/*}, {@code thing/*} or {@code $aws/things/*} granted to Connect, Publish, Subscribe,
 *       Receive or the shadow and jobs actions; and {@code Resource: "*"} with a service wildcard action of any
 *       service ({@code iot:*}, {@code greengrass:*}, {@code *})</li>
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
        return lint(policy, PolicyPurpose.GENERAL);
    }

    /**
     * Lints a policy written for a purpose: a {@link PolicyPurpose#CLAIM claim policy} that cannot
     * finish fleet provisioning gives errors where a general policy gives warnings.
     *
     * @param policy the policy
     * @param purpose what the policy is for
     * @return the findings, errors first; empty if the policy is clean
     */
    public static List<LintFinding> lint(IotPolicy policy, PolicyPurpose purpose) {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(purpose, "purpose");
        return LintRules.lint(policy, purpose);
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
        return lint(json, PolicyPurpose.GENERAL);
    }

    /**
     * Lints a policy document written for a purpose; see {@link #lint(String)} and
     * {@link #lint(IotPolicy, PolicyPurpose)}.
     *
     * @param json the document
     * @param purpose what the policy is for
     * @return the findings, errors first
     */
    public static List<LintFinding> lint(String json, PolicyPurpose purpose) {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(purpose, "purpose");
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
        return LintRules.lint(policy, purpose);
    }
}
