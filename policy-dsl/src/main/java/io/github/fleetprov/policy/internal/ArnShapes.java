package io.github.fleetprov.policy.internal;

import io.github.fleetprov.core.arn.IotResourceType;
import io.github.fleetprov.policy.IotAction;
import io.github.fleetprov.policy.IotResource;
import io.github.fleetprov.policy.IotStatement;
import io.github.fleetprov.policy.LintFinding;
import io.github.fleetprov.policy.LintFinding.Severity;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Resource ARNs that cannot match any resource: a field of the wrong shape, or a resource type no
 * action of the statement is authorized on. A field that holds {@code *}, {@code ?} or a policy
 * variable could match and is not judged; after a {@code *} or a variable, which may stand for
 * colons too, the later fields are not judged either.
 */
final class ArnShapes {

    /**
     * The partitions of the AWS SDKs' {@code partitions.json} (and the ARN format of the IAM user
     * guide, "IAM identifiers": {@code arn:partition:service:region:account-id:resource}).
     */
    static final Set<String> PARTITIONS = Set.of("aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b",
            "aws-iso-e", "aws-iso-f", "aws-eusc");
    private static final Pattern SERVICE = Pattern.compile("[a-z0-9-]+");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");

    private ArnShapes() {
    }

    static void lint(List<LintFinding> out, String at, String name, IotStatement s) {
        boolean iotOnly = !s.actions().isEmpty() && s.actions().stream().allMatch(a -> {
            String v = a.value().toLowerCase(Locale.ROOT);
            return v.startsWith("iot:") || v.startsWith("iotjobsdata:");
        });
        Set<IotResourceType> used = usedTypes(s);
        for (int k = 0; k < s.resources().size(); k++) {
            IotResource r = s.resources().get(k);
            if (!r.isBound() || r.isAll()) {
                continue;
            }
            String problem = fieldProblem(r.value(), iotOnly);
            if (problem == null && used != null) {
                if (r.type().isPresent() && !used.contains(r.type().get())) {
                    problem = typeProblem(s, r.type().get().prefix());
                } else if (r.type().isEmpty() && iotTypePrefix(r.value()) != null) {
                    problem = typeProblem(s, iotTypePrefix(r.value()));
                }
            }
            if (problem != null) {
                out.add(new LintFinding(ruleFor(s, r), Severity.ERROR, at + "/Resource/" + k,
                        name + ": " + problem + ", so " + r.value() + " matches nothing", fixFor(r)));
            }
        }
    }

    /** The existing rule ids name the two MQTT mix-ups; every other shape gets its own id. */
    private static String ruleFor(IotStatement s, IotResource r) {
        IotResourceType type = r.type().orElse(null);
        if (type == IotResourceType.TOPIC && s.actions().contains(IotAction.SUBSCRIBE) && !fieldsBroken(r)) {
            return LintRules.SUBSCRIBE_ON_TOPIC;
        }
        if (type == IotResourceType.TOPICFILTER && !fieldsBroken(r)
                && (s.actions().contains(IotAction.PUBLISH) || s.actions().contains(IotAction.RECEIVE))) {
            return LintRules.PUBLISH_RECEIVE_ON_TOPICFILTER;
        }
        return LintRules.RESOURCE_CANNOT_MATCH;
    }

    private static boolean fieldsBroken(IotResource r) {
        return fieldProblem(r.value(), false) != null;
    }

    /**
     * The resource types the statement's actions are authorized on, or {@code null} when that is
     * not known (NotAction, wildcard or unknown actions, actions of other services).
     */
    private static Set<IotResourceType> usedTypes(IotStatement s) {
        if (s.actions().isEmpty()) {
            return null;
        }
        Set<IotResourceType> used = EnumSet.noneOf(IotResourceType.class);
        for (IotAction a : s.actions()) {
            if (a.isWildcard() || a.resourceType().isEmpty()) {
                return null;
            }
            used.add(a.resourceType().get());
        }
        return used;
    }

    private static String typeProblem(IotStatement s, String typePrefix) {
        StringBuilder sb = new StringBuilder();
        for (IotAction a : s.actions()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(a.value()).append(" on ").append(a.resourceType().orElseThrow().prefix()).append('/');
        }
        return "no action of the statement is authorized on " + typePrefix + "/ ARNs (" + sb + ")";
    }

    /**
     * The first field of an ARN that cannot match, described; {@code null} if every judged field
     * could match.
     *
     * @param arn the resource text
     * @param iotOnly whether the statement grants only AWS IoT actions, whose resources are
     *     {@code iot} ARNs
     */
    static String fieldProblem(String arn, boolean iotOnly) {
        String[] f = arn.split(":", 6);
        String[] names = {"arn", "partition", "service", "region", "account", "resource"};
        boolean iot = false;
        if (f.length < 6 && java.util.Arrays.stream(f).noneMatch(ArnShapes::isOpen) && f[0].equals("arn")) {
            return "'" + arn + "' has " + f.length + " of the 6 ARN fields "
                    + "(arn:partition:service:region:account-id:resource)";
        }
        for (int i = 0; i < 6; i++) {
            if (i >= f.length) {
                return "'" + arn + "' has " + f.length + " of the 6 ARN fields "
                        + "(arn:partition:service:region:account-id:resource); the " + names[i] + " is missing";
            }
            String field = f[i];
            if (isOpen(field)) {
                return null;
            }
            if (isPattern(field)) {
                continue;
            }
            switch (i) {
                case 0:
                    if (!field.equals("arn")) {
                        return "'" + arn + "' is not an ARN (arn:partition:service:region:account-id:resource)";
                    }
                    break;
                case 1:
                    if (!PARTITIONS.contains(field)) {
                        return "'" + field + "' is not an AWS partition (aws, aws-cn, aws-us-gov, aws-iso, ...)";
                    }
                    break;
                case 2:
                    if (!SERVICE.matcher(field).matches()) {
                        return "'" + field + "' is not a service name";
                    }
                    if (iotOnly && !field.equals("iot")) {
                        return "the statement grants only AWS IoT actions, which are authorized on "
                                + "arn:...:iot:... resources, not on the service '" + field + "'";
                    }
                    iot = field.equals("iot");
                    break;
                case 3:
                    if (field.isEmpty() ? iot : !REGION.matcher(field).matches()) {
                        return field.isEmpty() ? "the region field is empty; AWS IoT resources are regional"
                                : "'" + field + "' is not a region (such as us-east-1)";
                    }
                    break;
                case 4:
                    if (field.isEmpty() ? iot : !(ACCOUNT.matcher(field).matches() || field.equals("aws"))) {
                        return field.isEmpty() ? "the account field is empty; AWS IoT resources belong to an account"
                                : "'" + field + "' is not a 12-digit account id";
                    }
                    break;
                default:
                    break;
            }
        }
        return null;
    }

    /**
     * The resource type prefix of an {@code iot} ARN whose first five fields hold no {@code *} or
     * variable, e.g. {@code topics} in {@code arn:aws:iot:us-east-1:123456789012:topics/a}; {@code null}
     * if the ARN is not such an ARN or the prefix may be anything.
     */
    static String iotTypePrefix(String arn) {
        String[] f = arn.split(":", 6);
        if (f.length < 6 || !f[2].equals("iot")) {
            return null;
        }
        for (int i = 0; i < 5; i++) {
            if (isOpen(f[i])) {
                return null;
            }
        }
        int slash = f[5].indexOf('/');
        String prefix = slash < 0 ? f[5] : f[5].substring(0, slash);
        return isOpen(prefix) || isPattern(prefix) ? null : prefix;
    }

    /** A field after which the colon structure is unknown: {@code *} or a policy variable. */
    private static boolean isOpen(String field) {
        return field.indexOf('*') >= 0 || field.contains("${");
    }

    private static boolean isPattern(String field) {
        return field.indexOf('?') >= 0;
    }

    private static String fixFor(IotResource r) {
        return "Write arn:<partition>:iot:<region>:<12-digit account>:<type>/<id> with the values of the "
                + "account the devices connect to, e.g. arn:aws:iot:us-east-1:123456789012:"
                + r.type().map(t -> t.prefix() + "/" + r.id().orElse("")).orElse("topic/...")
                + "; for iot:Connect use client/, for iot:Publish and iot:Receive topic/, for iot:Subscribe "
                + "topicfilter/.";
    }
}
