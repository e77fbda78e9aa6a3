package io.github.fleetprov.testkit.internal.controlplane;

import static io.github.fleetprov.testkit.internal.controlplane.ControlPlaneRest.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.fleetprov.testkit.internal.http.AwsApiException;
import io.github.fleetprov.testkit.registry.CaCertificate;
import io.github.fleetprov.testkit.registry.CaRegistrationConfig;
import io.github.fleetprov.testkit.registry.ProvisioningTemplateRecord;
import io.github.fleetprov.testkit.registry.IotRegistry;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * The control-plane operations on CA certificates (RegisterCACertificate, DescribeCACertificate,
 * UpdateCACertificate, DeleteCACertificate, ListCACertificates), paths and members from the AWS IoT
 * service model. Not emulated: registration codes (a verification certificate, when given, must be
 * signed by the CA).
 *
 * <p>{@code registrationConfig} (AWS IoT API reference, "RegistrationConfig") configures just-in-time
 * provisioning (developer guide, "Just-in-time provisioning"): either a {@code templateBody} (a JITP
 * template, checked as CreateProvisioningTemplate checks one) with the {@code roleArn} that runs it, or
 * the {@code templateName} of an existing provisioning template of type JITP. A CA with auto-registration
 * ENABLE and no configuration registers certificates by just-in-time registration (developer guide,
 * "Just-in-time registration of client certificates"). UpdateCACertificate replaces the configuration
 * with {@code registrationConfig} or removes it with {@code removeAutoRegistration}; DescribeCACertificate
 * returns it beside the certificate description.
 */
final class CaCertificateOperations {

    private final IotRegistry registry;

    CaCertificateOperations(IotRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** Adds this family's operations, with their methods and URI templates from the service model. */
    void addRoutes(List<ControlPlaneServer.Route> routes) {
        add(routes, "POST", "/cacertificate", "RegisterCACertificate", this::register);
        add(routes, "GET", "/cacertificate/{caCertificateId}", "DescribeCACertificate", this::describe);
        add(routes, "PUT", "/cacertificate/{caCertificateId}", "UpdateCACertificate", this::update);
        add(routes, "DELETE", "/cacertificate/{caCertificateId}", "DeleteCACertificate", this::delete);
        add(routes, "GET", "/cacertificates", "ListCACertificates", this::list);
    }

    /**
     * Reads and checks {@code registrationConfig}: an empty or absent one is none; a template body must
     * be a valid JITP template with a role; a template name must name a JITP provisioning template.
     */
    private CaRegistrationConfig registrationConfig(RestRequest req) {
        JsonNode config = req.body().get("registrationConfig");
        if (config == null || config.isNull()) {
            return null;
        }
        if (!config.isObject()) {
            throw AwsApiException.invalidRequest("registrationConfig must be an object with templateBody and"
                    + " roleArn, or templateName.");
        }
        String body = text(config, "templateBody");
        String role = text(config, "roleArn");
        String name = text(config, "templateName");
        if (body == null && role == null && name == null) {
            return null;
        }
        if (body != null && name != null) {
            throw AwsApiException.invalidRequest("registrationConfig: give templateBody (with roleArn) or"
                    + " templateName, not both.");
        }
        if (name != null) {
            requireName(name, "registrationConfig.templateName", TEMPLATE_NAME);
            ProvisioningTemplateRecord template = registry.findProvisioningTemplate(name).orElseThrow(() ->
                    AwsApiException.notFound("registrationConfig.templateName: the provisioning template " + name
                            + " does not exist. Create it with CreateProvisioningTemplate --type JITP first."));
            if (!ProvisioningTemplateRecord.TYPE_JITP.equals(template.type())) {
                throw AwsApiException.invalidRequest("registrationConfig.templateName: the provisioning template "
                        + name + " is of type " + template.type() + "; just-in-time provisioning needs a template"
                        + " of type JITP.");
            }
            return CaRegistrationConfig.ofTemplateName(name);
        }
        if (body == null) {
            throw AwsApiException.invalidRequest("registrationConfig: roleArn without templateBody; give the"
                    + " template body too, or templateName.");
        }
        if (role == null) {
            throw AwsApiException.invalidRequest("registrationConfig.roleArn is required with templateBody: give"
                    + " the ARN of a role with the AWSIoTThingsRegistration policy.");
        }
        checkTemplateBody(body, ProvisioningTemplateRecord.TYPE_JITP);
        return CaRegistrationConfig.ofTemplateBody(body, checkRoleArn(role));
    }

    private static String text(JsonNode config, String member) {
        JsonNode node = config.get(member);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw AwsApiException.invalidRequest("registrationConfig." + member + " must be a string.");
        }
        return node.asText();
    }

    private JsonNode register(RestRequest req) {
        String pem = requirePem(req.requiredString("caCertificate"), "caCertificate");
        CaRegistrationConfig config = registrationConfig(req);
        X509Certificate ca = readCertificate(pem, "caCertificate");
        req.string("verificationCertificate").ifPresent(v -> {
            if (!signedBy(readCertificate(requirePem(v, "verificationCertificate"), "verificationCertificate"), ca)) {
                throw new AwsApiException(400, "CertificateValidationException",
                        "verificationCertificate is not signed by the CA certificate.");
            }
        });
        CaCertificate registered = registry.registerCaCertificate(pem, req.queryFlag("setAsActive"),
                req.queryFlag("allowAutoRegistration"), config);
        return object().put("certificateArn", registered.certificateArn()).put("certificateId", registered.certificateId());
    }

    private CaCertificate find(RestRequest req) {
        String id = requireName(req.path("caCertificateId"), "caCertificateId", CERTIFICATE_ID);
        return registry.findCaCertificate(id).orElseThrow(() -> AwsApiException.notFound(
                "CA certificate " + id + " is not registered."));
    }

    private JsonNode describe(RestRequest req) {
        CaCertificate ca = find(req);
        ObjectNode out = object();
        ObjectNode d = out.putObject("certificateDescription");
        d.put("certificateArn", ca.certificateArn()).put("certificateId", ca.certificateId())
                .put("status", ca.active() ? "ACTIVE" : "INACTIVE").put("certificatePem", ca.certificatePem())
                .put("ownedBy", registry.accountId())
                .put("autoRegistrationStatus", ca.autoRegistration() ? "ENABLE" : "DISABLE")
                .put("customerVersion", 1).put("certificateMode", "DEFAULT");
        timestamp(d, "creationDate", ca.creationDate());
        timestamp(d, "lastModifiedDate", ca.lastModifiedDate());
        ObjectNode validity = d.putObject("validity");
        timestamp(validity, "notBefore", ca.certificate().getNotBefore().toInstant());
        timestamp(validity, "notAfter", ca.certificate().getNotAfter().toInstant());
        ca.registration().ifPresent(config -> {
            ObjectNode r = out.putObject("registrationConfig");
            config.body().ifPresent(b -> r.put("templateBody", b));
            config.role().ifPresent(a -> r.put("roleArn", a));
            config.name().ifPresent(n -> r.put("templateName", n));
        });
        return out;
    }

    private JsonNode update(RestRequest req) {
        String id = find(req).certificateId();
        CaRegistrationConfig config = registrationConfig(req);
        JsonNode remove = req.body().get("removeAutoRegistration");
        if (remove != null && !remove.isNull() && !remove.isBoolean()) {
            throw AwsApiException.invalidRequest("removeAutoRegistration must be a boolean.");
        }
        boolean removeConfig = remove != null && remove.asBoolean(false);
        if (removeConfig && config != null) {
            throw AwsApiException.invalidRequest("registrationConfig cannot be given with removeAutoRegistration"
                    + " true: give one of them.");
        }
        Boolean active = req.queryParam("newStatus").map(s -> {
            switch (s) {
                case "ACTIVE":
                    return Boolean.TRUE;
                case "INACTIVE":
                    return Boolean.FALSE;
                default:
                    throw constraint("newStatus", "Member must satisfy enum value set: [ACTIVE, INACTIVE]");
            }
        }).orElse(null);
        Boolean auto = req.queryParam("newAutoRegistrationStatus").map(s -> {
            switch (s) {
                case "ENABLE":
                    return Boolean.TRUE;
                case "DISABLE":
                    return Boolean.FALSE;
                default:
                    throw constraint("newAutoRegistrationStatus", "Member must satisfy enum value set: [ENABLE, DISABLE]");
            }
        }).orElse(null);
        registry.updateCaCertificate(id, active, auto, config, removeConfig);
        return object();
    }

    private JsonNode delete(RestRequest req) {
        registry.deleteCaCertificate(find(req).certificateId());
        return object();
    }

    private JsonNode list(RestRequest req) {
        ObjectNode out = object();
        Pager.page(req, Pager.Style.MARKER, registry.listCaCertificates(), CaCertificate::certificateId, false, out,
                "certificates", (array, ca) -> {
                    ObjectNode node = array.addObject().put("certificateArn", ca.certificateArn())
                            .put("certificateId", ca.certificateId()).put("status", ca.active() ? "ACTIVE" : "INACTIVE");
                    timestamp(node, "creationDate", ca.creationDate());
                });
        return out;
    }
}
