package io.github.fleetprov.testkit.registry;

import io.github.fleetprov.core.InvalidInputException;
import java.util.Objects;
import java.util.Optional;

/**
 * The registration configuration of a CA certificate ({@code registrationConfig} of
 * RegisterCACertificate and UpdateCACertificate, AWS IoT API reference, "RegistrationConfig"): the
 * just-in-time provisioning template of certificates the CA signed, given either as a template body
 * with the role AWS IoT assumes to run it, or as the name of a provisioning template of type JITP
 * (AWS IoT developer guide, "Just-in-time provisioning": "Register CA using provisioning template"
 * and "Register CA using provisioning template name"). A CA without one registers certificates with
 * just-in-time registration instead (developer guide, "Just-in-time registration of client
 * certificates").
 *
 * @param templateBody the template body, or {@code null} when a template name is given
 * @param roleArn the ARN of the role that runs the template body, or {@code null}
 * @param templateName the name of a JITP provisioning template, or {@code null} when a body is given
 */
public record CaRegistrationConfig(String templateBody, String roleArn, String templateName) {

    /**
     * Requires a template body or a template name, not both.
     *
     * @throws InvalidInputException if both or neither are given
     */
    public CaRegistrationConfig {
        if ((templateBody == null) == (templateName == null)) {
            throw new InvalidInputException("registrationConfig", templateBody == null ? "has neither templateBody"
                    + " nor templateName" : "has both templateBody and templateName",
                    "Give either templateBody (with roleArn) or templateName, exactly one of them.");
        }
    }

    /**
     * A configuration with a template body.
     *
     * @param templateBody the JITP template body
     * @param roleArn the ARN of the role AWS IoT assumes to run it
     * @return the configuration
     */
    public static CaRegistrationConfig ofTemplateBody(String templateBody, String roleArn) {
        return new CaRegistrationConfig(Objects.requireNonNull(templateBody, "templateBody"),
                Objects.requireNonNull(roleArn, "roleArn"), null);
    }

    /**
     * A configuration naming a provisioning template of type JITP.
     *
     * @param templateName the template name
     * @return the configuration
     */
    public static CaRegistrationConfig ofTemplateName(String templateName) {
        return new CaRegistrationConfig(null, null, Objects.requireNonNull(templateName, "templateName"));
    }

    /** @return the template body, when the configuration carries one */
    public Optional<String> body() {
        return Optional.ofNullable(templateBody);
    }

    /** @return the template name, when the configuration names one */
    public Optional<String> name() {
        return Optional.ofNullable(templateName);
    }

    /** @return the role ARN, when given */
    public Optional<String> role() {
        return Optional.ofNullable(roleArn);
    }

    @Override
    public String toString() {
        return "CaRegistrationConfig{" + (templateName != null ? "templateName=" + templateName
                : "templateBody=" + templateBody.length() + " chars, roleArn=" + roleArn) + "}";
    }
}
