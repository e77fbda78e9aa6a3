package io.github.fleetprov.admin.internal;

import io.github.fleetprov.admin.EnsuredResource;
import io.github.fleetprov.admin.Outcome;
import io.github.fleetprov.admin.PlannedCall;
import io.github.fleetprov.core.arn.Arn;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.Role;

/** IAM calls shared by the facades. */
public final class IamOps {

    /** The service name in messages and planned calls. */
    public static final String IAM = "IAM";

    /** Trust policy letting AWS IoT (fleet provisioning, bulk registration) assume a role. */
    public static final String IOT_TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"iot.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
    /** Trust policy letting the AWS IoT credentials provider assume a role (token exchange). */
    public static final String CREDENTIALS_PROVIDER_TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
            + "\"Allow\",\"Principal\":{\"Service\":\"credentials.iot.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

    private final IamClient iam;

    /**
     * Creates the helper.
     *
     * @param iam the client
     */
    public IamOps(IamClient iam) {
        this.iam = iam;
    }

    /**
     * The ARN of an AWS managed policy in a partition.
     *
     * @param partition e.g. {@code aws}
     * @param path the path and name after {@code policy/}, e.g. {@code service-role/AWSIoTThingsRegistration}
     * @return the ARN
     */
    public static String managedPolicyArn(String partition, String path) {
        return Arn.iamManagedPolicy(partition, path).toString();
    }

    /**
     * Ensures a role with this trust policy, these managed policies attached and these inline
     * policies exists. Extra managed or inline policies found on the role are left alone.
     *
     * @param changes the recorder
     * @param roleName the role name
     * @param trustPolicy the assume-role policy JSON
     * @param managedPolicyArns managed policies to attach
     * @param inlinePolicies inline policy name to JSON
     * @param planArn the ARN to report when only planning a creation
     * @return the role
     */
    public EnsuredResource ensureRole(Changes changes, String roleName, String trustPolicy,
            List<String> managedPolicyArns, Map<String, String> inlinePolicies, String planArn) {
        Optional<Role> existing = Calls.find(IAM, "GetRole", roleName, () -> iam.getRole(r -> r.roleName(roleName)).role());
        Outcome outcome;
        String arn;
        List<String> attached = new ArrayList<>();
        if (existing.isEmpty()) {
            arn = changes.mutate(new PlannedCall(IAM, "CreateRole", roleName, "role does not exist"),
                    () -> Calls.call(IAM, "CreateRole", roleName, () -> iam.createRole(r -> r.roleName(roleName)
                            .assumeRolePolicyDocument(trustPolicy)
                            .description("Created by fleetprov"))).role().arn(), planArn);
            outcome = Outcome.CREATED;
        } else {
            arn = existing.get().arn();
            outcome = Outcome.UNCHANGED;
            if (!Json.sameDocument(decode(existing.get().assumeRolePolicyDocument()), trustPolicy)) {
                changes.mutate(new PlannedCall(IAM, "UpdateAssumeRolePolicy", roleName, "trust policy changed"),
                        () -> Calls.call(IAM, "UpdateAssumeRolePolicy", roleName,
                                () -> iam.updateAssumeRolePolicy(r -> r.roleName(roleName).policyDocument(trustPolicy))));
                outcome = Outcome.UPDATED;
            }
            for (AttachedPolicy p : Calls.call(IAM, "ListAttachedRolePolicies", roleName,
                    () -> iam.listAttachedRolePolicies(r -> r.roleName(roleName)).attachedPolicies())) {
                attached.add(p.policyArn());
            }
        }
        for (String policyArn : managedPolicyArns) {
            if (!attached.contains(policyArn)) {
                changes.mutate(new PlannedCall(IAM, "AttachRolePolicy", roleName, "attach " + policyArn),
                        () -> Calls.call(IAM, "AttachRolePolicy", roleName,
                                () -> iam.attachRolePolicy(r -> r.roleName(roleName).policyArn(policyArn))));
                outcome = outcome == Outcome.CREATED ? outcome : Outcome.UPDATED;
            }
        }
        for (Map.Entry<String, String> inline : inlinePolicies.entrySet()) {
            Optional<String> current = existing.isEmpty() ? Optional.empty()
                    : Calls.find(IAM, "GetRolePolicy", roleName + "/" + inline.getKey(),
                            () -> iam.getRolePolicy(r -> r.roleName(roleName).policyName(inline.getKey()))
                                    .policyDocument());
            if (current.isEmpty() || !Json.sameDocument(decode(current.get()), inline.getValue())) {
                changes.mutate(new PlannedCall(IAM, "PutRolePolicy", roleName + "/" + inline.getKey(),
                        current.isEmpty() ? "inline policy missing" : "inline policy changed"),
                        () -> Calls.call(IAM, "PutRolePolicy", roleName, () -> iam.putRolePolicy(r -> r
                                .roleName(roleName).policyName(inline.getKey()).policyDocument(inline.getValue()))));
                outcome = outcome == Outcome.CREATED ? outcome : Outcome.UPDATED;
            }
        }
        return new EnsuredResource(roleName, arn, outcome);
    }

    /**
     * Deletes a role after detaching its managed policies and deleting its inline policies (those
     * named {@code <roleName>Access} by fleetprov first; any others are listed only when IAM refuses
     * the deletion with {@code DeleteConflict}).
     *
     * @param roleName the role
     * @return {@code false} if the role did not exist
     */
    public boolean deleteRole(String roleName) {
        List<String> knownInlinePolicies = List.of(roleName + "Access");
        Optional<List<AttachedPolicy>> attached = Calls.find(IAM, "ListAttachedRolePolicies", roleName,
                () -> iam.listAttachedRolePolicies(r -> r.roleName(roleName)).attachedPolicies());
        if (attached.isEmpty()) {
            return false;
        }
        for (AttachedPolicy p : attached.get()) {
            Calls.ifExists(IAM, "DetachRolePolicy", roleName,
                    () -> iam.detachRolePolicy(r -> r.roleName(roleName).policyArn(p.policyArn())));
        }
        for (String inline : knownInlinePolicies) {
            Calls.ifExists(IAM, "DeleteRolePolicy", roleName,
                    () -> iam.deleteRolePolicy(r -> r.roleName(roleName).policyName(inline)));
        }
        try {
            return Calls.ifExists(IAM, "DeleteRole", roleName, () -> iam.deleteRole(r -> r.roleName(roleName)));
        } catch (io.github.fleetprov.admin.AwsCallException e) {
            if (!Calls.hasCode(e, "DeleteConflict")) {
                throw e;
            }
            // Inline policies fleetprov did not name: list them only now.
            for (String inline : Calls.call(IAM, "ListRolePolicies", roleName,
                    () -> iam.listRolePolicies(r -> r.roleName(roleName)).policyNames())) {
                Calls.ifExists(IAM, "DeleteRolePolicy", roleName,
                        () -> iam.deleteRolePolicy(r -> r.roleName(roleName).policyName(inline)));
            }
            return Calls.ifExists(IAM, "DeleteRole", roleName, () -> iam.deleteRole(r -> r.roleName(roleName)));
        }
    }

    /**
     * IAM hands policy documents back URL-encoded; this undoes that (and leaves plain JSON alone).
     *
     * @param document the document as IAM returned it
     * @return the JSON
     */
    static String decode(String document) {
        if (document == null) {
            return null;
        }
        String t = document.trim();
        return t.startsWith("{") ? t : URLDecoder.decode(t, StandardCharsets.UTF_8);
    }
}
