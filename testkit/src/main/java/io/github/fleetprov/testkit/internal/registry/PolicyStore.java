package io.github.fleetprov.testkit.internal.registry;

import io.github.fleetprov.core.json.FleetJson;
import static io.github.fleetprov.testkit.internal.registry.RegistryContext.requireName;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.fleetprov.core.arn.Arn;
import io.github.fleetprov.testkit.internal.registry.ThingStore.NameList;
import io.github.fleetprov.testkit.registry.Certificate;
import io.github.fleetprov.testkit.registry.IotRegistry;
import io.github.fleetprov.testkit.registry.Policy;
import io.github.fleetprov.testkit.registry.PolicyRegistry;
import io.github.fleetprov.testkit.registry.PolicyVersion;
import io.github.fleetprov.testkit.registry.RegistryException;
import io.github.fleetprov.testkit.registry.Thing;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * IoT policies with their versions, and their attachments. Tables: {@code policies} (by name, with
 * the next version id, since AWS never reuses one) and {@code policyTargets} (target ARN to the
 * names of the policies attached to it, in attachment order).
 */
final class PolicyStore implements PolicyRegistry {

    private static final String POLICY_NAME_PATTERN = "[\\w+=,.@-]{1,128}";
    private static final int MAX_POLICY_CHARS = 2048;
    private static final ObjectMapper JSON = FleetJson.lenientMapper();

    /** A policy and the id its next version gets. */
    record StoredPolicy(Policy policy, int nextVersionId) {
    }

    /** The JSON row of a policy version. */
    record PolicyVersionRow(String versionId, String document, boolean defaultVersion, Instant createDate) {
    }

    /** The JSON row of a policy. */
    record PolicyRow(String policyName, String policyArn, List<PolicyVersionRow> versions, Instant creationDate,
            Instant lastModifiedDate, int nextVersionId) {
    }

    private final RegistryContext ctx;
    final RegistryTable<StoredPolicy> policies;
    final RegistryTable<NameList> policyTargets;

    PolicyStore(RegistryContext ctx) {
        this.ctx = ctx;
        policies = ctx.tables.table("policies", PolicyRow.class,
                s -> new PolicyRow(s.policy().policyName(), s.policy().policyArn(),
                        s.policy().versions().stream().map(v -> new PolicyVersionRow(v.versionId(), v.document(),
                                v.isDefaultVersion(), v.createDate())).collect(Collectors.toList()),
                        s.policy().creationDate(), s.policy().lastModifiedDate(), s.nextVersionId()),
                r -> new StoredPolicy(new Policy(r.policyName(), r.policyArn(),
                        r.versions().stream().map(v -> new PolicyVersion(v.versionId(), v.document(),
                                v.defaultVersion(), v.createDate())).collect(Collectors.toList()),
                        r.creationDate(), r.lastModifiedDate()), r.nextVersionId()));
        policyTargets = ctx.tables.table("policyTargets", NameList.class);
    }

    private static void validatePolicyDocument(String document) {
        Objects.requireNonNull(document, "policyDocument");
        long significant = document.chars().filter(ch -> !Character.isWhitespace(ch)).count();
        if (significant > MAX_POLICY_CHARS) {
            throw RegistryException.of(RegistryException.MALFORMED_POLICY, "policyDocument: has " + significant
                    + " characters without white space, more than the " + MAX_POLICY_CHARS
                    + " AWS IoT allows. Use wildcards or policy variables, or split it into several policies.");
        }
        JsonNode root;
        try {
            root = JSON.readTree(document);
        } catch (java.io.IOException e) {
            throw RegistryException.of(RegistryException.MALFORMED_POLICY,
                    "policyDocument: is not valid JSON. Give a JSON object with Version and Statement.");
        }
        if (root == null || !root.isObject() || !root.has("Statement")) {
            throw RegistryException.of(RegistryException.MALFORMED_POLICY,
                    "policyDocument: has no Statement. Give a JSON object with Version and Statement.");
        }
        JsonNode statements = root.get("Statement");
        if (!(statements.isArray() && statements.size() > 0) && !statements.isObject()) {
            throw RegistryException.of(RegistryException.MALFORMED_POLICY,
                    "policyDocument: Statement is empty. Give at least one statement.");
        }
    }

    @Override
    public Policy createPolicy(String policyName, String policyDocument) {
        requireName("policyName", policyName, POLICY_NAME_PATTERN, "1 to 128 characters of [\\w+=,.@-]");
        validatePolicyDocument(policyDocument);
        return ctx.tables.write(() -> {
            StoredPolicy existing = policies.get(policyName);
            if (existing != null) {
                throw RegistryException.alreadyExists("Policy " + policyName + " already exists.", policyName,
                        existing.policy().policyArn());
            }
            Instant now = ctx.clock.instant();
            Policy p = new Policy(policyName, ctx.arn("policy", policyName),
                    List.of(new PolicyVersion("1", policyDocument, true, now)), now, now);
            policies.put(policyName, new StoredPolicy(p, 2));
            ctx.changed("CreatePolicy", p.policyArn(), "policyVersionId", "1");
            return p;
        });
    }

    private StoredPolicy stored(String policyName) {
        Objects.requireNonNull(policyName, "policyName");
        StoredPolicy s = policies.get(policyName);
        if (s == null) {
            throw RegistryException.notFound("Policy " + policyName + " does not exist. Create it with CreatePolicy first.");
        }
        return s;
    }

    @Override
    public PolicyVersion createPolicyVersion(String policyName, String policyDocument, boolean setAsDefault) {
        validatePolicyDocument(policyDocument);
        return ctx.tables.write(() -> {
            StoredPolicy s = stored(policyName);
            Policy p = s.policy();
            if (p.versions().size() >= IotRegistry.MAX_VERSIONS) {
                throw RegistryException.of(RegistryException.VERSIONS_LIMIT_EXCEEDED, "Policy " + policyName
                        + " already has " + IotRegistry.MAX_VERSIONS
                        + " versions. Delete a version with DeletePolicyVersion first.");
            }
            Instant now = ctx.clock.instant();
            String id = String.valueOf(s.nextVersionId());
            PolicyVersion v = new PolicyVersion(id, policyDocument, setAsDefault, now);
            List<PolicyVersion> versions = new ArrayList<>();
            for (PolicyVersion old : p.versions()) {
                versions.add(setAsDefault && old.isDefaultVersion()
                        ? new PolicyVersion(old.versionId(), old.document(), false, old.createDate()) : old);
            }
            versions.add(v);
            policies.put(policyName, new StoredPolicy(new Policy(policyName, p.policyArn(), versions,
                    p.creationDate(), now), s.nextVersionId() + 1));
            ctx.changed("CreatePolicyVersion", p.policyArn(), "policyVersionId", id);
            return v;
        });
    }

    @Override
    public Policy setDefaultPolicyVersion(String policyName, String versionId) {
        Objects.requireNonNull(versionId, "versionId");
        return ctx.tables.write(() -> {
            StoredPolicy s = stored(policyName);
            Policy p = s.policy();
            if (p.versions().stream().noneMatch(v -> v.versionId().equals(versionId))) {
                throw RegistryException.notFound("Policy " + policyName + " has no version " + versionId + ".");
            }
            List<PolicyVersion> versions = p.versions().stream()
                    .map(v -> new PolicyVersion(v.versionId(), v.document(), v.versionId().equals(versionId),
                            v.createDate()))
                    .collect(Collectors.toList());
            Policy updated = new Policy(policyName, p.policyArn(), versions, p.creationDate(), ctx.clock.instant());
            policies.put(policyName, new StoredPolicy(updated, s.nextVersionId()));
            ctx.changed("SetDefaultPolicyVersion", p.policyArn(), "policyVersionId", versionId);
            return updated;
        });
    }

    @Override
    public void deletePolicyVersion(String policyName, String versionId) {
        Objects.requireNonNull(versionId, "versionId");
        ctx.tables.write(() -> {
            StoredPolicy s = stored(policyName);
            Policy p = s.policy();
            PolicyVersion v = p.versions().stream().filter(x -> x.versionId().equals(versionId)).findFirst()
                    .orElseThrow(() -> RegistryException.notFound("Policy " + policyName + " has no version "
                            + versionId + "."));
            if (v.isDefaultVersion()) {
                throw RegistryException.of(RegistryException.DELETE_CONFLICT, "Version " + versionId + " of policy "
                        + policyName + " is the default. Make another version the default first.");
            }
            List<PolicyVersion> versions = new ArrayList<>(p.versions());
            versions.remove(v);
            policies.put(policyName, new StoredPolicy(new Policy(policyName, p.policyArn(), versions,
                    p.creationDate(), ctx.clock.instant()), s.nextVersionId()));
            ctx.changed("DeletePolicyVersion", p.policyArn(), "policyVersionId", versionId);
        });
    }

    @Override
    public Policy getPolicy(String policyName) {
        return ctx.tables.read(() -> stored(policyName).policy());
    }

    @Override
    public Optional<Policy> findPolicy(String policyName) {
        Objects.requireNonNull(policyName, "policyName");
        return ctx.tables.read(() -> policies.find(policyName).map(StoredPolicy::policy));
    }

    @Override
    public List<Policy> listPolicies() {
        return ctx.tables.read(() -> policies.values().stream().map(StoredPolicy::policy)
                .collect(Collectors.toUnmodifiableList()));
    }

    @Override
    public void deletePolicy(String policyName) {
        ctx.tables.write(() -> {
            Policy p = stored(policyName).policy();
            List<String> targets = targetsOf(policyName);
            if (!targets.isEmpty()) {
                throw RegistryException.of(RegistryException.DELETE_CONFLICT, "Policy " + policyName
                        + " is attached to " + targets + ". Detach it with DetachPolicy first.");
            }
            if (p.versions().size() > 1) {
                throw RegistryException.of(RegistryException.DELETE_CONFLICT, "Policy " + policyName + " has "
                        + p.versions().size() + " versions. Delete the non-default versions first.");
            }
            policies.remove(policyName);
            ctx.changed("DeletePolicy", p.policyArn(), null, null);
        });
    }

    private List<String> targetsOf(String policyName) {
        return policyTargets.rows().entrySet().stream().filter(e -> e.getValue().names().contains(policyName))
                .map(Map.Entry::getKey).sorted().collect(Collectors.toUnmodifiableList());
    }

    /** Under the lock: the names of the policies attached to a target. */
    List<String> attachedNames(String target) {
        NameList attached = policyTargets.get(target);
        return attached == null ? List.of() : attached.names();
    }

    /** Inside a write: detaches every policy of a target that goes away. */
    void detachAll(String target) {
        policyTargets.remove(target);
    }

    @Override
    public void attachPolicy(String policyName, String target) {
        Objects.requireNonNull(target, "target");
        ctx.tables.write(() -> {
            Policy p = stored(policyName).policy();
            requireTarget(target);
            List<String> attached = attachedNames(target);
            if (attached.contains(policyName)) {
                return;
            }
            if (attached.size() >= MAX_POLICIES_PER_TARGET) {
                throw RegistryException.of(RegistryException.LIMIT_EXCEEDED, "Target " + target + " already has "
                        + MAX_POLICIES_PER_TARGET + " policies attached. Combine policies or detach one first.");
            }
            List<String> names = new ArrayList<>(attached);
            names.add(policyName);
            policyTargets.put(target, new NameList(names));
            ctx.changed("AttachPolicy", p.policyArn(), "target", target);
        });
    }

    private void requireTarget(String target) {
        Optional<Arn> arn = Arn.tryParse(target);
        if (arn.isEmpty() || !arn.get().service().equals("iot")) {
            throw RegistryException.invalidRequest("target: '" + target + "' is not an AWS IoT ARN. Give a"
                    + " certificate ARN (" + ctx.arn("cert", "<certificateId>") + ") or a thing group ARN.");
        }
        String resource = arn.get().resource();
        if (resource.startsWith("cert/")) {
            if (ctx.certificates.byArn(target) == null) {
                throw RegistryException.notFound("Certificate " + target + " is not registered.");
            }
        } else if (resource.startsWith("thinggroup/")) {
            if (!ctx.things.thingGroups.contains(resource.substring("thinggroup/".length()))) {
                throw RegistryException.notFound("Thing group " + target + " does not exist.");
            }
        } else {
            throw RegistryException.invalidRequest("target: '" + target + "' is neither a certificate nor a thing"
                    + " group. Policies attach to certificates and thing groups.");
        }
    }

    @Override
    public void detachPolicy(String policyName, String target) {
        Objects.requireNonNull(policyName, "policyName");
        Objects.requireNonNull(target, "target");
        ctx.tables.write(() -> {
            List<String> attached = attachedNames(target);
            if (attached.contains(policyName)) {
                List<String> names = new ArrayList<>(attached);
                names.remove(policyName);
                if (names.isEmpty()) {
                    policyTargets.remove(target);
                } else {
                    policyTargets.put(target, new NameList(names));
                }
                ctx.changed("DetachPolicy", ctx.arn("policy", policyName), "target", target);
            }
        });
    }

    @Override
    public List<Policy> listAttachedPolicies(String target) {
        Objects.requireNonNull(target, "target");
        return ctx.tables.read(() -> attachedNames(target).stream().map(policies::get).filter(Objects::nonNull)
                .map(StoredPolicy::policy).collect(Collectors.toUnmodifiableList()));
    }

    @Override
    public List<String> listTargetsForPolicy(String policyName) {
        return ctx.tables.read(() -> {
            stored(policyName);
            return targetsOf(policyName);
        });
    }

    @Override
    public List<Policy> effectivePolicies(String certificateId) {
        Objects.requireNonNull(certificateId, "certificateId");
        return ctx.tables.read(() -> {
            Certificate c = ctx.certificates.certificates.get(certificateId);
            if (c == null) {
                return List.<Policy>of();
            }
            LinkedHashSet<String> names = new LinkedHashSet<>(attachedNames(c.certificateArn()));
            for (String thingName : ctx.things.thingsOf(c.certificateArn())) {
                Thing t = ctx.things.things.get(thingName);
                if (t != null) {
                    for (String group : t.thingGroups()) {
                        names.addAll(attachedNames(ctx.arn("thinggroup", group)));
                    }
                }
            }
            return names.stream().map(policies::get).filter(Objects::nonNull).map(StoredPolicy::policy)
                    .collect(Collectors.toUnmodifiableList());
        });
    }
}
