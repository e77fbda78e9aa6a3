package io.github.fleetprov.testkit.internal.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.fleetprov.core.json.FleetJson;
import io.github.fleetprov.policy.ConnectionContext;
import io.github.fleetprov.policy.Decision;
import io.github.fleetprov.policy.IotAction;
import io.github.fleetprov.policy.IotPolicy;
import io.github.fleetprov.policy.PolicyEvaluator;
import io.github.fleetprov.testkit.internal.iam.IamRole;
import io.github.fleetprov.testkit.internal.iam.IamState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Authorizes the MQTT actions of a SigV4-authenticated connection with the IAM policies of the role
 * its credentials belong to, as AWS IoT Core does for connections authenticated with AWS credentials
 * (developer guide, "Authorization": "AWS IoT Core policies ... IAM policies for IAM users, groups, or
 * roles"; "Authorizing direct calls to AWS services"; the IAM actions and resources for MQTT are listed
 * in "AWS IoT Core policy actions": {@code iot:Connect} on {@code client/<clientId>}, {@code iot:Publish}
 * and {@code iot:Receive} on {@code topic/<topic>}, {@code iot:Subscribe} on {@code topicfilter/<filter>}).
 *
 * <p>policy-dsl has no IAM policy evaluator (its {@code iam} package only builds documents), so the
 * role's policies are evaluated with policy-dsl's AWS IoT {@link PolicyEvaluator}, whose rules coincide
 * with IAM's for these actions: default deny, an explicit Deny wins over any Allow, {@code Action},
 * {@code NotAction} and {@code Resource} match with the {@code *} and {@code ?} wildcards, action names
 * case-insensitively. Only the parts of a statement that can concern an MQTT action are kept: actions
 * of other services are dropped ({@code *} becomes {@code iot:*}) and resources that are not AWS IoT
 * ARNs or {@code *} are dropped. An Allow statement the IoT evaluator cannot read (for example a
 * condition on an IAM-only key, or {@code NotResource}) is skipped, so it allows nothing; a Deny
 * statement it cannot read denies every MQTT action, so that nothing an IAM policy forbids is allowed.
 * The reason is in the decision's explanation.
 *
 * <p>The role's inline policies are evaluated, and of the AWS managed policies the two that grant MQTT
 * actions, {@code AWSIoTDataAccess} and {@code AWSIoTFullAccess}, with their published documents'
 * MQTT statements; other attached managed policies grant no MQTT action here.
 */
public final class IamPolicyAuthorizer {

    private static final ObjectMapper JSON = FleetJson.mapper();

    /** The MQTT statements of the AWS managed policies that grant MQTT actions (IAM console, "AWS managed policies"). */
    private static final Map<String, String> MANAGED = Map.of(
            "AWSIoTDataAccess", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
                    + "[\"iot:Connect\",\"iot:Publish\",\"iot:Subscribe\",\"iot:Receive\"],\"Resource\":\"*\"}]}",
            "AWSIoTFullAccess", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
                    + "\"iot:*\",\"Resource\":\"*\"}]}");

    private final IamState iam;
    private final String partition;
    private final Map<String, Compiled> cache = new ConcurrentHashMap<>();

    /**
     * Creates the authorizer.
     *
     * @param iam the emulator's IAM, holding the roles and their policies
     */
    public IamPolicyAuthorizer(IamState iam) {
        this.iam = Objects.requireNonNull(iam, "iam");
        this.partition = iam.partition();
    }

    /**
     * Evaluates one MQTT action of an IAM connection.
     *
     * @param connection the connection (with its {@link Connection#iamPrincipal()})
     * @param action the action
     * @param resource the resource ARN
     * @return the outcome
     */
    public PolicyEnforcer.Outcome evaluate(Connection connection, IotAction action, String resource) {
        IamPrincipal principal = Objects.requireNonNull(connection.iamPrincipal(), "iamPrincipal");
        Optional<IamRole> role = iam.findRoleByArn(principal.roleArn());
        if (role.isEmpty()) {
            return new PolicyEnforcer.Outcome(false, "IMPLICIT_DENY", action.value() + " on " + resource
                    + " denied: role " + principal.roleArn() + " of " + principal.assumedRoleArn() + " no longer exists");
        }
        Compiled compiled = compile(role.get());
        if (compiled.unreadableDeny() != null) {
            return new PolicyEnforcer.Outcome(false, "EXPLICIT_DENY", action.value() + " on " + resource
                    + " denied for " + principal.assumedRoleArn() + ": " + compiled.unreadableDeny());
        }
        if (compiled.evaluator() == null) {
            return new PolicyEnforcer.Outcome(false, "IMPLICIT_DENY", action.value() + " on " + resource
                    + " denied for " + principal.assumedRoleArn() + ": no policy of role " + role.get().roleName()
                    + " allows an MQTT action; add one with PutRolePolicy (e.g. iot:Connect on client/<clientId>)"
                    + problems(compiled));
        }
        ConnectionContext.Builder context = ConnectionContext.builder().clientId(connection.clientId())
                .connectAttributes(connection.connectAttributes());
        if (connection.sourceIp() != null) {
            context.sourceIp(connection.sourceIp());
        }
        if (connection.lastWillTopic() != null) {
            context.conditionKey("iot:LastWillTopic", connection.lastWillTopic());
        }
        Decision decision = compiled.evaluator().evaluate(action, resource, context.build());
        String explanation = "IAM role " + role.get().roleName() + " (" + principal.assumedRoleArn() + "): "
                + decision.explain() + problems(compiled);
        return new PolicyEnforcer.Outcome(decision.isAllowed(), decision.result().name(), explanation);
    }

    private static String problems(Compiled compiled) {
        return compiled.problems().isEmpty() ? ""
                : " Statements that were not evaluated: " + String.join("; ", compiled.problems());
    }

    /** A role's policies, compiled: an evaluator (or none), the first unreadable Deny, what was skipped. */
    private record Compiled(PolicyEvaluator evaluator, String unreadableDeny, List<String> problems) {
    }

    private Compiled compile(IamRole role) {
        Map<String, String> documents = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        role.inlinePolicies().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> documents.put(e.getKey(), e.getValue()));
        for (String arn : role.attachedPolicyArns()) {
            String name = arn.substring(arn.lastIndexOf('/') + 1);
            String managed = MANAGED.get(name);
            if (managed != null) {
                documents.put(name, managed);
            }
        }
        StringBuilder key = new StringBuilder(role.arn());
        documents.forEach((name, doc) -> key.append('|').append(name).append('=').append(doc));
        return cache.computeIfAbsent(key.toString(), k -> {
            Map<String, IotPolicy> policies = new LinkedHashMap<>();
            String unreadableDeny = null;
            for (Map.Entry<String, String> entry : documents.entrySet()) {
                Translated translated = translate(entry.getKey(), entry.getValue());
                problems.addAll(translated.problems());
                if (translated.unreadableDeny() != null && unreadableDeny == null) {
                    unreadableDeny = translated.unreadableDeny();
                }
                if (translated.policy() != null) {
                    policies.put(entry.getKey(), translated.policy());
                }
            }
            return new Compiled(policies.isEmpty() ? null : PolicyEvaluator.ofNamed(policies), unreadableDeny,
                    List.copyOf(problems));
        });
    }

    private record Translated(IotPolicy policy, String unreadableDeny, List<String> problems) {
    }

    /** Keeps the MQTT part of each statement of an IAM policy and reads it as an AWS IoT policy. */
    private Translated translate(String policyName, String document) {
        List<String> problems = new ArrayList<>();
        JsonNode root;
        try {
            root = JSON.readTree(document);
        } catch (IOException e) {
            return new Translated(null, null, List.of("policy " + policyName + " is not valid JSON"));
        }
        JsonNode statements = root == null ? null : root.get("Statement");
        List<JsonNode> all = new ArrayList<>();
        if (statements != null && statements.isArray()) {
            statements.forEach(all::add);
        } else if (statements != null && statements.isObject()) {
            all.add(statements);
        }
        ArrayNode kept = JSON.createArrayNode();
        String unreadableDeny = null;
        for (int i = 0; i < all.size(); i++) {
            JsonNode statement = all.get(i);
            boolean deny = "Deny".equals(statement.path("Effect").asText());
            String where = "policy " + policyName + " statement " + (i + 1);
            ObjectNode mqtt = mqttPart(statement);
            if (mqtt == null) {
                continue;
            }
            try {
                IotPolicy.fromJson(single(root, mqtt).toString());
                kept.add(mqtt);
            } catch (RuntimeException e) {
                if (deny) {
                    if (unreadableDeny == null) {
                        unreadableDeny = where + " is a Deny that cannot be evaluated here (" + e.getMessage()
                                + "), so every MQTT action is denied";
                    }
                } else {
                    problems.add(where + " skipped: " + e.getMessage());
                }
            }
        }
        if (kept.isEmpty()) {
            return new Translated(null, unreadableDeny, problems);
        }
        ObjectNode usable = JSON.createObjectNode();
        usable.put("Version", root.path("Version").asText("2012-10-17"));
        usable.set("Statement", kept);
        try {
            return new Translated(IotPolicy.fromJson(usable.toString()), unreadableDeny, problems);
        } catch (RuntimeException e) {
            problems.add("policy " + policyName + " skipped: " + e.getMessage());
            return new Translated(null, unreadableDeny, problems);
        }
    }

    private static ObjectNode single(JsonNode root, ObjectNode statement) {
        ObjectNode single = JSON.createObjectNode();
        single.put("Version", root.path("Version").asText("2012-10-17"));
        single.putArray("Statement").add(statement);
        return single;
    }

    /**
     * The statement restricted to AWS IoT actions and resources, or {@code null} if it names none
     * (such a statement can neither allow nor deny an MQTT action).
     */
    private ObjectNode mqttPart(JsonNode statement) {
        ObjectNode copy = statement.deepCopy();
        String actionField = statement.has("Action") ? "Action" : statement.has("NotAction") ? "NotAction" : null;
        if (actionField != null) {
            List<String> actions = new ArrayList<>();
            for (String action : texts(statement.get(actionField))) {
                if ("*".equals(action)) {
                    if ("NotAction".equals(actionField)) {
                        return null; // NotAction "*" applies to no action at all
                    }
                    actions.add("iot:*");
                } else if (action.toLowerCase(Locale.ROOT).startsWith("iot:")) {
                    actions.add(action);
                }
            }
            if (actions.isEmpty() && "Action".equals(actionField)) {
                return null;
            }
            if (actions.isEmpty()) {
                // NotAction naming only other services' actions applies to every IoT action.
                copy.remove("NotAction");
                copy.put("Action", "iot:*");
            } else {
                ArrayNode list = copy.putArray(actionField);
                actions.forEach(list::add);
            }
        }
        if (statement.has("Resource")) {
            List<String> resources = new ArrayList<>();
            for (String resource : texts(statement.get("Resource"))) {
                if ("*".equals(resource) || resource.startsWith("arn:" + partition + ":iot:")) {
                    resources.add(resource);
                }
            }
            if (resources.isEmpty()) {
                return null;
            }
            ArrayNode list = copy.putArray("Resource");
            resources.forEach(list::add);
        }
        return copy;
    }

    private static List<String> texts(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node == null) {
            return out;
        }
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else {
            out.add(node.asText());
        }
        return out;
    }
}
