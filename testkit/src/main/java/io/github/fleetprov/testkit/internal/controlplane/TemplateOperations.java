package io.github.fleetprov.testkit.internal.controlplane;

import static io.github.fleetprov.testkit.internal.controlplane.ControlPlaneRest.*;

import io.github.fleetprov.testkit.internal.http.AwsApiException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.fleetprov.core.pki.IssuedCertificate;
import io.github.fleetprov.testkit.registry.Certificate;
import io.github.fleetprov.testkit.registry.CertificateRegistration;
import io.github.fleetprov.testkit.registry.CertificateStatus;
import io.github.fleetprov.testkit.registry.IotRegistry;
import io.github.fleetprov.testkit.registry.PreProvisioningHookConfig;
import io.github.fleetprov.testkit.registry.ProvisioningTemplateRecord;
import io.github.fleetprov.testkit.registry.ProvisioningTemplateSpec;
import io.github.fleetprov.testkit.registry.ProvisioningTemplateUpdate;
import io.github.fleetprov.testkit.registry.ProvisioningTemplateVersion;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The control-plane operations on provisioning templates, their versions and provisioning claims: request and response members, error codes
 * and HTTP statuses as in the AWS IoT service model.
 */
final class TemplateOperations {

    private final IotRegistry registry;
    private final CertificateIssuer issuer;

    TemplateOperations(IotRegistry registry, CertificateIssuer issuer) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
    }

    /** Adds this family's operations, with their methods and URI templates from the service model. */
    void addRoutes(List<ControlPlaneServer.Route> routes) {
        add(routes, "POST", "/provisioning-templates", "CreateProvisioningTemplate", this::createProvisioningTemplate);
        add(routes, "GET", "/provisioning-templates", "ListProvisioningTemplates", this::listProvisioningTemplates);
        add(routes, "GET", "/provisioning-templates/{templateName}", "DescribeProvisioningTemplate", this::describeProvisioningTemplate);
        add(routes, "DELETE", "/provisioning-templates/{templateName}", "DeleteProvisioningTemplate", this::deleteProvisioningTemplate);
        add(routes, "PATCH", "/provisioning-templates/{templateName}", "UpdateProvisioningTemplate", this::updateProvisioningTemplate);
        add(routes, "POST", "/provisioning-templates/{templateName}/versions", "CreateProvisioningTemplateVersion",
                this::createProvisioningTemplateVersion);
        add(routes, "GET", "/provisioning-templates/{templateName}/versions", "ListProvisioningTemplateVersions",
                this::listProvisioningTemplateVersions);
        add(routes, "DELETE", "/provisioning-templates/{templateName}/versions/{versionId}", "DeleteProvisioningTemplateVersion",
                this::deleteProvisioningTemplateVersion);
        add(routes, "POST", "/provisioning-templates/{templateName}/provisioning-claim", "CreateProvisioningClaim",
                this::createProvisioningClaim);
    }

    private JsonNode createProvisioningTemplate(RestRequest req) {
        String name = requireName(req.requiredString("templateName"), "templateName", TEMPLATE_NAME);
        String description = req.string("description").orElse("");
        if (description.length() > 500) {
            throw constraint("description", "Member must have length less than or equal to 500");
        }
        String roleArn = req.requiredString("provisioningRoleArn");
        if (roleArn.length() < 20 || roleArn.length() > 2048) {
            throw constraint("provisioningRoleArn", "Member must have length between 20 and 2048");
        }
        String type = req.string("type").orElse(ProvisioningTemplateRecord.TYPE_FLEET_PROVISIONING);
        if (!type.equals(ProvisioningTemplateRecord.TYPE_FLEET_PROVISIONING) && !type.equals(ProvisioningTemplateRecord.TYPE_JITP)) {
            throw constraint("type", "Member must satisfy enum value set: [FLEET_PROVISIONING, JITP]");
        }
        String body = checkTemplateBody(req.requiredString("templateBody"), type);
        ProvisioningTemplateSpec.Builder spec = ProvisioningTemplateSpec.builder().templateName(name)
                .description(description).templateBody(body).enabled(req.body().path("enabled").asBoolean(false))
                .provisioningRoleArn(roleArn).type(type);
        JsonNode hook = req.body().get("preProvisioningHook");
        if (hook != null && !hook.isNull()) {
            if (type.equals(ProvisioningTemplateRecord.TYPE_JITP)) {
                throw AwsApiException.invalidRequest("A JITP template cannot have a pre-provisioning hook.");
            }
            spec.preProvisioningHook(hookConfig(hook));
        }
        ProvisioningTemplateRecord created = registry.createProvisioningTemplate(spec.build());
        return object().put("templateArn", created.templateArn()).put("templateName", created.templateName())
                .put("defaultVersionId", created.defaultVersionId());
    }

    private JsonNode describeProvisioningTemplate(RestRequest req) {
        ProvisioningTemplateRecord t = registry.describeProvisioningTemplate(
                requireName(req.path("templateName"), "templateName", TEMPLATE_NAME));
        ObjectNode out = object().put("templateArn", t.templateArn()).put("templateName", t.templateName())
                .put("description", t.description());
        timestamp(out, "creationDate", t.creationDate());
        timestamp(out, "lastModifiedDate", t.lastModifiedDate());
        out.put("defaultVersionId", t.defaultVersionId()).put("templateBody", t.templateBody())
                .put("enabled", t.enabled()).put("provisioningRoleArn", t.provisioningRoleArn());
        t.preProvisioningHook().ifPresent(h -> {
            ObjectNode hook = out.putObject("preProvisioningHook").put("payloadVersion", h.payloadVersion());
            hook.put("targetArn", h.targetArn().orElse(""));
        });
        out.put("type", t.type());
        return out;
    }

    private JsonNode createProvisioningTemplateVersion(RestRequest req) {
        String name = requireName(req.path("templateName"), "templateName", TEMPLATE_NAME);
        ProvisioningTemplateRecord template = registry.describeProvisioningTemplate(name);
        String body = checkTemplateBody(req.requiredString("templateBody"), template.type());
        ProvisioningTemplateVersion version = registry.createProvisioningTemplateVersion(name, body, req.queryFlag("setAsDefault"));
        return object().put("templateArn", template.templateArn()).put("templateName", template.templateName())
                .put("versionId", version.versionId()).put("isDefaultVersion", version.isDefaultVersion());
    }

    private JsonNode deleteProvisioningTemplate(RestRequest req) {
        registry.deleteProvisioningTemplate(requireName(req.path("templateName"), "templateName", TEMPLATE_NAME));
        return object();
    }

    private JsonNode listProvisioningTemplates(RestRequest req) {
        ObjectNode out = object();
        Pager.page(req, Pager.Style.TOKEN, registry.listProvisioningTemplates(), ProvisioningTemplateRecord::templateName,
                false, out, "templates", (list, t) -> {
                    ObjectNode node = list.addObject().put("templateArn", t.templateArn())
                            .put("templateName", t.templateName()).put("description", t.description());
                    timestamp(node, "creationDate", t.creationDate());
                    timestamp(node, "lastModifiedDate", t.lastModifiedDate());
                    node.put("enabled", t.enabled()).put("type", t.type());
                });
        return out;
    }

    private JsonNode createProvisioningClaim(RestRequest req) {
        String name = requireName(req.path("templateName"), "templateName", TEMPLATE_NAME);
        ProvisioningTemplateRecord template = registry.describeProvisioningTemplate(name);
        if (!ProvisioningTemplateRecord.TYPE_FLEET_PROVISIONING.equals(template.type())) {
            throw AwsApiException.invalidRequest("Template " + name + " is a " + template.type()
                    + " template; provisioning claims exist only for FLEET_PROVISIONING templates.");
        }
        Instant expiration = registry.clock().instant().plus(CLAIM_LIFETIME);
        IssuedCertificate issued = issuer.issueWithKey();
        Certificate cert = registry.registerCertificate(CertificateRegistration.builder(issued.certificatePem())
                .status(CertificateStatus.ACTIVE).claimExpiry(expiration).provisioningClaimFor(name).build());
        ObjectNode out = object().put("certificateId", cert.certificateId()).put("certificatePem", cert.certificatePem());
        CertificateIssuer.putKeyPair(out, issued);
        timestamp(out, "expiration", expiration);
        return out;
    }

    private JsonNode updateProvisioningTemplate(RestRequest req) {
        String name = requireName(req.path("templateName"), "templateName", TEMPLATE_NAME);
        ProvisioningTemplateUpdate.Builder update = ProvisioningTemplateUpdate.builder();
        req.string("description").ifPresent(d -> {
            if (d.length() > 500) {
                throw constraint("description", "Member must have length less than or equal to 500");
            }
            update.description(d);
        });
        JsonNode enabled = req.body().get("enabled");
        if (enabled != null && !enabled.isNull()) {
            update.enabled(enabled.asBoolean());
        }
        JsonNode defaultVersion = req.body().get("defaultVersionId");
        if (defaultVersion != null && !defaultVersion.isNull()) {
            if (!defaultVersion.canConvertToInt()) {
                throw constraint("defaultVersionId", "Member must be an integer");
            }
            update.defaultVersionId(defaultVersion.asInt());
        }
        req.string("provisioningRoleArn").ifPresent(arn -> {
            if (arn.length() < 20 || arn.length() > 2048) {
                throw constraint("provisioningRoleArn", "Member must have length between 20 and 2048");
            }
            update.provisioningRoleArn(arn);
        });
        JsonNode hook = req.body().get("preProvisioningHook");
        boolean removeHook = req.body().path("removePreProvisioningHook").asBoolean(false);
        if (hook != null && !hook.isNull()) {
            if (removeHook) {
                throw AwsApiException.invalidRequest("preProvisioningHook and removePreProvisioningHook cannot both be given.");
            }
            if (ProvisioningTemplateRecord.TYPE_JITP.equals(registry.describeProvisioningTemplate(name).type())) {
                throw AwsApiException.invalidRequest("A JITP template cannot have a pre-provisioning hook.");
            }
            update.preProvisioningHook(hookConfig(hook));
        }
        if (removeHook) {
            update.removePreProvisioningHook();
        }
        registry.updateProvisioningTemplate(name, update.build());
        return object();
    }

    private JsonNode listProvisioningTemplateVersions(RestRequest req) {
        ProvisioningTemplateRecord template = registry.describeProvisioningTemplate(
                requireName(req.path("templateName"), "templateName", TEMPLATE_NAME));
        ObjectNode out = object();
        Pager.page(req, Pager.Style.TOKEN, template.versions(), v -> String.format("%010d", v.versionId()), false, out,
                "versions", (list, v) -> {
                    ObjectNode node = list.addObject().put("versionId", v.versionId());
                    timestamp(node, "creationDate", v.creationDate());
                    node.put("isDefaultVersion", v.isDefaultVersion());
                });
        return out;
    }

    private JsonNode deleteProvisioningTemplateVersion(RestRequest req) {
        String name = requireName(req.path("templateName"), "templateName", TEMPLATE_NAME);
        String versionId = requireName(req.path("versionId"), "versionId", VERSION_ID);
        registry.deleteProvisioningTemplateVersion(name, (int) parseLong(versionId, "versionId"));
        return object();
    }

    static PreProvisioningHookConfig hookConfig(JsonNode hook) {
        String targetArn = hook.path("targetArn").asText("");
        if (targetArn.isEmpty()) {
            throw constraint("preProvisioningHook.targetArn", "Member must not be null");
        }
        String payloadVersion = hook.path("payloadVersion").asText(PreProvisioningHookConfig.DEFAULT_PAYLOAD_VERSION);
        if (!payloadVersion.equals(PreProvisioningHookConfig.DEFAULT_PAYLOAD_VERSION)) {
            throw AwsApiException.invalidRequest("preProvisioningHook.payloadVersion " + payloadVersion
                    + " is not supported; the only payload version is " + PreProvisioningHookConfig.DEFAULT_PAYLOAD_VERSION + ".");
        }
        return PreProvisioningHookConfig.ofArn(targetArn, payloadVersion);
    }
}
