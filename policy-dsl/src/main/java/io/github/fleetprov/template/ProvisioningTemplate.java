package io.github.fleetprov.template;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.template.internal.DefaultProvisioningTemplate;
import io.github.fleetprov.template.internal.TemplateJsonReader;
import org.jspecify.annotations.Nullable;

/**
 * An AWS IoT provisioning template: {@code Parameters}, {@code Mappings}, {@code Resources} (a
 * thing, a certificate, policies) and {@code DeviceConfiguration}, plus the template
 * {@link #type() type} and optionally its {@link #name() name}, which CreateProvisioningTemplate
 * takes beside the body. Immutable and thread-safe.
 *
 * <p>Build one in Java:
 * <pre>{@code
 * ProvisioningTemplate template = ProvisioningTemplate.builder()
 *     .addParameter("SerialNumber")
 *     .thing(t -> t.thingName(Expression.join("", Expression.literal("ThingPrefix_"), Expression.ref("SerialNumber"))))
 *     .certificate(c -> c.certificateId(Expression.ref(PseudoParameter.CERTIFICATE_ID)).status(CertificateStatus.ACTIVE))
 *     .addPolicy(p -> p.policyName("DevicePolicy"))
 *     .build();
 * String body = template.toJson();
 * }</pre>
 * or read one with {@link #fromJson(String)}. {@link Builder#build()} checks that every
 * {@code Ref} names a declared parameter or a pseudo-parameter, that the body fits in
 * {@value #MAX_BODY_LENGTH} characters, and the template name rule.
 */
public interface ProvisioningTemplate {

    /**
     * The largest template body AWS accepts, in characters, white space included (AWS IoT API
     * reference, CreateProvisioningTemplate: {@code templateBody} maximum length 10240).
     */
    int MAX_BODY_LENGTH = 10_240;

    /** Template names: 1 to 36 characters of {@code [0-9A-Za-z_-]}. */
    Pattern NAME_PATTERN = Pattern.compile("[0-9A-Za-z_-]{1,36}");

    /**
     * A new builder for a {@link TemplateType#FLEET_PROVISIONING} template.
     *
     * @return the builder
     */
    static Builder builder() {
        return DefaultProvisioningTemplate.builder();
    }

    /**
     * Reads a fleet provisioning template body.
     *
     * @param json the template body
     * @return the template
     * @throws TemplateParseException with the line, column and JSON pointer of the first problem;
     *     a body longer than {@value #MAX_BODY_LENGTH} characters is refused from its length, before
     *     parsing, with a message that gives the limit and the length
     */
    static ProvisioningTemplate fromJson(String json) {
        return fromJson(json, TemplateType.FLEET_PROVISIONING);
    }

    /**
     * Reads a template body of the given type.
     *
     * @param json the template body
     * @param type the template type (not part of the body)
     * @return the template
     * @throws TemplateParseException with the line, column and JSON pointer of the first problem;
     *     a body longer than {@value #MAX_BODY_LENGTH} characters is refused before parsing
     */
    static ProvisioningTemplate fromJson(String json, TemplateType type) {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(type, "type");
        return TemplateJsonReader.read(json, type);
    }

    /**
     * Checks a template name against AWS's rule: 1 to 36 characters of {@code [0-9A-Za-z_-]}.
     *
     * @param name the template name
     * @return the name
     * @throws InvalidInputException if the name breaks the rule
     */
    static String requireValidName(String name) {
        Objects.requireNonNull(name, "name");
        if (!NAME_PATTERN.matcher(name).matches()) {
            throw new InvalidInputException("templateName", "'" + name + "' is not 1-36 characters of [0-9A-Za-z_-]",
                    "Use letters, digits, '_' and '-' only, at most 36 of them.");
        }
        return name;
    }

    /**
     * The template name, if one was given to the builder (the body does not carry it).
     *
     * @return the name
     */
    Optional<String> name();

    /**
     * The template type.
     *
     * @return the type
     */
    TemplateType type();

    /**
     * The {@code Parameters} section, by name, in the order written.
     *
     * @return the declared parameters
     */
    Map<String, TemplateParameter> parameters();

    /**
     * The {@code Mappings} section: map name, then first-level key, then second-level key.
     *
     * @return the mappings
     */
    Map<String, Map<String, Map<String, String>>> mappings();

    /**
     * The {@code Resources} section, by logical name, in the order written.
     *
     * @return the resources
     */
    Map<String, TemplateResource> resources();

    /**
     * The thing resource.
     *
     * @return the thing, if the template declares one
     */
    Optional<ThingResource> thing();

    /**
     * The certificate resource.
     *
     * @return the certificate, if the template declares one
     */
    Optional<CertificateResource> certificate();

    /**
     * The policy resources, in order.
     *
     * @return the policies
     */
    List<PolicyResource> policies();

    /**
     * The {@code DeviceConfiguration} section: flat, string-valued.
     *
     * @return the device configuration expressions by key
     */
    Map<String, Expression> deviceConfiguration();

    /**
     * The body as CreateProvisioningTemplate accepts it: compact JSON, policy documents as escaped
     * JSON strings.
     *
     * @return the template body
     */
    String toJson();

    /**
     * The body, compact or indented.
     *
     * @param pretty whether to indent
     * @return the template body
     */
    String toJson(boolean pretty);

    /**
     * A builder that starts from this template.
     *
     * @return the builder
     */
    Builder toBuilder();

    /**
     * A copy with changes.
     *
     * @param changes what to change
     * @return the changed copy
     */
    default ProvisioningTemplate copy(Consumer<Builder> changes) {
        Builder b = toBuilder();
        changes.accept(b);
        return b.build();
    }

    /** Builds a {@link ProvisioningTemplate}. */
    interface Builder {

        /**
         * The template name (validated at {@link #build()}).
         *
         * @param name the name, or {@code null} for none
         * @return this builder
         */
        Builder name(@Nullable String name);

        /**
         * The template type; {@link TemplateType#FLEET_PROVISIONING} unless set.
         *
         * @param type the type
         * @return this builder
         */
        Builder type(TemplateType type);

        /**
         * Declares a parameter (replacing one of the same name).
         *
         * @param parameter the parameter
         * @return this builder
         */
        Builder addParameter(TemplateParameter parameter);

        /**
         * Declares a {@code String} parameter without a default.
         *
         * @param name the parameter name
         * @return this builder
         */
        default Builder addParameter(String name) {
            return addParameter(TemplateParameter.string(name));
        }

        /**
         * Declares a {@code String} parameter with a default.
         *
         * @param name the parameter name
         * @param defaultValue the default
         * @return this builder
         */
        default Builder addParameter(String name, String defaultValue) {
            return addParameter(TemplateParameter.string(name, defaultValue));
        }

        /**
         * Declares a pseudo-parameter (JITP templates declare the certificate fields they use).
         *
         * @param parameter the pseudo-parameter
         * @return this builder
         */
        default Builder addParameter(PseudoParameter parameter) {
            return addParameter(TemplateParameter.string(parameter.parameterName()));
        }

        /**
         * Adds one value to the {@code Mappings} section.
         *
         * @param mapName the map
         * @param topLevelKey the first-level key
         * @param secondLevelKey the second-level key
         * @param value the value
         * @return this builder
         */
        Builder addMapping(String mapName, String topLevelKey, String secondLevelKey, String value);

        /**
         * Adds a resource (a logical name may be used once).
         *
         * @param resource the resource
         * @return this builder
         */
        Builder addResource(TemplateResource resource);

        /**
         * Adds a thing resource (logical name {@code "thing"} unless set).
         *
         * @param thing configures the thing
         * @return this builder
         */
        default Builder thing(Consumer<ThingResource.Builder> thing) {
            ThingResource.Builder b = ThingResource.builder();
            thing.accept(b);
            return addResource(b.build());
        }

        /**
         * Adds a certificate resource (logical name {@code "certificate"} unless set).
         *
         * @param certificate configures the certificate
         * @return this builder
         */
        default Builder certificate(Consumer<CertificateResource.Builder> certificate) {
            CertificateResource.Builder b = CertificateResource.builder();
            certificate.accept(b);
            return addResource(b.build());
        }

        /**
         * Adds a policy resource (logical name {@code "policy"} unless set).
         *
         * @param policy configures the policy
         * @return this builder
         */
        default Builder addPolicy(Consumer<PolicyResource.Builder> policy) {
            PolicyResource.Builder b = PolicyResource.builder();
            policy.accept(b);
            return addResource(b.build());
        }

        /**
         * Removes a resource.
         *
         * @param logicalName its logical name
         * @return this builder
         */
        Builder removeResource(String logicalName);

        /**
         * Sets a {@code DeviceConfiguration} entry.
         *
         * @param key the key
         * @param value the value expression
         * @return this builder
         */
        Builder deviceConfiguration(String key, Expression value);

        /**
         * Sets a literal {@code DeviceConfiguration} entry.
         *
         * @param key the key
         * @param value the value
         * @return this builder
         */
        default Builder deviceConfiguration(String key, String value) {
            return deviceConfiguration(key, Expression.literal(value));
        }

        /**
         * Validates and builds the template.
         *
         * @return the template
         * @throws InvalidInputException naming the field: a {@code Ref} to an undeclared parameter
         *     (named in the message), an unknown mapping, an out-of-range literal {@code Fn::Select},
         *     more than one thing or certificate, a body over {@value #MAX_BODY_LENGTH} characters,
         *     a bad template name
         */
        ProvisioningTemplate build();
    }
}
