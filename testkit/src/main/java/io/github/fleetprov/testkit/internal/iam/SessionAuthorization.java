package io.github.fleetprov.testkit.internal.iam;

import io.github.fleetprov.policy.Decision;
import io.github.fleetprov.policy.IotAction;
import io.github.fleetprov.policy.IotPolicy;
import io.github.fleetprov.policy.ConnectionContext;
import io.github.fleetprov.policy.PolicyEvaluator;
import io.github.fleetprov.testkit.internal.http.AwsApiException;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Authorizes control-plane calls signed with temporary credentials that this emulator issued (through
 * the IoT credentials provider or STS) by the identity-based policies of the assumed role, as AWS IAM
 * does for every AWS API call: an action is allowed only if a statement of the role's inline policies
 * allows it on the resource and none denies it (IAM User Guide, "Policy evaluation logic"). A refusal is
 * HTTP 403 {@code AccessDeniedException} with IAM's wording ("User: ... is not authorized to perform:
 * iot:UpdateCertificate on resource: ..."). This is what a device's role alias meets when the device
 * calls AWS services with the credentials provider's credentials (AWS IoT Core developer guide,
 * "Authorizing direct calls to AWS services using AWS IoT Core credential provider").
 *
 * <p>Requests signed with access keys this emulator did not issue (an administrator's, a test's dummy
 * keys) are not checked, as before. The signature itself is not recomputed; the session token must be
 * the one issued with the access key. Managed policies attached to the role carry no document here and
 * grant nothing; conditions are evaluated by policy-dsl's evaluator with no request context.
 */
public final class SessionAuthorization {

    private final IamState iam;

    /**
     * Creates the authorization over the emulator's IAM state.
     *
     * @param iam roles and issued sessions
     */
    public SessionAuthorization(IamState iam) {
        this.iam = Objects.requireNonNull(iam, "iam");
    }

    /**
     * Checks one call.
     *
     * @param action the IAM action, e.g. {@code iot:UpdateCertificate}
     * @param resourceArn the resource the service model names for it, or {@code *}
     * @param headers the request headers, names in lower case
     * @throws AwsApiException 403 {@code AccessDeniedException} when the role does not allow the action,
     *     403 {@code UnrecognizedClientException} when the session token does not belong to the access key
     */
    public void authorize(String action, String resourceArn, Map<String, String> headers) {
        Optional<String> accessKeyId = accessKeyId(headers.get("authorization"));
        if (accessKeyId.isEmpty()) {
            return;
        }
        Optional<IamSession> found = iam.findSession(accessKeyId.get());
        if (found.isEmpty()) {
            return;
        }
        IamSession session = found.get();
        String token = headers.getOrDefault("x-amz-security-token", "");
        if (!MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                session.sessionToken().getBytes(StandardCharsets.UTF_8))) {
            throw new AwsApiException(403, "UnrecognizedClientException",
                    "The security token included in the request is invalid.");
        }
        String roleName = session.roleArn().substring(session.roleArn().lastIndexOf('/') + 1);
        String caller = "arn:" + iam.partition() + ":sts::" + iam.accountId() + ":assumed-role/" + roleName + "/"
                + session.sessionName();
        List<IotPolicy> policies = new ArrayList<>();
        iam.findRoleByArn(session.roleArn()).ifPresent(role -> role.inlinePolicies().values()
                .forEach(document -> policies.add(IotPolicy.fromJsonUnchecked(document))));
        Decision decision = PolicyEvaluator.of(policies).evaluate(IotAction.create(action), resourceArn,
                ConnectionContext.builder().build());
        if (!decision.isAllowed()) {
            throw new AwsApiException(403, "AccessDeniedException", "User: " + caller
                    + " is not authorized to perform: " + action + " on resource: " + resourceArn
                    + " because no identity-based policy allows the " + action + " action");
        }
    }

    /** The access key id of a SigV4 {@code Authorization} header ({@code Credential=<id>/<scope>}). */
    static Optional<String> accessKeyId(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        int at = authorization.indexOf("Credential=");
        if (at < 0) {
            return Optional.empty();
        }
        int start = at + "Credential=".length();
        int end = authorization.indexOf('/', start);
        return end > start ? Optional.of(authorization.substring(start, end).trim()) : Optional.empty();
    }
}
