package io.github.fleetprov.policy.internal;

import io.github.fleetprov.core.arn.IotResourceType;
import io.github.fleetprov.policy.IotAction;
import io.github.fleetprov.policy.IotPolicy;
import io.github.fleetprov.policy.IotResource;
import io.github.fleetprov.policy.IotStatement;
import io.github.fleetprov.policy.LintFinding;
import io.github.fleetprov.policy.LintFinding.Severity;
import io.github.fleetprov.policy.PolicyPurpose;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a policy lets a device finish fleet provisioning by claim: get a certificate
 * (CreateKeysAndCertificate or CreateCertificateFromCsr), call RegisterThing on a template the
 * policy names, and receive the replies it subscribes to. Topics from the AWS IoT developer guide,
 * "Device provisioning MQTT API".
 */
final class ProvisioningLint {

    private static final String TEMPLATES = "$aws/provisioning-templates/";
    private static final Pattern TEMPLATE_TOPIC = Pattern.compile("^\\$aws/provisioning-templates/([^/]+)/");
    private static final List<String> FORMATS = List.of("json", "cbor");

    private ProvisioningLint() {
    }

    /**
     * The reply topics of the fleet provisioning MQTT API that a topic filter of a Subscribe
     * resource covers: those of the certificate operations and of the templates the policy names,
     * in both formats.
     *
     * @param policy the policy
     * @param filter the topic filter as written in the resource (with {@code *} and {@code ?})
     * @return the covered reply topics, empty if none
     */
    static List<String> replyTopicsCoveredBy(IotPolicy policy, String filter) {
        List<String> operations = new java.util.ArrayList<>(List.of("$aws/certificates/create",
                "$aws/certificates/create-from-csr"));
        for (String template : templateNames(policy)) {
            if (template.indexOf('*') < 0 && template.indexOf('?') < 0) {
                operations.add(TEMPLATES + template + "/provision");
            }
        }
        List<String> out = new java.util.ArrayList<>();
        for (String operation : operations) {
            for (String format : FORMATS) {
                for (String reply : List.of("accepted", "rejected")) {
                    String topic = operation + "/" + format + "/" + reply;
                    if (Glob.matches(filter, topic)) {
                        out.add(topic);
                    }
                }
            }
        }
        return out;
    }

    private static Set<String> templateNames(IotPolicy policy) {
        Set<String> templates = new LinkedHashSet<>();
        for (IotStatement s : policy.statements()) {
            for (IotResource r : s.resources()) {
                Matcher m = TEMPLATE_TOPIC.matcher(r.id().orElse(""));
                if (m.find()) {
                    templates.add(m.group(1));
                }
            }
        }
        return templates;
    }

    static void lint(List<LintFinding> out, IotPolicy policy, PolicyPurpose purpose) {
        Severity severity = purpose == PolicyPurpose.CLAIM ? Severity.ERROR : Severity.WARNING;
        Set<String> templates = new LinkedHashSet<>();
        int firstMention = -1;
        for (int i = 0; i < policy.statements().size(); i++) {
            for (IotResource r : policy.statements().get(i).resources()) {
                if (r.id().isEmpty()) {
                    continue;
                }
                Matcher m = TEMPLATE_TOPIC.matcher(r.id().get());
                if (m.find()) {
                    templates.add(m.group(1));
                    firstMention = firstMention < 0 ? i : firstMention;
                }
            }
        }
        if (purpose != PolicyPurpose.CLAIM && templates.isEmpty()) {
            return;
        }
        String pointer = firstMention < 0 ? "" : "/Statement/" + firstMention;
        boolean registers = false;
        for (String template : templates) {
            for (String format : FORMATS) {
                registers |= allows(policy, IotAction.PUBLISH, TEMPLATES + template + "/provision/" + format);
            }
        }
        if (!registers) {
            String named = templates.isEmpty() ? "names no provisioning template"
                    : "allows no iot:Publish on the RegisterThing topic of " + (templates.size() == 1
                            ? "the template it names, " + TEMPLATES + templates.iterator().next() + "/provision/json"
                            : "any template it names " + templates);
            out.add(new LintFinding(LintRules.CLAIM_CANNOT_PROVISION, severity, pointer,
                    "the policy " + named + ", so a device cannot call RegisterThing", "Allow iot:Publish on "
                            + "topic/$aws/provisioning-templates/<template name>/provision/json (or /cbor), with "
                            + "iot:Subscribe and iot:Receive on its /accepted and /rejected replies."));
        }
        if (purpose == PolicyPurpose.CLAIM) {
            boolean certificate = false;
            for (String operation : List.of("$aws/certificates/create/", "$aws/certificates/create-from-csr/")) {
                for (String format : FORMATS) {
                    certificate |= allows(policy, IotAction.PUBLISH, operation + format);
                }
            }
            if (!certificate) {
                out.add(new LintFinding(LintRules.CLAIM_CANNOT_PROVISION, severity, "",
                        "the claim policy allows iot:Publish neither on $aws/certificates/create-from-csr/json nor on "
                                + "$aws/certificates/create/json, so a device cannot get its own certificate",
                        "Allow iot:Publish on topic/$aws/certificates/create-from-csr/json (the device sends a CSR) "
                                + "or topic/$aws/certificates/create/json, with iot:Subscribe and iot:Receive on "
                                + "the /accepted and /rejected replies."));
            }
        }
    }

    /**
     * Whether an Allow statement covers an MQTT topic for an action and no Deny statement does.
     * Resources are compared without their partition, region and account, which other rules check.
     */
    static boolean allows(IotPolicy policy, IotAction action, String topic) {
        IotResourceType kind = action.resourceType().orElseThrow();
        boolean allowed = false;
        for (IotStatement s : policy.statements()) {
            if (!LintRules.grants(s, action)) {
                continue;
            }
            boolean covers = false;
            if (s.resources().isEmpty()) {
                covers = s.notResources().stream().noneMatch(n -> covers(n, kind, topic));
            } else {
                covers = s.resources().stream().anyMatch(r -> covers(r, kind, topic));
            }
            if (covers && !s.effect().isAllow()) {
                return false;
            }
            allowed |= covers && s.effect().isAllow();
        }
        return allowed;
    }

    private static boolean covers(IotResource r, IotResourceType kind, String topic) {
        if (r.isAll()) {
            return true;
        }
        if (r.type().isPresent()) {
            return r.type().get() == kind && Glob.matches(r.id().orElseThrow(), topic);
        }
        // A pattern such as arn:aws:iot:us-east-1:123456789012:* that names no resource kind.
        String[] fields = r.value().split(":", 6);
        String prefix = fields.length == 6 ? String.join(":", List.of(fields).subList(0, 5))
                : "arn:aws:iot:us-east-1:123456789012";
        return Glob.matches(r.value(), prefix + ":" + kind.prefix() + "/" + topic);
    }
}
