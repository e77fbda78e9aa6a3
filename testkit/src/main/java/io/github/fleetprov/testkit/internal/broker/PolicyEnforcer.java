package io.github.fleetprov.testkit.internal.broker;

import io.github.fleetprov.core.json.FleetJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.fleetprov.policy.ConnectionContext;
import io.github.fleetprov.policy.Decision;
import io.github.fleetprov.policy.IotAction;
import io.github.fleetprov.policy.IotPolicy;
import io.github.fleetprov.policy.PolicyEvaluator;
import io.github.fleetprov.testkit.event.Event;
import io.github.fleetprov.testkit.event.EventType;
import io.github.fleetprov.testkit.registry.Certificate;
import io.github.fleetprov.testkit.registry.IotRegistry;
import io.github.fleetprov.testkit.registry.Policy;
import io.github.fleetprov.testkit.registry.Thing;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Authorizes Connect, Publish, Subscribe and Receive with the policy-dsl {@link PolicyEvaluator}
 * against the policies in effect for a connection's certificate, and records every denial (and, when
 * asked to, every allowed decision too) in the event log with the evaluator's explanation.
 *
 * <p>Compiled evaluators are cached by the exact policy versions they were compiled from, so a new
 * default version or a new attachment takes effect on the next packet, as in AWS IoT.
 *
 * <p>A connection authenticated with AWS credentials (SigV4 over WebSockets) has no certificate: its
 * actions are authorized with the IAM policies of its role by an {@link IamPolicyAuthorizer}, as AWS
 * IoT Core does.
 */
public final class PolicyEnforcer {

    /** The outcome of one authorization. */
    public record Outcome(boolean allowed, String result, String explanation) {
    }

    private static final Outcome ALLOWED_WITHOUT_ENFORCEMENT = new Outcome(true, "ALLOWED",
            "policy enforcement is off");

    private static final ObjectMapper JSON = FleetJson.lenientMapper();

    private final IotRegistry registry;
    private final IamPolicyAuthorizer iamAuthorizer;
    private volatile boolean enforcing;
    private final boolean recordAllowed;
    private final Map<String, PolicyEvaluator> evaluators = new ConcurrentHashMap<>();
    private final Map<String, Parsed> parsed = new ConcurrentHashMap<>();

    /**
     * Creates an enforcer.
     *
     * @param registry the registry holding policies and attachments
     * @param enforcing whether policies are enforced (otherwise everything is allowed)
     * @param recordAllowed whether allowed decisions are recorded too (denials always are)
     */
    public PolicyEnforcer(IotRegistry registry, boolean enforcing, boolean recordAllowed) {
        this(registry, null, enforcing, recordAllowed);
    }

    /**
     * Creates an enforcer that also authorizes connections authenticated with AWS credentials.
     *
     * @param registry the registry holding policies and attachments
     * @param iamAuthorizer evaluates the IAM policies of SigV4 connections, or {@code null} to deny them
     * @param enforcing whether policies are enforced (otherwise everything is allowed)
     * @param recordAllowed whether allowed decisions are recorded too (denials always are)
     */
    public PolicyEnforcer(IotRegistry registry, IamPolicyAuthorizer iamAuthorizer, boolean enforcing,
            boolean recordAllowed) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.iamAuthorizer = iamAuthorizer;
        this.enforcing = enforcing;
        this.recordAllowed = recordAllowed;
    }

    /**
     * Turns enforcement on or off.
     *
     * @param on whether policies are enforced
     */
    public void setEnforcing(boolean on) {
        enforcing = on;
    }

    /** @return whether policies are enforced */
    public boolean isEnforcing() {
        return enforcing;
    }

    /**
     * The ARN of an MQTT resource in this registry's account.
     *
     * @param action the action (decides {@code client}, {@code topic} or {@code topicfilter})
     * @param name the client id, topic or topic filter
     * @return the ARN
     */
    public String resourceArn(IotAction action, String name) {
        String kind = action.equals(IotAction.CONNECT) ? "client"
                : action.equals(IotAction.SUBSCRIBE) ? "topicfilter" : "topic";
        return registry.arn(kind, name);
    }

    /**
     * Authorizes one request and records the decision.
     *
     * @param connection the connection
     * @param action the action
     * @param name the client id (Connect), topic (Publish, Receive) or topic filter (Subscribe)
     * @return the outcome
     */
    public Outcome authorize(Connection connection, IotAction action, String name) {
        String resource = resourceArn(action, name);
        if (!enforcing) {
            return ALLOWED_WITHOUT_ENFORCEMENT;
        }
        Outcome outcome = evaluate(connection, action, resource);
        if (!outcome.allowed() || recordAllowed) {
            registry.events().record(Event.builder(EventType.AUTHORIZATION, action.value())
                    .clientId(connection.clientId()).resource(resource).outcome(outcome.result())
                    .message(outcome.explanation()).detail("certificateId", connection.certificateId())
                    .detail("principal", connection.isIam() ? connection.iamPrincipal().assumedRoleArn() : null));
        }
        return outcome;
    }

    private Outcome evaluate(Connection connection, IotAction action, String resource) {
        if (connection.isIam()) {
            return iamAuthorizer != null ? iamAuthorizer.evaluate(connection, action, resource)
                    : new Outcome(false, "IMPLICIT_DENY", action.value() + " on " + resource
                            + " denied: this broker does not authorize IAM identities");
        }
        Optional<Certificate> cert = registry.findCertificate(connection.certificateId());
        if (cert.isEmpty()) {
            return new Outcome(false, "IMPLICIT_DENY", "certificate " + connection.certificateId()
                    + " is no longer registered");
        }
        Map<String, IotPolicy> policies = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        StringBuilder key = new StringBuilder();
        if (cert.get().claimTemplateName().isPresent()) {
            String template = cert.get().claimTemplateName().get();
            String doc = ProvisioningClaimPolicy.document(registry, template);
            key.append("claim:").append(template).append('|');
            Parsed claim = parse("claim:" + template, doc);
            if (claim.policy() != null) {
                policies.put("provisioning claim for " + template, claim.policy());
            }
        }
        List<Policy> attached = registry.effectivePolicies(connection.certificateId());
        for (Policy p : attached) {
            String cacheKey = p.policyArn() + "#" + p.defaultVersionId() + "#" + p.lastModifiedDate();
            key.append(cacheKey).append('|');
            Parsed parsedPolicy = parse(cacheKey, p.document());
            if (parsedPolicy.policy() != null) {
                policies.put(p.policyName(), parsedPolicy.policy());
            }
            parsedPolicy.problems().forEach(problem -> problems.add("policy " + p.policyName() + ": " + problem));
        }
        if (policies.isEmpty()) {
            String why = attached.isEmpty() && cert.get().claimTemplateName().isEmpty()
                    ? "no policy is attached to certificate " + connection.certificateId()
                            + "; attach one with AttachPolicy (target " + cert.get().certificateArn() + ")"
                    : "no statement of the attached policies can ever apply: " + String.join("; ", problems);
            return new Outcome(false, "IMPLICIT_DENY", action.value() + " on " + resource + " denied: " + why);
        }
        PolicyEvaluator evaluator = evaluators.computeIfAbsent(key.toString(), k -> PolicyEvaluator.ofNamed(policies));
        Decision decision = evaluator.evaluate(action, resource, context(connection, cert.get()));
        String explanation = decision.explain();
        if (!decision.isAllowed() && !problems.isEmpty()) {
            explanation = explanation + " Statements that can never apply were skipped: " + String.join("; ", problems);
        }
        return new Outcome(decision.isAllowed(), decision.result().name(), explanation);
    }

    /** A policy as the evaluator can use it: the statements that parse, and why the others were skipped. */
    private record Parsed(IotPolicy policy, List<String> problems) {
    }

    private Parsed parse(String cacheKey, String document) {
        return parsed.computeIfAbsent(cacheKey, k -> {
            try {
                return new Parsed(IotPolicy.fromJson(document), List.of());
            } catch (RuntimeException strict) {
                return parseStatementByStatement(document);
            }
        });
    }

    /**
     * AWS IoT accepts policies whose statements can never apply (e.g. Subscribe on a topic/ ARN) and
     * simply never matches them; the policy-dsl reader refuses such documents. This keeps the statements
     * the reader accepts and records the reader's reason for each one it refuses.
     */
    private static Parsed parseStatementByStatement(String document) {
        List<String> problems = new ArrayList<>();
        List<JsonNode> kept = new ArrayList<>();
        JsonNode root;
        try {
            root = JSON.readTree(document);
        } catch (IOException e) {
            return new Parsed(null, List.of("the document is not valid JSON"));
        }
        JsonNode statements = root == null ? null : root.get("Statement");
        List<JsonNode> all = new ArrayList<>();
        if (statements != null && statements.isArray()) {
            statements.forEach(all::add);
        } else if (statements != null && statements.isObject()) {
            all.add(statements);
        }
        for (int i = 0; i < all.size(); i++) {
            ObjectNode single = JSON.createObjectNode();
            single.set("Version", root.get("Version"));
            single.putArray("Statement").add(all.get(i));
            try {
                IotPolicy.fromJson(single.toString());
                kept.add(all.get(i));
            } catch (RuntimeException e) {
                problems.add("statement " + (i + 1) + " skipped: " + e.getMessage());
            }
        }
        if (kept.isEmpty()) {
            return new Parsed(null, problems.isEmpty() ? List.of("the document has no statement") : problems);
        }
        ObjectNode usable = JSON.createObjectNode();
        usable.set("Version", root.get("Version"));
        usable.putArray("Statement").addAll(kept);
        try {
            return new Parsed(IotPolicy.fromJson(usable.toString()), problems);
        } catch (RuntimeException e) {
            problems.add(e.getMessage());
            return new Parsed(null, problems);
        }
    }

    private ConnectionContext context(Connection connection, Certificate cert) {
        ConnectionContext.Builder b = ConnectionContext.builder().clientId(connection.clientId())
                .certificate(connection.certificate());
        if (connection.sourceIp() != null) {
            b.sourceIp(connection.sourceIp());
        }
        b.connectAttributes(connection.connectAttributes());
        if (connection.lastWillTopic() != null) {
            b.conditionKey("iot:LastWillTopic", connection.lastWillTopic());
        }
        Optional<Thing> thing = registry.findThing(connection.clientId());
        if (thing.isPresent()
                && registry.listPrincipalThings(cert.certificateArn()).contains(connection.clientId())) {
            b.thingName(thing.get().thingName()).thingAttached(true).attributes(thing.get().attributes());
            thing.get().thingTypeName().ifPresent(b::thingTypeName);
        }
        return b.build();
    }
}
