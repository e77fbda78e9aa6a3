package io.github.fleetprov.testkit.internal.controlplane;

import static io.github.fleetprov.testkit.internal.controlplane.ControlPlaneRest.*;

import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.pki.CertificateSigningRequest;
import java.time.Instant;
import java.util.stream.Collectors;
import java.util.Comparator;
import java.util.Collections;
import java.util.ArrayList;
import io.github.fleetprov.testkit.internal.http.AwsApiException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.fleetprov.core.pki.Certificates;
import io.github.fleetprov.core.pki.IssuedCertificate;
import io.github.fleetprov.core.pki.Pem;
import io.github.fleetprov.testkit.registry.CaCertificate;
import io.github.fleetprov.testkit.registry.Certificate;
import io.github.fleetprov.testkit.registry.CertificateRegistration;
import io.github.fleetprov.testkit.registry.CertificateStatus;
import io.github.fleetprov.testkit.registry.IotRegistry;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The control-plane operations on certificates and CA certificates: request and response members, error codes
 * and HTTP statuses as in the AWS IoT service model.
 */
final class CertificateOperations {

    private final IotRegistry registry;
    private final CertificateIssuer issuer;

    CertificateOperations(IotRegistry registry, CertificateIssuer issuer) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
    }

    /** Adds this family's operations, with their methods and URI templates from the service model. */
    void addRoutes(List<ControlPlaneServer.Route> routes) {
        add(routes, "GET", "/certificates", "ListCertificates", this::listCertificates);
        add(routes, "POST", "/certificates", "CreateCertificateFromCsr", this::createCertificateFromCsr);
        add(routes, "GET", "/certificates-by-ca/{caCertificateId}", "ListCertificatesByCA", this::listCertificatesByCa);
        add(routes, "POST", "/keys-and-certificate", "CreateKeysAndCertificate", this::createKeysAndCertificate);
        add(routes, "POST", "/certificate/register-no-ca", "RegisterCertificateWithoutCA", this::registerCertificateWithoutCa);
        add(routes, "POST", "/certificate/register", "RegisterCertificate", this::registerCertificate);
        add(routes, "GET", "/certificates/{certificateId}", "DescribeCertificate", this::describeCertificate);
        add(routes, "PUT", "/certificates/{certificateId}", "UpdateCertificate", this::updateCertificate);
        add(routes, "DELETE", "/certificates/{certificateId}", "DeleteCertificate", this::deleteCertificate);
    }

    private JsonNode createKeysAndCertificate(RestRequest req) {
        boolean active = req.queryFlag("setAsActive");
        IssuedCertificate issued = issuer.issueWithKey();
        Certificate cert = registry.registerCertificate(
                CertificateRegistration.builder(issued.certificatePem())
                        .status(active ? CertificateStatus.ACTIVE : CertificateStatus.INACTIVE).build());
        ObjectNode out = object().put("certificateArn", cert.certificateArn()).put("certificateId", cert.certificateId())
                .put("certificatePem", cert.certificatePem());
        CertificateIssuer.putKeyPair(out, issued);
        return out;
    }

    private JsonNode registerCertificateWithoutCa(RestRequest req) {
        String pem = requirePem(req.requiredString("certificatePem"), "certificatePem");
        CertificateStatus status = req.string("status").map(CertificateStatus::parse).orElse(CertificateStatus.INACTIVE);
        Certificate cert = registry.registerCertificate(CertificateRegistration.builder(pem).status(status).withoutCa().build());
        return object().put("certificateArn", cert.certificateArn()).put("certificateId", cert.certificateId());
    }

    private JsonNode registerCertificate(RestRequest req) {
        String pem = requirePem(req.requiredString("certificatePem"), "certificatePem");
        X509Certificate device = readCertificate(pem, "certificatePem");
        CaCertificate ca;
        Optional<String> caPem = req.string("caCertificatePem");
        if (caPem.isPresent()) {
            X509Certificate caCert = readCertificate(requirePem(caPem.get(), "caCertificatePem"), "caCertificatePem");
            String caId = Certificates.awsCertificateId(caCert);
            ca = registry.findCaCertificate(caId).orElseThrow(() -> AwsApiException.invalidRequest(
                    "The CA certificate " + caId + " is not registered. Register it with RegisterCACertificate first."));
            if (!signedBy(device, ca.certificate())) {
                throw new AwsApiException(400, "CertificateValidationException",
                        "The certificate is not signed by the CA certificate given in caCertificatePem.");
            }
        } else {
            ca = registry.listCaCertificates().stream().filter(c -> signedBy(device, c.certificate())).findFirst()
                    .orElseThrow(() -> new AwsApiException(400, "CertificateValidationException",
                            "No registered CA certificate signed this certificate. Register its CA with "
                                    + "RegisterCACertificate, or use RegisterCertificateWithoutCA."));
        }
        if (!ca.active()) {
            throw new AwsApiException(406, "CertificateStateException", "The CA certificate " + ca.certificateId() + " is not ACTIVE.");
        }
        CertificateStatus status = req.string("status").map(CertificateStatus::parse)
                .orElse(req.queryFlag("setAsActive") ? CertificateStatus.ACTIVE : CertificateStatus.INACTIVE);
        Certificate cert = registry.registerCertificate(CertificateRegistration.builder(pem).status(status)
                .caCertificateId(ca.certificateId()).build());
        return object().put("certificateArn", cert.certificateArn()).put("certificateId", cert.certificateId());
    }

    private JsonNode describeCertificate(RestRequest req) {
        Certificate cert = registry.describeCertificate(certificateId(req));
        ObjectNode out = object();
        ObjectNode d = out.putObject("certificateDescription");
        d.put("certificateArn", cert.certificateArn()).put("certificateId", cert.certificateId());
        cert.caCertificateId().ifPresent(id -> d.put("caCertificateId", id));
        d.put("status", cert.status().name()).put("certificatePem", cert.certificatePem())
                .put("ownedBy", registry.accountId());
        timestamp(d, "creationDate", cert.creationDate());
        timestamp(d, "lastModifiedDate", cert.lastModifiedDate());
        d.put("customerVersion", 1).put("generationId", cert.generationId());
        ObjectNode validity = d.putObject("validity");
        timestamp(validity, "notBefore", cert.certificate().getNotBefore().toInstant());
        timestamp(validity, "notAfter", cert.certificate().getNotAfter().toInstant());
        d.put("certificateMode", cert.certificateMode().name());
        return out;
    }

    private JsonNode updateCertificate(RestRequest req) {
        String id = certificateId(req);
        String newStatus = req.queryParam("newStatus").orElseThrow(() -> constraint("newStatus", "Member must not be null"));
        registry.updateCertificateStatus(id, CertificateStatus.parse(newStatus));
        return object();
    }

    private JsonNode deleteCertificate(RestRequest req) {
        registry.deleteCertificate(certificateId(req), req.queryFlag("forceDelete"));
        return object();
    }

    /** Certificates ordered by creation date, then id: the order {@code isAscendingOrder} refers to. */
    private static List<Certificate> byCreation(List<Certificate> certificates, boolean ascending) {
        List<Certificate> sorted = new ArrayList<>(certificates);
        sorted.sort(Comparator.comparing(CertificateOperations::creationKey));
        if (!ascending) {
            Collections.reverse(sorted);
        }
        return sorted;
    }

    private static String creationKey(Certificate c) {
        Instant t = c.creationDate();
        return String.format("%020d%09d/%s", t.getEpochSecond(), t.getNano(), c.certificateId());
    }

    private static void writeCertificates(RestRequest req, List<Certificate> certificates, ObjectNode out) {
        boolean ascending = !req.queryParam("isAscendingOrder").map(v -> v.equalsIgnoreCase("false")).orElse(false);
        Pager.page(req, Pager.Style.MARKER, byCreation(certificates, ascending), CertificateOperations::creationKey,
                !ascending, out, "certificates", (list, c) -> {
                    ObjectNode node = list.addObject().put("certificateArn", c.certificateArn())
                            .put("certificateId", c.certificateId()).put("status", c.status().name())
                            .put("certificateMode", c.certificateMode().name());
                    timestamp(node, "creationDate", c.creationDate());
                });
    }

    /** ListCertificates: every certificate of the account (temporary provisioning claims are not listed). */
    private JsonNode listCertificates(RestRequest req) {
        ObjectNode out = object();
        writeCertificates(req, registry.listCertificates(), out);
        return out;
    }

    /** ListCertificatesByCA: the certificates registered with one CA certificate (none for an unknown CA). */
    private JsonNode listCertificatesByCa(RestRequest req) {
        String caId = requireName(req.path("caCertificateId"), "caCertificateId", CERTIFICATE_ID);
        List<Certificate> signed = registry.listCertificates().stream()
                .filter(c -> c.caCertificateId().map(caId::equals).orElse(false)).collect(Collectors.toList());
        ObjectNode out = object();
        writeCertificates(req, signed, out);
        return out;
    }

    /**
     * CreateCertificateFromCsr ({@code POST /certificates}): AWS IoT's CA signs the CSR's key and
     * subject; the certificate is valid until 2049-12-31T23:59:59Z like AWS's own.
     */
    private JsonNode createCertificateFromCsr(RestRequest req) {
        String csrPem = req.requiredString("certificateSigningRequest");
        if (csrPem.isEmpty() || csrPem.length() > 4096) {
            throw constraint("certificateSigningRequest", "Member must have length between 1 and 4096");
        }
        CertificateSigningRequest csr;
        try {
            csr = CertificateSigningRequest.parse(csrPem);
        } catch (InvalidInputException e) {
            throw AwsApiException.invalidRequest("certificateSigningRequest is not a valid PEM certificate signing request: "
                    + e.getMessage());
        }
        X509Certificate issued;
        try {
            issued = issuer.issue(csr);
        } catch (InvalidInputException e) {
            throw AwsApiException.invalidRequest("certificateSigningRequest cannot be signed: " + e.getMessage());
        }
        Certificate cert = registry.registerCertificate(CertificateRegistration.builder(Pem.certificateToPem(issued))
                .status(req.queryFlag("setAsActive") ? CertificateStatus.ACTIVE : CertificateStatus.INACTIVE).build());
        return object().put("certificateArn", cert.certificateArn()).put("certificateId", cert.certificateId())
                .put("certificatePem", cert.certificatePem());
    }
}
