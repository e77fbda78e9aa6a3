package io.github.fleetprov.policy.internal;

import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.arn.IotResourceType;
import io.github.fleetprov.policy.IotAction;
import io.github.fleetprov.policy.IotCondition;
import io.github.fleetprov.policy.IotPolicy;
import io.github.fleetprov.policy.IotResource;
import io.github.fleetprov.policy.IotStatement;
import io.github.fleetprov.policy.LintFinding;
import io.github.fleetprov.policy.LintFinding.Severity;
import io.github.fleetprov.policy.PolicyVariable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The checks that {@code IotPolicy.Builder.build()} and {@code IotPolicy.fromJson} enforce: what AWS
 * IoT refuses, and what cannot work. The linter reports the same problems as errors.
 */
public final class PolicyValidator {

    /** Rule id: a required element is missing or malformed. */
    public static final String RULE_STRUCTURE = "structure";
    /** Rule id: no resource of the statement has the kind the action is authorized on. */
    public static final String RULE_WRONG_RESOURCE_KIND = "wrong-resource-kind";
    /** Rule id: unknown or forbidden policy variable. */
    public static final String RULE_UNKNOWN_VARIABLE = "unknown-variable";
    /** Rule id: document over the size limit. */
    public static final String RULE_SIZE = "size-limit";

    private PolicyValidator() {
    }

    /**
     * All errors of a policy, in document order.
     *
     * @param policy the policy
     * @return the errors, empty if the policy is valid
     */
    public static List<LintFinding> validate(IotPolicy policy) {
        List<LintFinding> out = new ArrayList<>();
        String version = policy.version();
        boolean variablesAllowed = version.equals(IotPolicy.VERSION_2012_10_17);
        if (!variablesAllowed && !version.equals("2008-10-17")) {
            out.add(error(RULE_STRUCTURE, "/Version", "the policy version '" + version + "' does not exist",
                    "Write \"Version\": \"2012-10-17\"."));
        }
        if (policy.statements().isEmpty()) {
            out.add(error(RULE_STRUCTURE, "/Statement", "the policy has no statement",
                    "Add at least one statement with Effect, Action and Resource."));
        }
        for (int i = 0; i < policy.statements().size(); i++) {
            IotStatement s = policy.statements().get(i);
            String at = "/Statement/" + i;
            String name = statementName(i, s);
            checkResourceKinds(out, at, name, s);
            checkVariables(out, at, name, s, "Resource", s.resources(), variablesAllowed);
            checkVariables(out, at, name, s, "NotResource", s.notResources(), variablesAllowed);
            Set<String> seen = new HashSet<>();
            for (IotCondition condition : s.conditions()) {
                String pointer = at + "/Condition/" + PointerText.escape(condition.operator().value()) + "/"
                        + PointerText.escape(condition.key());
                if (!seen.add(condition.operator().value() + "\u0000" + condition.key())) {
                    out.add(error(RULE_STRUCTURE, pointer, name + ": the condition key " + condition.key()
                                    + " appears twice under " + condition.operator().value(),
                            "Merge the values into one list; values of one key are alternatives."));
                }
                for (int v = 0; v < condition.values().size(); v++) {
                    checkText(out, pointer + "/" + v, name, condition.values().get(v), variablesAllowed);
                }
            }
        }
        int size = policy.sizeWithoutWhitespace();
        if (size > IotPolicy.MAX_SIZE_WITHOUT_WHITESPACE) {
            out.add(error(RULE_SIZE, "", "the document has " + size + " characters without white space, AWS IoT "
                            + "accepts at most " + IotPolicy.MAX_SIZE_WITHOUT_WHITESPACE,
                    "Use * wildcards or policy variables such as ${iot:Connection.Thing.ThingName} to merge "
                            + "resources, or split the permissions into several policies attached to the certificate."));
        }
        return out;
    }

    static String statementName(int index, IotStatement s) {
        return "statement " + index + s.sid().map(sid -> " (Sid " + sid + ")").orElse("");
    }

    private static void checkResourceKinds(List<LintFinding> out, String at, String name, IotStatement s) {
        if (s.resources().isEmpty()) {
            return;
        }
        for (int a = 0; a < s.actions().size(); a++) {
            IotAction action = s.actions().get(a);
            if (action.resourceType().isEmpty()) {
                continue;
            }
            IotResourceType wanted = action.resourceType().get();
            boolean fits = false;
            for (IotResource r : s.resources()) {
                if (r.type().isEmpty() || r.type().get() == wanted) {
                    fits = true;
                    break;
                }
            }
            if (!fits) {
                IotResource first = s.resources().get(0);
                String suggestion = first.id().map(id -> "arn:...:" + wanted.prefix() + "/" + id)
                        .orElse("a " + wanted.prefix() + "/ ARN");
                out.add(error(RULE_WRONG_RESOURCE_KIND, at + "/Action/" + a,
                        name + ": " + action.value() + " is authorized on " + wanted.prefix()
                                + "/ ARNs, but no resource of this statement is one, so it can never apply",
                        "Add " + suggestion + (wanted == IotResourceType.TOPICFILTER
                                ? " (Subscribe is checked against the literal topic filter)" : "")
                                + ", or move " + action.value() + " to a statement with " + wanted.prefix()
                                + "/ resources."));
            }
        }
    }

    private static void checkVariables(List<LintFinding> out, String at, String name, IotStatement s,
            String element, List<IotResource> resources, boolean variablesAllowed) {
        for (int k = 0; k < resources.size(); k++) {
            if (resources.get(k).isBound()) {
                checkText(out, at + "/" + element + "/" + k, name, resources.get(k).value(), variablesAllowed);
            }
        }
    }

    private static void checkText(List<LintFinding> out, String pointer, String name, String text,
            boolean variablesAllowed) {
        for (VariableText.Occurrence o : VariableText.scan(text)) {
            if (!variablesAllowed) {
                out.add(error(RULE_UNKNOWN_VARIABLE, pointer, name + ": policy variables such as ${" + o.name()
                                + "} are not substituted in a version 2008-10-17 policy",
                        "Write \"Version\": \"2012-10-17\"."));
                return;
            }
            try {
                PolicyVariable.parse(o.name());
            } catch (InvalidInputException e) {
                out.add(error(RULE_UNKNOWN_VARIABLE, pointer, name + ": ${" + o.name() + "}: " + e.problem(), e.fix()));
            }
        }
    }

    private static LintFinding error(String rule, String pointer, String message, String fix) {
        return new LintFinding(rule, Severity.ERROR, pointer, message, fix);
    }
}
