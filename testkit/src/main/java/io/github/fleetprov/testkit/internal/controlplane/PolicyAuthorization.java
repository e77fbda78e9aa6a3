package io.github.fleetprov.testkit.internal.controlplane;

import io.github.fleetprov.core.json.FleetJson;
import io.github.fleetprov.testkit.internal.http.AwsApiException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.fleetprov.policy.ConnectionContext;
import io.github.fleetprov.policy.Decision;
import io.github.fleetprov.policy.IotAction;
import io.github.fleetprov.policy.IotPolicy;
import io.github.fleetprov.policy.PolicyEvaluator;
import io.github.fleetprov.policy.StatementRef;
import io.github.fleetprov.testkit.internal.credentials.CredentialsIssuer;
import io.github.fleetprov.testkit.registry.Certificate;
import io.github.fleetprov.testkit.registry.IotRegistry;
import io.github.fleetprov.testkit.registry.Policy;
import io.github.fleetprov.testkit.registry.Thing;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Evaluates the IoT policies in effect for a certificate with the policy-dsl {@link PolicyEvaluator}:
 * answers TestAuthorization and decides {@code iot:AssumeRoleWithCertificate} for the credentials
 * provider.
 */
public final class PolicyAuthorization implements IotOperations.AuthorizationTester, CredentialsIssuer.AssumeRoleAuthorizer {

    private static final ObjectMapper JSON = FleetJson.lenientMapper();
    private static final Map<String, IotAction> ACTION_TYPES = Map.of(
            "CONNECT", IotAction.CONNECT, "PUBLISH", IotAction.PUBLISH,
            "SUBSCRIBE", IotAction.SUBSCRIBE, "RECEIVE", IotAction.RECEIVE);
    private static final int MAX_AUTH_INFOS = 10;

    private final IotRegistry registry;

    /**
     * Creates the evaluation over a registry.
     *
     * @param registry where certificates, things and policies are looked up
     */
    public PolicyAuthorization(IotRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public Optional<String> denial(Certificate certificate, String roleAliasArn, Optional<Thing> thing) {
        Map<String, Policy> policies = policiesByName(registry.effectivePolicies(certificate.certificateId()));
        ConnectionContext.Builder context = ConnectionContext.builder().certificate(certificate.certificate());
        thing.ifPresent(t -> thingContext(context, t));
        Decision decision = evaluator(policies).evaluate(IotAction.ASSUME_ROLE_WITH_CERTIFICATE, roleAliasArn, context.build());
        return decision.isAllowed() ? Optional.empty() : Optional.of(decision.explain());
    }

    @Override
    public ArrayNode test(RestRequest request, IotOperations operations) {
        String principal = request.string("principal").orElseThrow(() -> AwsApiException.invalidRequest(
                "principal is required: give the ARN of a certificate (arn:aws:iot:<region>:<account>:cert/<id>)."));
        Certificate certificate = registry.findCertificateByArn(principal).orElseThrow(
                () -> AwsApiException.notFound("The principal " + principal + " is not a registered certificate."));
        JsonNode authInfos = request.body().path("authInfos");
        if (!authInfos.isArray() || authInfos.isEmpty()) {
            throw AwsApiException.invalidRequest("authInfos is required: give 1 to " + MAX_AUTH_INFOS + " entries.");
        }
        if (authInfos.size() > MAX_AUTH_INFOS) {
            throw AwsApiException.invalidRequest("authInfos has " + authInfos.size() + " entries; at most "
                    + MAX_AUTH_INFOS + " are allowed.");
        }

        Map<String, Policy> policies = policiesByName(registry.effectivePolicies(certificate.certificateId()));
        for (String skip : names(request.body().path("policyNamesToSkip"))) {
            policies.remove(skip);
        }
        for (String add : names(request.body().path("policyNamesToAdd"))) {
            policies.put(add, registry.findPolicy(add)
                    .orElseThrow(() -> AwsApiException.notFound("Policy " + add + " in policyNamesToAdd does not exist.")));
        }
        PolicyEvaluator evaluator = evaluator(policies);

        ConnectionContext.Builder context = ConnectionContext.builder().certificate(certificate.certificate());
        Optional<String> clientId = request.queryParam("clientId");
        clientId.ifPresent(context::clientId);
        clientId.filter(id -> registry.listPrincipalThings(certificate.certificateArn()).contains(id))
                .flatMap(registry::findThing).ifPresent(t -> thingContext(context, t));
        ConnectionContext connection = context.build();

        ArrayNode results = JSON.createArrayNode();
        for (JsonNode authInfo : authInfos) {
            String actionType = authInfo.path("actionType").asText("");
            IotAction action = ACTION_TYPES.get(actionType);
            if (action == null) {
                throw AwsApiException.invalidRequest("authInfos.actionType " + actionType
                        + " is not valid. Use PUBLISH, SUBSCRIBE, RECEIVE or CONNECT.");
            }
            JsonNode resources = authInfo.path("resources");
            if (!resources.isArray() || resources.isEmpty()) {
                throw AwsApiException.invalidRequest("authInfos.resources is required: give the resource ARNs to test.");
            }
            results.add(result(evaluator, policies, action, actionType, resources, connection));
        }
        return results;
    }

    private static ObjectNode result(PolicyEvaluator evaluator, Map<String, Policy> policies, IotAction action,
            String actionType, JsonNode resources, ConnectionContext connection) {
        Set<String> allowing = new LinkedHashSet<>();
        Set<String> denying = new LinkedHashSet<>();
        Set<String> missing = new LinkedHashSet<>();
        Decision.Result overall = Decision.Result.ALLOWED;
        for (JsonNode resource : resources) {
            Decision decision = evaluator.evaluate(action, resource.asText(), connection);
            missing.addAll(decision.missingContext());
            if (decision.result() == Decision.Result.EXPLICIT_DENY) {
                overall = Decision.Result.EXPLICIT_DENY;
                decision.decidingStatements().stream().map(StatementRef::policyName).forEach(denying::add);
            } else if (decision.result() == Decision.Result.IMPLICIT_DENY) {
                if (overall == Decision.Result.ALLOWED) {
                    overall = Decision.Result.IMPLICIT_DENY;
                }
            } else {
                decision.decidingStatements().stream().map(StatementRef::policyName).forEach(allowing::add);
            }
        }
        ObjectNode out = JSON.createObjectNode();
        ObjectNode info = out.putObject("authInfo").put("actionType", actionType);
        info.set("resources", resources.deepCopy());
        ArrayNode allowed = out.putObject("allowed").putArray("policies");
        ObjectNode denied = out.putObject("denied");
        ArrayNode implicit = denied.putObject("implicitDeny").putArray("policies");
        ArrayNode explicit = denied.putObject("explicitDeny").putArray("policies");
        if (overall == Decision.Result.ALLOWED) {
            allowing.forEach(name -> addPolicy(allowed, policies.get(name)));
        } else if (overall == Decision.Result.EXPLICIT_DENY) {
            denying.forEach(name -> addPolicy(explicit, policies.get(name)));
        } else {
            policies.values().forEach(p -> addPolicy(implicit, p));
        }
        out.put("authDecision", overall.name());
        ArrayNode missingValues = out.putArray("missingContextValues");
        missing.forEach(missingValues::add);
        return out;
    }

    private static void addPolicy(ArrayNode array, Policy policy) {
        if (policy != null) {
            array.addObject().put("policyName", policy.policyName()).put("policyArn", policy.policyArn());
        }
    }

    private static void thingContext(ConnectionContext.Builder context, Thing thing) {
        context.thingName(thing.thingName()).thingAttached(true).attributes(thing.attributes());
        thing.thingTypeName().ifPresent(context::thingTypeName);
    }

    private static Map<String, Policy> policiesByName(List<Policy> policies) {
        Map<String, Policy> byName = new LinkedHashMap<>();
        policies.forEach(p -> byName.put(p.policyName(), p));
        return byName;
    }

    private static PolicyEvaluator evaluator(Map<String, Policy> policies) {
        Map<String, IotPolicy> parsed = new LinkedHashMap<>();
        policies.forEach((name, p) -> parsed.put(name, IotPolicy.fromJson(p.document())));
        return PolicyEvaluator.ofNamed(parsed);
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        array.forEach(n -> {
            if (seen.add(n.asText())) {
                names.add(n.asText());
            }
        });
        return names;
    }
}
