package io.github.fleetprov.template;

import java.util.List;
import java.util.Objects;

import io.github.fleetprov.policy.LintFinding;
import io.github.fleetprov.template.internal.TemplateLint;

/**
 * Checks provisioning templates for mistakes that AWS reports only when a device in the field is
 * rejected, or never. Each finding has a rule id, a severity, the JSON pointer of the offending
 * value, a message and a fix.
 *
 * <table>
 * <caption>Rules</caption>
 * <tr><th>rule id</th><th>severity</th><th>finds</th></tr>
 * <tr><td>{@code json-syntax}</td><td>ERROR</td><td>a body that is not JSON (with line and column)</td></tr>
 * <tr><td>{@code undeclared-ref}</td><td>ERROR</td><td>a {@code Ref} or {@code Fn::Sub} variable that names no declared parameter or available pseudo-parameter</td></tr>
 * <tr><td>{@code unused-parameter}</td><td>WARNING</td><td>a declared parameter that nothing refers to</td></tr>
 * <tr><td>{@code merge-not-allowed}</td><td>ERROR</td><td>MERGE on a property other than AttributePayload and ThingGroups</td></tr>
 * <tr><td>{@code override-without-property}</td><td>WARNING</td><td>OverrideSettings for a property the resource does not set</td></tr>
 * <tr><td>{@code unknown-override}</td><td>ERROR</td><td>OverrideSettings for a property that has none, or an unknown action</td></tr>
 * <tr><td>{@code policy-name-or-document}</td><td>ERROR</td><td>a policy resource with neither or both of PolicyName and PolicyDocument</td></tr>
 * <tr><td>{@code embedded-policy-invalid}</td><td>ERROR</td><td>an embedded PolicyDocument that is not a valid IoT policy</td></tr>
 * <tr><td>{@code embedded-policy/<rule>}</td><td>as the policy linter says</td><td>findings of the IoT policy linter on an embedded document</td></tr>
 * <tr><td>{@code sub-policy-variable}</td><td>ERROR</td><td>{@code Fn::Sub} text with {@code ${iot:...}}, which Fn::Sub would take as a template variable</td></tr>
 * <tr><td>{@code undocumented-function}</td><td>ERROR</td><td>an intrinsic function AWS does not document for templates ({@code Fn::If}, {@code Fn::GetAtt}, ...)</td></tr>
 * <tr><td>{@code body-too-large}</td><td>ERROR</td><td>a body over 10,240 characters; checked on the text before parsing, it is then the only finding</td></tr>
 * <tr><td>{@code policy-too-large}</td><td>ERROR</td><td>an embedded policy over 2,048 characters without white space</td></tr>
 * <tr><td>{@code constant-thing-name}</td><td>WARNING</td><td>a ThingName that depends on no parameter: every device would get the same thing</td></tr>
 * <tr><td>{@code certificate-source}</td><td>ERROR</td><td>a fleet provisioning or JITP template whose certificate is not given by CertificateId</td></tr>
 * <tr><td>{@code unknown-mapping}</td><td>ERROR</td><td>a literal Fn::FindInMap map or key that Mappings does not have</td></tr>
 * <tr><td>{@code fleet-only-section}</td><td>WARNING</td><td>Mappings or DeviceConfiguration in a JITP template</td></tr>
 * <tr><td>{@code template-invalid}</td><td>ERROR</td><td>anything else that makes {@link ProvisioningTemplate#fromJson(String)} refuse the body</td></tr>
 * </table>
 */
public final class TemplateLinter {

    private TemplateLinter() {
    }

    /**
     * Lints a template.
     *
     * @param template the template
     * @return the findings, errors first, then in document order
     */
    public static List<LintFinding> lint(ProvisioningTemplate template) {
        Objects.requireNonNull(template, "template");
        return TemplateLint.lint(template.toJson(), template.type());
    }

    /**
     * Lints a fleet provisioning template body.
     *
     * @param json the template body
     * @return the findings, errors first, then in document order
     */
    public static List<LintFinding> lint(String json) {
        return lint(json, TemplateType.FLEET_PROVISIONING);
    }

    /**
     * Lints a template body of the given type.
     *
     * @param json the template body
     * @param type the template type
     * @return the findings, errors first, then in document order
     */
    public static List<LintFinding> lint(String json, TemplateType type) {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(type, "type");
        return TemplateLint.lint(json, type);
    }
}
