package io.github.fleetprov.policy.internal;

import io.github.fleetprov.core.arn.IotResourceType;
import io.github.fleetprov.policy.IotAction;
import io.github.fleetprov.policy.IotCondition;
import io.github.fleetprov.policy.IotConditionOperator;
import io.github.fleetprov.policy.IotPolicy;
import io.github.fleetprov.policy.IotResource;
import io.github.fleetprov.policy.IotStatement;
import io.github.fleetprov.policy.LintFinding;
import io.github.fleetprov.policy.LintFinding.Severity;
import io.github.fleetprov.policy.PolicyPurpose;
import io.github.fleetprov.policy.PolicyVariable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** The rules of {@code PolicyLinter}. */
public final class LintRules {

    /** Rule id: the document's structure. */
    public static final String STRUCTURE = PolicyValidator.RULE_STRUCTURE;
    /** Rule id. */
    public static final String SUBSCRIBE_ON_TOPIC = "subscribe-on-topic";
    /** Rule id. */
    public static final String PUBLISH_RECEIVE_ON_TOPICFILTER = "publish-receive-on-topicfilter";
    /** Rule id. */
    public static final String SUBSCRIBE_WITHOUT_RECEIVE = "subscribe-without-receive";
    /** Rule id. */
    public static final String OVERLY_BROAD_RESOURCE = "overly-broad-resource";
    /** Rule id. */
    public static final String CLIENT_ID_WITHOUT_IS_ATTACHED = "clientid-without-isattached";
    /** Rule id. */
    public static final String MQTT_WILDCARD_IN_DENY = "mqtt-wildcard-in-deny";
    /** Rule id. */
    public static final String TOPICFILTER_DENY_BYPASS = "topicfilter-deny-bypass";
    /** Rule id. */
    public static final String THING_VARIABLE_NEEDS_CLIENT_ID = "thing-variable-needs-clientid";
    /** Rule id. */
    public static final String UNKNOWN_ACTION = "unknown-action";
    /** Rule id: a resource ARN that cannot match any resource. */
    public static final String RESOURCE_CANNOT_MATCH = "resource-cannot-match";
    /** Rule id: no Publish on the certificate or RegisterThing request topic. */
    public static final String CLAIM_CANNOT_PROVISION = "claim-cannot-provision";
    /** Rule id: a fleet provisioning reply topic that may be subscribed but not received. */
    public static final String PROVISIONING_REPLY_NOT_RECEIVED = "provisioning-reply-not-received";

    private static final Set<IotAction> BROAD_CHECKED = Set.of(IotAction.CONNECT, IotAction.PUBLISH,
            IotAction.SUBSCRIBE, IotAction.RECEIVE, IotAction.GET_THING_SHADOW, IotAction.UPDATE_THING_SHADOW,
            IotAction.DELETE_THING_SHADOW, IotAction.DESCRIBE_JOB_EXECUTION, IotAction.GET_PENDING_JOB_EXECUTIONS,
            IotAction.START_NEXT_PENDING_JOB_EXECUTION, IotAction.UPDATE_JOB_EXECUTION);
    private static final Set<String> MOVED_JOBS_ACTIONS = Set.of("iot:describejobexecution",
            "iot:getpendingjobexecutions", "iot:startnextpendingjobexecution", "iot:updatejobexecution");

    private LintRules() {
    }

    /**
     * Lints a policy.
     *
     * @param policy the policy
     * @return the findings, errors first, then in document order
     */
    public static List<LintFinding> lint(IotPolicy policy) {
        return lint(policy, PolicyPurpose.GENERAL);
    }

    /**
     * Lints a policy written for a purpose.
     *
     * @param policy the policy
     * @param purpose what the policy is for
     * @return the findings, errors first, then in document order
     */
    public static List<LintFinding> lint(IotPolicy policy, PolicyPurpose purpose) {
        List<LintFinding> out = new ArrayList<>();
        for (LintFinding f : PolicyValidator.validate(policy)) {
            out.add(renameKindFinding(policy, f));
        }
        List<IotStatement> statements = policy.statements();
        for (int i = 0; i < statements.size(); i++) {
            IotStatement s = statements.get(i);
            String at = "/Statement/" + i;
            String name = PolicyValidator.statementName(i, s);
            unknownActions(out, at, name, s);
            ArnShapes.lint(out, at, name, s);
            if (s.effect().isAllow()) {
                overlyBroad(out, at, name, s);
                clientIdWithoutIsAttached(out, at, name, s);
                subscribeWithoutReceive(out, at, name, s, policy, purpose);
            } else {
                denyRules(out, at, name, s, policy);
            }
        }
        thingVariables(out, policy);
        ProvisioningLint.lint(out, policy, purpose);
        out.sort(Comparator.comparing(LintFinding::severity));
        return out;
    }

    private static LintFinding renameKindFinding(IotPolicy policy, LintFinding f) {
        if (!f.ruleId().equals(PolicyValidator.RULE_WRONG_RESOURCE_KIND)) {
            return f;
        }
        String[] parts = f.pointer().split("/");
        IotStatement s = policy.statements().get(Integer.parseInt(parts[2]));
        IotAction action = s.actions().get(Integer.parseInt(parts[4]));
        String rule = action.equals(IotAction.SUBSCRIBE) ? SUBSCRIBE_ON_TOPIC
                : (action.equals(IotAction.PUBLISH) || action.equals(IotAction.RECEIVE)
                        ? PUBLISH_RECEIVE_ON_TOPICFILTER : f.ruleId());
        return new LintFinding(rule, f.severity(), f.pointer(), f.message(), f.fix());
    }

    private static void unknownActions(List<LintFinding> out, String at, String name, IotStatement s) {
        List<IotAction> actions = s.actions().isEmpty() ? s.notActions() : s.actions();
        String element = s.actions().isEmpty() ? "NotAction" : "Action";
        for (int a = 0; a < actions.size(); a++) {
            IotAction action = actions.get(a);
            String lower = action.value().toLowerCase(java.util.Locale.ROOT);
            if (action.isWildcard() || action.isKnown()
                    || !(lower.startsWith("iot:") || lower.startsWith("iotjobsdata:"))) {
                continue;
            }
            String fix = MOVED_JOBS_ACTIONS.contains(lower)
                    ? "Write iotjobsdata:" + action.value().substring(4) + ": the jobs data-plane actions use the "
                            + "iotjobsdata: prefix."
                    : "Check the spelling against the AWS IoT actions, e.g. iot:Connect, iot:Publish, iot:Subscribe, "
                            + "iot:Receive.";
            out.add(new LintFinding(UNKNOWN_ACTION, Severity.WARNING, at + "/" + element + "/" + a,
                    name + ": AWS IoT does not define the action " + action.value(), fix));
        }
    }

    static boolean grants(IotStatement s, IotAction action) {
        if (!s.actions().isEmpty()) {
            return s.actions().stream().anyMatch(a -> a.covers(action));
        }
        return s.notActions().stream().noneMatch(a -> a.covers(action));
    }

    private static boolean grantsOnly(IotStatement s, Set<IotAction> actions) {
        return !s.actions().isEmpty() && s.actions().stream().allMatch(actions::contains);
    }

    /** A service wildcard: {@code *} or {@code <service>:*}, e.g. {@code greengrass:*}. */
    private static String serviceWildcard(IotStatement s) {
        for (IotAction a : s.actions()) {
            String v = a.value();
            int colon = v.indexOf(':');
            if (v.equals("*") || (colon > 0 && v.substring(colon + 1).equals("*")
                    && v.substring(0, colon).chars().noneMatch(c -> c == '*' || c == '?'))) {
                return v;
            }
        }
        return null;
    }

    private static void overlyBroad(List<LintFinding> out, String at, String name, IotStatement s) {
        boolean relevant = BROAD_CHECKED.stream().anyMatch(a -> grants(s, a));
        String wildcard = serviceWildcard(s);
        if ((!relevant && wildcard == null) || s.resources().isEmpty()) {
            return;
        }
        for (int k = 0; k < s.resources().size(); k++) {
            IotResource r = s.resources().get(k);
            String why = null;
            String id = r.id().orElse(null);
            if (r.isAll() && wildcard != null) {
                why = wildcard.equals("*") ? "Action * with Resource * grants every action of every service on "
                        + "every resource" : wildcard + " with Resource * grants every " + wildcard.substring(0,
                        wildcard.indexOf(':')) + " action, present and future, on every resource in the account";
            } else if (!relevant) {
                continue;
            } else if (r.isAll()) {
                why = "* grants the actions on every client id, topic and thing in the account";
            } else if (r.type().isPresent() && id != null && (id.equals("*") || id.equals("#"))) {
                why = r.type().get().prefix() + "/" + id + " grants the actions on every " + r.type().get().prefix();
                if (id.equals("#")) {
                    why = r.type().get().prefix() + "/# is literal in a policy and only covers the text #";
                }
            } else if (id != null && id.startsWith("$aws/things/*")) {
                why = r.value() + " covers the shadow and job topics of every thing";
            }
            if (why != null && r.isAll() && wildcard != null) {
                out.add(new LintFinding(OVERLY_BROAD_RESOURCE, Severity.WARNING, at + "/Resource/" + k,
                        name + ": " + why, "List the actions the device needs instead of " + wildcard
                                + ", and scope the resources to the device's own thing, topics and role alias."));
            } else if (why != null) {
                out.add(new LintFinding(OVERLY_BROAD_RESOURCE, Severity.WARNING, at + "/Resource/" + k,
                        name + ": " + why, "Scope the resource to the device: e.g. client/${iot:Connection.Thing."
                                + "ThingName} for iot:Connect, topic/devices/${iot:Connection.Thing.ThingName}/* for "
                                + "topics, thing/${iot:Connection.Thing.ThingName} for shadows and jobs."));
            }
        }
    }

    private static boolean hasIsAttached(IotStatement s) {
        for (IotCondition c : s.conditions()) {
            if (c.key().equals(PolicyVariable.IS_ATTACHED.name()) && c.operator().baseName().equals("Bool")
                    && c.operator().setQualifier() == IotConditionOperator.SetQualifier.NONE
                    && c.values().contains("true")) {
                return true;
            }
        }
        return false;
    }

    private static void clientIdWithoutIsAttached(List<LintFinding> out, String at, String name, IotStatement s) {
        if (hasIsAttached(s)) {
            return;
        }
        for (int k = 0; k < s.resources().size(); k++) {
            IotResource r = s.resources().get(k);
            if (!r.value().contains(PolicyVariable.CLIENT_ID.toString())) {
                continue;
            }
            IotResourceType type = r.type().orElse(null);
            String why = type == IotResourceType.CLIENT
                    ? "client/${iot:ClientId} lets any client id connect, like client/*"
                    : (type == IotResourceType.TOPICFILTER
                            ? "a client that connects with client id + or # gets the MQTT wildcard filter "
                                    + r.id().orElse("").replace(PolicyVariable.CLIENT_ID.toString(), "+")
                            : "${iot:ClientId} is whatever id the client chooses, so this resource is only as narrow "
                                    + "as the allowed client ids");
            out.add(new LintFinding(CLIENT_ID_WITHOUT_IS_ATTACHED, Severity.WARNING, at + "/Resource/" + k,
                    name + ": " + why, "Use ${iot:Connection.Thing.ThingName} with the condition "
                            + "{\"Bool\": {\"iot:Connection.Thing.IsAttached\": \"true\"}}, or restrict iot:Connect "
                            + "to known client ids."));
        }
    }

    private static void subscribeWithoutReceive(List<LintFinding> out, String at, String name, IotStatement s,
            IotPolicy policy, PolicyPurpose purpose) {
        if (!grants(s, IotAction.SUBSCRIBE) || s.actions().isEmpty()) {
            return;
        }
        for (int k = 0; k < s.resources().size(); k++) {
            IotResource r = s.resources().get(k);
            if (r.type().orElse(null) != IotResourceType.TOPICFILTER) {
                continue;
            }
            String topic = r.value().replaceFirst(":topicfilter/", ":topic/");
            List<String> replies = ProvisioningLint.replyTopicsCoveredBy(policy, r.id().orElseThrow());
            if (!replies.isEmpty()) {
                List<String> lost = replies.stream()
                        .filter(reply -> !ProvisioningLint.allows(policy, IotAction.RECEIVE, reply)).toList();
                if (!lost.isEmpty()) {
                    boolean claim = purpose == PolicyPurpose.CLAIM;
                    out.add(new LintFinding(PROVISIONING_REPLY_NOT_RECEIVED, claim ? Severity.ERROR : Severity.WARNING,
                            at + "/Resource/" + k, name + ": the device may subscribe to the fleet provisioning "
                                    + "reply " + (lost.size() == 1 ? "topic " + lost.get(0) : "topics " + lost)
                                    + " but no statement allows iot:Receive on " + (lost.size() == 1 ? "it" : "them")
                                    + ", so the reply never arrives and provisioning "
                                    + (claim ? "cannot finish" : "waits until it times out"),
                            "Allow iot:Receive on " + topic + "."));
                }
                continue;
            }
            if (!receiveCovers(policy, topic)) {
                out.add(new LintFinding(SUBSCRIBE_WITHOUT_RECEIVE, Severity.WARNING, at + "/Resource/" + k,
                        name + ": the filter may be subscribed but no statement allows iot:Receive on " + topic
                                + ", so no message arrives", "Allow iot:Receive on " + topic + "."));
            }
        }
    }

    private static boolean receiveCovers(IotPolicy policy, String topic) {
        for (IotStatement other : policy.statements()) {
            if (!other.effect().isAllow() || !grants(other, IotAction.RECEIVE)) {
                continue;
            }
            if (other.resources().isEmpty()) {
                if (other.notResources().stream().noneMatch(n -> Glob.matches(n.value(), topic))) {
                    return true;
                }
                continue;
            }
            for (IotResource rr : other.resources()) {
                if (rr.isAll() || rr.value().equals(topic) || Glob.matches(rr.value(), topic)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void denyRules(List<LintFinding> out, String at, String name, IotStatement s, IotPolicy policy) {
        for (int k = 0; k < s.resources().size(); k++) {
            IotResource r = s.resources().get(k);
            String id = r.id().orElse("");
            if (id.contains("+") || id.contains("#")) {
                out.add(new LintFinding(MQTT_WILDCARD_IN_DENY, Severity.WARNING, at + "/Resource/" + k,
                        name + ": + and # are literal in a policy, so this Deny only covers the exact text " + id,
                        "Use * (any characters) or ? (one character) to deny a range of topics."));
            }
            if (r.type().orElse(null) == IotResourceType.TOPICFILTER && grants(s, IotAction.SUBSCRIBE)) {
                String topic = r.value().replaceFirst(":topicfilter/", ":topic/");
                boolean receiveDenied = policy.statements().stream().anyMatch(o -> !o.effect().isAllow()
                        && grants(o, IotAction.RECEIVE) && o.resources().stream().anyMatch(
                                x -> x.isAll() || Glob.matches(x.value(), topic)));
                if (!receiveDenied) {
                    out.add(new LintFinding(TOPICFILTER_DENY_BYPASS, Severity.WARNING, at + "/Resource/" + k,
                            name + ": a client can still subscribe with a filter such as "
                                    + parentWildcard(id) + " that this Deny does not match and receive these messages",
                            "Also deny iot:Receive on " + topic + "; Receive is checked for every delivered message."));
                }
            }
        }
    }

    private static String parentWildcard(String id) {
        int slash = id.indexOf('/');
        return slash < 0 ? "#" : id.substring(0, slash) + "/#";
    }

    private static boolean usesThingVariables(IotStatement s) {
        for (IotResource r : s.resources()) {
            if (r.value().contains("${iot:Connection.Thing.")) {
                return true;
            }
        }
        for (IotCondition c : s.conditions()) {
            if (c.values().stream().anyMatch(v -> v.contains("${iot:Connection.Thing."))) {
                return true;
            }
        }
        return false;
    }

    /** One finding per policy, at the first statement that uses thing variables. */
    private static void thingVariables(List<LintFinding> out, IotPolicy policy) {
        List<Integer> users = new ArrayList<>();
        for (int i = 0; i < policy.statements().size(); i++) {
            if (usesThingVariables(policy.statements().get(i))) {
                users.add(i);
            }
        }
        if (users.isEmpty()) {
            return;
        }
        String connectToThingName = "client/" + PolicyVariable.THING_NAME;
        boolean connectPinned = policy.statements().stream().anyMatch(o -> o.effect().isAllow()
                && grants(o, IotAction.CONNECT) && !o.resources().isEmpty()
                && o.resources().stream().allMatch(r -> r.value().endsWith(connectToThingName)));
        String which = users.size() == 1 ? "statement " + users.get(0) : "statements " + users;
        out.add(new LintFinding(THING_VARIABLE_NEEDS_CLIENT_ID, connectPinned ? Severity.INFO : Severity.WARNING,
                "/Statement/" + users.get(0), which + " use thing variables, which are only substituted when the "
                        + "certificate is attached to a thing whose name is the client id"
                        + (connectPinned ? "" : "; this policy lets clients connect with other client ids, for which "
                        + "those statements silently never match"),
                "Devices must connect with their thing name as client id; allow iot:Connect only on "
                        + "client/${iot:Connection.Thing.ThingName}."));
    }
}
