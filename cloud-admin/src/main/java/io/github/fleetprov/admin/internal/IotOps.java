package io.github.fleetprov.admin.internal;

import io.github.fleetprov.admin.AwsCallException;
import io.github.fleetprov.admin.EnsuredPolicy;
import io.github.fleetprov.admin.Outcome;
import io.github.fleetprov.admin.PlannedCall;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CertificateDescription;
import software.amazon.awssdk.services.iot.model.CertificateStatus;
import software.amazon.awssdk.services.iot.model.GetPolicyResponse;
import software.amazon.awssdk.services.iot.model.Policy;
import software.amazon.awssdk.services.iot.model.PolicyVersion;

/** AWS IoT calls shared by the facades, each "ensure" planned through {@link Changes}. */
public final class IotOps {

    /** AWS keeps at most five versions of an IoT policy or a provisioning template. */
    public static final int MAX_VERSIONS = 5;
    /** The service name in messages and planned calls. */
    public static final String IOT = "IoT";

    private final IotClient iot;

    /**
     * Creates the helper.
     *
     * @param iot the client
     */
    public IotOps(IotClient iot) {
        this.iot = iot;
    }

    /** @return the client */
    public IotClient client() {
        return iot;
    }

    /**
     * Ensures a policy with the document exists and is the default version, pruning the oldest
     * non-default version when AWS's five-version limit would be passed.
     *
     * @param changes the recorder
     * @param name the policy name
     * @param document the policy JSON
     * @param planArn the ARN to report when only planning a creation
     * @return the policy
     */
    public EnsuredPolicy ensurePolicy(Changes changes, String name, String document, String planArn) {
        Optional<GetPolicyResponse> existing = Calls.find(IOT, "GetPolicy", name,
                () -> iot.getPolicy(r -> r.policyName(name)));
        if (existing.isEmpty()) {
            return changes.mutate(new PlannedCall(IOT, "CreatePolicy", name, "policy does not exist"), () -> {
                var r = Calls.call(IOT, "CreatePolicy", name,
                        () -> iot.createPolicy(b -> b.policyName(name).policyDocument(document)));
                return new EnsuredPolicy(name, r.policyArn(), r.policyVersionId(), Outcome.CREATED);
            }, new EnsuredPolicy(name, planArn, "1", Outcome.CREATED));
        }
        GetPolicyResponse current = existing.get();
        if (Json.sameDocument(current.policyDocument(), document)) {
            return new EnsuredPolicy(name, current.policyArn(), current.defaultVersionId(), Outcome.UNCHANGED);
        }
        List<PolicyVersion> versions = Calls.call(IOT, "ListPolicyVersions", name,
                () -> iot.listPolicyVersions(r -> r.policyName(name)).policyVersions());
        List<PolicyVersion> removable = new ArrayList<>();
        for (PolicyVersion v : versions) {
            if (!Boolean.TRUE.equals(v.isDefaultVersion())) {
                removable.add(v);
            }
        }
        removable.sort(Comparator.comparing((PolicyVersion v) -> v.createDate() == null ? java.time.Instant.EPOCH
                : v.createDate()).thenComparing(v -> versionNumber(v.versionId())));
        int excess = versions.size() - (MAX_VERSIONS - 1);
        for (int i = 0; i < excess && i < removable.size(); i++) {
            String versionId = removable.get(i).versionId();
            changes.mutate(new PlannedCall(IOT, "DeletePolicyVersion", name + " version " + versionId,
                    "keep within AWS's limit of " + MAX_VERSIONS + " policy versions"),
                    () -> Calls.call(IOT, "DeletePolicyVersion", name,
                            () -> iot.deletePolicyVersion(r -> r.policyName(name).policyVersionId(versionId))));
        }
        return changes.mutate(new PlannedCall(IOT, "CreatePolicyVersion", name, "policy document changed"), () -> {
            var r = Calls.call(IOT, "CreatePolicyVersion", name,
                    () -> iot.createPolicyVersion(b -> b.policyName(name).policyDocument(document).setAsDefault(true)));
            return new EnsuredPolicy(name, r.policyArn(), r.policyVersionId(), Outcome.UPDATED);
        }, new EnsuredPolicy(name, current.policyArn(), current.defaultVersionId(), Outcome.UPDATED));
    }

    /**
     * Deletes a policy: its non-default versions first, then the policy. Fails with
     * {@code DeleteConflictException} while the policy is attached.
     *
     * @param name the policy
     * @return {@code false} if it did not exist
     */
    public boolean deletePolicy(String name) {
        Optional<List<PolicyVersion>> versions = Calls.find(IOT, "ListPolicyVersions", name,
                () -> iot.listPolicyVersions(r -> r.policyName(name)).policyVersions());
        if (versions.isEmpty()) {
            return false;
        }
        for (PolicyVersion v : versions.get()) {
            if (!Boolean.TRUE.equals(v.isDefaultVersion())) {
                Calls.ifExists(IOT, "DeletePolicyVersion", name,
                        () -> iot.deletePolicyVersion(r -> r.policyName(name).policyVersionId(v.versionId())));
            }
        }
        return Calls.ifExists(IOT, "DeletePolicy", name, () -> iot.deletePolicy(r -> r.policyName(name)));
    }

    /**
     * The targets (certificate ARNs, identities) a policy is attached to.
     *
     * @param name the policy
     * @return the targets, empty if none or the policy does not exist
     */
    public List<String> policyTargets(String name) {
        List<String> out = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            Optional<software.amazon.awssdk.services.iot.model.ListTargetsForPolicyResponse> page = Calls.find(IOT,
                    "ListTargetsForPolicy", name, () -> iot.listTargetsForPolicy(r -> r.policyName(name).marker(next)));
            if (page.isEmpty()) {
                return out;
            }
            out.addAll(page.get().targets());
            token = page.get().nextMarker();
        } while (token != null && !token.isEmpty());
        return out;
    }

    /**
     * The policies attached to a target.
     *
     * @param target a certificate ARN or other principal
     * @return the policy names
     */
    public List<String> attachedPolicies(String target) {
        List<String> out = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            var page = Calls.call(IOT, "ListAttachedPolicies", target,
                    () -> iot.listAttachedPolicies(r -> r.target(target).marker(next)));
            for (Policy p : page.policies()) {
                out.add(p.policyName());
            }
            token = page.nextMarker();
        } while (token != null && !token.isEmpty());
        return out;
    }

    /**
     * The things a principal is attached to.
     *
     * @param principal a certificate ARN
     * @return the thing names
     */
    public List<String> principalThings(String principal) {
        List<String> out = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            var page = Calls.call(IOT, "ListPrincipalThings", principal,
                    () -> iot.listPrincipalThings(r -> r.principal(principal).nextToken(next)));
            out.addAll(page.things());
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        return out;
    }

    /**
     * Describes a certificate.
     *
     * @param certificateId the id
     * @return the description, or empty if AWS IoT does not know it
     */
    public Optional<CertificateDescription> describeCertificate(String certificateId) {
        return Calls.find(IOT, "DescribeCertificate", certificateId,
                () -> iot.describeCertificate(r -> r.certificateId(certificateId)).certificateDescription());
    }

    /**
     * Removes a certificate completely: detaches its policies, deactivates it (unless revoked or
     * already inactive) and deletes it; if AWS answers that it is still attached to things, detaches
     * those and deletes it again.
     *
     * @param certificateId the id
     * @return {@code false} if the certificate did not exist
     */
    public boolean deleteCertificate(String certificateId) {
        Optional<CertificateDescription> cert = describeCertificate(certificateId);
        if (cert.isEmpty()) {
            return false;
        }
        String arn = cert.get().certificateArn();
        for (String policy : attachedPolicies(arn)) {
            Calls.call(IOT, "DetachPolicy", policy,
                    () -> iot.detachPolicy(r -> r.policyName(policy).target(arn)));
        }
        if (cert.get().status() == CertificateStatus.ACTIVE) {
            Calls.call(IOT, "UpdateCertificate", certificateId,
                    () -> iot.updateCertificate(r -> r.certificateId(certificateId).newStatus(CertificateStatus.INACTIVE)));
        }
        try {
            return Calls.ifExists(IOT, "DeleteCertificate", certificateId,
                    () -> iot.deleteCertificate(r -> r.certificateId(certificateId)));
        } catch (AwsCallException e) {
            if (!is(e, "DeleteConflictException")) {
                throw e;
            }
            // Still attached to things: only now list them (saves a call per certificate otherwise).
            for (String thing : principalThings(arn)) {
                Calls.call(IOT, "DetachThingPrincipal", thing,
                        () -> iot.detachThingPrincipal(r -> r.thingName(thing).principal(arn)));
            }
            return Calls.ifExists(IOT, "DeleteCertificate", certificateId,
                    () -> iot.deleteCertificate(r -> r.certificateId(certificateId)));
        }
    }

    /**
     * Ensures a role alias points at the role with the credential duration.
     *
     * @param changes the recorder
     * @param alias the alias name
     * @param roleArn the role ARN
     * @param durationSeconds credential lifetime in seconds (900 to 43200)
     * @param planArn the ARN to report when only planning a creation
     * @return the alias
     */
    public io.github.fleetprov.admin.EnsuredResource ensureRoleAlias(Changes changes, String alias, String roleArn,
            int durationSeconds, String planArn) {
        Optional<software.amazon.awssdk.services.iot.model.RoleAliasDescription> existing = Calls.find(IOT,
                "DescribeRoleAlias", alias, () -> iot.describeRoleAlias(r -> r.roleAlias(alias)).roleAliasDescription());
        if (existing.isEmpty()) {
            String arn = changes.mutate(new PlannedCall(IOT, "CreateRoleAlias", alias, "role alias does not exist"),
                    () -> Calls.call(IOT, "CreateRoleAlias", alias, () -> iot.createRoleAlias(r -> r.roleAlias(alias)
                            .roleArn(roleArn).credentialDurationSeconds(durationSeconds))).roleAliasArn(), planArn);
            return new io.github.fleetprov.admin.EnsuredResource(alias, arn, Outcome.CREATED);
        }
        var d = existing.get();
        Integer currentDuration = d.credentialDurationSeconds();
        if (roleArn.equals(d.roleArn()) && currentDuration != null && currentDuration == durationSeconds) {
            return new io.github.fleetprov.admin.EnsuredResource(alias, d.roleAliasArn(), Outcome.UNCHANGED);
        }
        changes.mutate(new PlannedCall(IOT, "UpdateRoleAlias", alias, "role or credential duration changed"),
                () -> Calls.call(IOT, "UpdateRoleAlias", alias, () -> iot.updateRoleAlias(r -> r.roleAlias(alias)
                        .roleArn(roleArn).credentialDurationSeconds(durationSeconds))));
        return new io.github.fleetprov.admin.EnsuredResource(alias, d.roleAliasArn(), Outcome.UPDATED);
    }

    /**
     * DescribeEndpoint.
     *
     * @param endpointType e.g. {@code iot:Data-ATS} or {@code iot:CredentialProvider}
     * @return the endpoint address (host name)
     */
    public String endpoint(String endpointType) {
        return Calls.call(IOT, "DescribeEndpoint", endpointType,
                () -> iot.describeEndpoint(r -> r.endpointType(endpointType))).endpointAddress();
    }

    /**
     * The IoT policy that lets a certificate fetch credentials through a role alias.
     *
     * @param roleAliasArn the role alias ARN
     * @return the policy JSON
     */
    public static String assumeRoleWithCertificatePolicy(String roleAliasArn) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Action\":\"iot:AssumeRoleWithCertificate\",\"Resource\":\"" + roleAliasArn + "\"}]}";
    }

    /**
     * Whether a failure is the given code.
     *
     * @param e a failure
     * @param code the code
     * @return {@code true} if it matches
     */
    public static boolean is(AwsCallException e, String code) {
        return Calls.hasCode(e, code);
    }

    private static long versionNumber(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
