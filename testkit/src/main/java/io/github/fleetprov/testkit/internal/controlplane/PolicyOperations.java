package io.github.fleetprov.testkit.internal.controlplane;

import static io.github.fleetprov.testkit.internal.controlplane.ControlPlaneRest.*;

import java.util.Collections;
import java.util.ArrayList;
import io.github.fleetprov.testkit.internal.http.AwsApiException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.fleetprov.testkit.registry.IotRegistry;
import io.github.fleetprov.testkit.registry.Policy;
import io.github.fleetprov.testkit.registry.PolicyVersion;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * The control-plane operations on IoT policies, their versions and attachments: request and response members, error codes
 * and HTTP statuses as in the AWS IoT service model.
 */
final class PolicyOperations {

    private final IotRegistry registry;

    PolicyOperations(IotRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** Adds this family's operations, with their methods and URI templates from the service model. */
    void addRoutes(List<ControlPlaneServer.Route> routes) {
        add(routes, "GET", "/policies", "ListPolicies", this::listPolicies);
        add(routes, "GET", "/policies/{policyName}/version/{policyVersionId}", "GetPolicyVersion", this::getPolicyVersion);
        add(routes, "PATCH", "/policies/{policyName}/version/{policyVersionId}", "SetDefaultPolicyVersion",
                this::setDefaultPolicyVersion);
        add(routes, "POST", "/policies/{policyName}", "CreatePolicy", this::createPolicy);
        add(routes, "GET", "/policies/{policyName}", "GetPolicy", this::getPolicy);
        add(routes, "DELETE", "/policies/{policyName}", "DeletePolicy", this::deletePolicy);
        add(routes, "POST", "/policies/{policyName}/version", "CreatePolicyVersion", this::createPolicyVersion);
        add(routes, "GET", "/policies/{policyName}/version", "ListPolicyVersions", this::listPolicyVersions);
        add(routes, "DELETE", "/policies/{policyName}/version/{policyVersionId}", "DeletePolicyVersion", this::deletePolicyVersion);
        add(routes, "PUT", "/target-policies/{policyName}", "AttachPolicy", this::attachPolicy);
        add(routes, "POST", "/target-policies/{policyName}", "DetachPolicy", this::detachPolicy);
        add(routes, "POST", "/attached-policies/{target}", "ListAttachedPolicies", this::listAttachedPolicies);
        add(routes, "POST", "/policy-targets/{policyName}", "ListTargetsForPolicy", this::listTargetsForPolicy);
    }

    private JsonNode createPolicy(RestRequest req) {
        String name = requireName(req.path("policyName"), "policyName", POLICY_NAME);
        String document = checkPolicyDocument(req.requiredString("policyDocument"));
        Policy policy = registry.createPolicy(name, document);
        return object().put("policyName", policy.policyName()).put("policyArn", policy.policyArn())
                .put("policyDocument", policy.document()).put("policyVersionId", policy.defaultVersionId());
    }

    private JsonNode createPolicyVersion(RestRequest req) {
        String name = requireName(req.path("policyName"), "policyName", POLICY_NAME);
        String document = checkPolicyDocument(req.requiredString("policyDocument"));
        Policy policy = registry.getPolicy(name);
        PolicyVersion version = registry.createPolicyVersion(name, document, req.queryFlag("setAsDefault"));
        return object().put("policyArn", policy.policyArn()).put("policyDocument", version.document())
                .put("policyVersionId", version.versionId()).put("isDefaultVersion", version.isDefaultVersion());
    }

    private JsonNode deletePolicyVersion(RestRequest req) {
        String name = requireName(req.path("policyName"), "policyName", POLICY_NAME);
        String versionId = requireName(req.path("policyVersionId"), "policyVersionId", VERSION_ID);
        registry.deletePolicyVersion(name, versionId);
        return object();
    }

    private JsonNode listPolicyVersions(RestRequest req) {
        Policy policy = registry.getPolicy(requireName(req.path("policyName"), "policyName", POLICY_NAME));
        ObjectNode out = object();
        ArrayNode versions = out.putArray("policyVersions");
        for (PolicyVersion v : policy.versions()) {
            ObjectNode node = versions.addObject().put("versionId", v.versionId()).put("isDefaultVersion", v.isDefaultVersion());
            timestamp(node, "createDate", v.createDate());
        }
        return out;
    }

    private JsonNode getPolicy(RestRequest req) {
        Policy policy = registry.getPolicy(requireName(req.path("policyName"), "policyName", POLICY_NAME));
        ObjectNode out = object().put("policyName", policy.policyName()).put("policyArn", policy.policyArn())
                .put("policyDocument", policy.document()).put("defaultVersionId", policy.defaultVersionId());
        timestamp(out, "creationDate", policy.creationDate());
        timestamp(out, "lastModifiedDate", policy.lastModifiedDate());
        out.put("generationId", Integer.toHexString(Objects.hash(policy.policyArn(), policy.defaultVersionId(),
                policy.lastModifiedDate())));
        return out;
    }

    private JsonNode deletePolicy(RestRequest req) {
        registry.deletePolicy(requireName(req.path("policyName"), "policyName", POLICY_NAME));
        return object();
    }

    private JsonNode attachPolicy(RestRequest req) {
        registry.attachPolicy(requireName(req.path("policyName"), "policyName", POLICY_NAME), req.requiredString("target"));
        return object();
    }

    private JsonNode detachPolicy(RestRequest req) {
        registry.detachPolicy(requireName(req.path("policyName"), "policyName", POLICY_NAME), req.requiredString("target"));
        return object();
    }

    private JsonNode listAttachedPolicies(RestRequest req) {
        String target = req.path("target");
        Pager.size(req, "pageSize");
        if (target.startsWith("arn:") && target.contains(":cert/")
                && registry.findCertificateByArn(target).isEmpty()) {
            throw AwsApiException.notFound("The certificate " + target + " does not exist.");
        }
        if (target.startsWith("arn:") && target.contains(":thinggroup/")
                && registry.findThingGroup(target.substring(target.indexOf(":thinggroup/") + 12)).isEmpty()) {
            throw AwsApiException.notFound("The thing group " + target + " does not exist.");
        }
        // Attachment order, as AWS lists them; the key keeps that order across pages.
        List<Policy> attached = registry.listAttachedPolicies(target);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < attached.size(); i++) {
            keys.add(String.format("%04d/%s", i, attached.get(i).policyName()));
        }
        ObjectNode out = object();
        Pager.page(req, Pager.Style.MARKER, keys, k -> k, false, out, "policies", (list, k) -> {
            Policy p = attached.get(Integer.parseInt(k.substring(0, 4)));
            list.addObject().put("policyName", p.policyName()).put("policyArn", p.policyArn());
        });
        return out;
    }

    private JsonNode listTargetsForPolicy(RestRequest req) {
        String name = requireName(req.path("policyName"), "policyName", POLICY_NAME);
        Pager.size(req, "pageSize");
        ObjectNode out = object();
        Pager.page(req, Pager.Style.MARKER, registry.listTargetsForPolicy(name), t -> t, false, out, "targets",
                ArrayNode::add);
        return out;
    }

    /** ListPolicies: by name; {@code isAscendingOrder=false} lists them in descending order. */
    private JsonNode listPolicies(RestRequest req) {
        boolean descending = req.queryParam("isAscendingOrder").map(v -> v.equalsIgnoreCase("false")).orElse(false);
        List<Policy> policies = new ArrayList<>(registry.listPolicies());
        if (descending) {
            Collections.reverse(policies);
        }
        ObjectNode out = object();
        Pager.page(req, Pager.Style.MARKER, policies, Policy::policyName, descending, out, "policies",
                (list, p) -> list.addObject().put("policyName", p.policyName()).put("policyArn", p.policyArn()));
        return out;
    }

    private JsonNode getPolicyVersion(RestRequest req) {
        Policy policy = registry.getPolicy(requireName(req.path("policyName"), "policyName", POLICY_NAME));
        String versionId = requireName(req.path("policyVersionId"), "policyVersionId", VERSION_ID);
        PolicyVersion v = policy.versions().stream().filter(x -> x.versionId().equals(versionId)).findFirst()
                .orElseThrow(() -> AwsApiException.notFound("Policy " + policy.policyName() + " has no version "
                        + versionId + "."));
        ObjectNode out = object().put("policyArn", policy.policyArn()).put("policyName", policy.policyName())
                .put("policyDocument", v.document()).put("policyVersionId", v.versionId())
                .put("isDefaultVersion", v.isDefaultVersion());
        timestamp(out, "creationDate", v.createDate());
        timestamp(out, "lastModifiedDate", policy.lastModifiedDate());
        return out;
    }

    private JsonNode setDefaultPolicyVersion(RestRequest req) {
        registry.setDefaultPolicyVersion(requireName(req.path("policyName"), "policyName", POLICY_NAME),
                requireName(req.path("policyVersionId"), "policyVersionId", VERSION_ID));
        return object();
    }
}
