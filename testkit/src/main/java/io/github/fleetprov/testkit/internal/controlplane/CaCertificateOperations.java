package io.github.fleetprov.testkit.internal.controlplane;

import static io.github.fleetprov.testkit.internal.controlplane.ControlPlaneRest.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.fleetprov.testkit.internal.http.AwsApiException;
import io.github.fleetprov.testkit.registry.CaCertificate;
import io.github.fleetprov.testkit.registry.IotRegistry;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * The control-plane operations on CA certificates (RegisterCACertificate, DescribeCACertificate,
 * UpdateCACertificate, DeleteCACertificate, ListCACertificates), paths and members from the AWS IoT
 * service model. Not emulated: registration codes (a verification certificate, when given, must be
 * signed by the CA) and {@code registrationConfig} (just-in-time provisioning), which is refused
 * rather than ignored.
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

    private static void refuseRegistrationConfig(RestRequest req) {
        JsonNode config = req.body().get("registrationConfig");
        if (config != null && !config.isNull() && config.size() > 0) {
            throw AwsApiException.invalidRequest("registrationConfig: just-in-time provisioning is not emulated by the"
                    + " local control plane. Register the CA without it.");
        }
    }

    private JsonNode register(RestRequest req) {
        String pem = requirePem(req.requiredString("caCertificate"), "caCertificate");
        refuseRegistrationConfig(req);
        X509Certificate ca = readCertificate(pem, "caCertificate");
        req.string("verificationCertificate").ifPresent(v -> {
            if (!signedBy(readCertificate(requirePem(v, "verificationCertificate"), "verificationCertificate"), ca)) {
                throw new AwsApiException(400, "CertificateValidationException",
                        "verificationCertificate is not signed by the CA certificate.");
            }
        });
        CaCertificate registered = registry.registerCaCertificate(pem, req.queryFlag("setAsActive"),
                req.queryFlag("allowAutoRegistration"));
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
        timestamp(d, "lastModifiedDate", ca.creationDate());
        ObjectNode validity = d.putObject("validity");
        timestamp(validity, "notBefore", ca.certificate().getNotBefore().toInstant());
        timestamp(validity, "notAfter", ca.certificate().getNotAfter().toInstant());
        return out;
    }

    private JsonNode update(RestRequest req) {
        String id = find(req).certificateId();
        refuseRegistrationConfig(req);
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
        registry.updateCaCertificate(id, active, auto);
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
