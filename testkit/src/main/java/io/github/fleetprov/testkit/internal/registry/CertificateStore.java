package io.github.fleetprov.testkit.internal.registry;

import io.github.fleetprov.core.pki.Certificates;
import io.github.fleetprov.testkit.event.Event;
import io.github.fleetprov.testkit.event.EventType;
import io.github.fleetprov.testkit.registry.CaCertificate;
import io.github.fleetprov.testkit.registry.CaRegistrationConfig;
import io.github.fleetprov.testkit.registry.Certificate;
import io.github.fleetprov.testkit.registry.CertificateRegistration;
import io.github.fleetprov.testkit.registry.CertificateMode;
import io.github.fleetprov.testkit.registry.CertificateRegistry;
import io.github.fleetprov.testkit.registry.CertificateStatus;
import io.github.fleetprov.testkit.registry.RegistryException;
import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.pki.Pem;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Device certificates and CA certificates. Tables: {@code certificates} (by certificate id) and
 * {@code caCertificates} (by CA certificate id). A row keeps the PEM; the parsed certificate is
 * rebuilt from it.
 */
final class CertificateStore implements CertificateRegistry {

    /** The JSON row of a certificate. */
    record CertificateRow(String certificateId, String certificateArn, String certificatePem, CertificateStatus status,
            String caCertificateId, Instant claimExpiry, String claimTemplateName, String generationId,
            Instant creationDate, Instant lastModifiedDate, CertificateMode certificateMode) {
    }

    /** The JSON row of a CA certificate. */
    record CaCertificateRow(String certificateId, String certificateArn, String certificatePem, boolean active,
            boolean autoRegistration, Instant creationDate, String templateBody, String roleArn, String templateName,
            Instant lastModifiedDate) {
    }

    private final RegistryContext ctx;
    final RegistryTable<Certificate> certificates;
    final RegistryTable<CaCertificate> caCertificates;

    CertificateStore(RegistryContext ctx) {
        this.ctx = ctx;
        certificates = ctx.tables.table("certificates", CertificateRow.class,
                c -> new CertificateRow(c.certificateId(), c.certificateArn(), c.certificatePem(), c.status(),
                        c.caCertificateId().orElse(null), c.claimExpiry().orElse(null),
                        c.claimTemplateName().orElse(null), c.generationId(), c.creationDate(), c.lastModifiedDate(),
                        c.certificateMode()),
                r -> new Certificate(r.certificateId(), r.certificateArn(), r.certificatePem(),
                        parseCertificate("certificatePem", r.certificatePem()), r.status(), r.caCertificateId(),
                        r.claimExpiry(), r.claimTemplateName(), r.generationId(), r.creationDate(),
                        r.lastModifiedDate(), r.certificateMode() == null ? CertificateMode.DEFAULT : r.certificateMode()));
        caCertificates = ctx.tables.table("caCertificates", CaCertificateRow.class,
                c -> new CaCertificateRow(c.certificateId(), c.certificateArn(), c.certificatePem(), c.active(),
                        c.autoRegistration(), c.creationDate(),
                        c.registration().flatMap(CaRegistrationConfig::body).orElse(null),
                        c.registration().flatMap(CaRegistrationConfig::role).orElse(null),
                        c.registration().flatMap(CaRegistrationConfig::name).orElse(null), c.lastModifiedDate()),
                r -> new CaCertificate(r.certificateId(), r.certificateArn(), r.certificatePem(),
                        parseCertificate("caCertificatePem", r.certificatePem()), r.active(), r.autoRegistration(),
                        r.creationDate(), r.templateBody() == null && r.templateName() == null ? null
                                : new CaRegistrationConfig(r.templateBody(), r.roleArn(), r.templateName()),
                        r.lastModifiedDate() == null ? r.creationDate() : r.lastModifiedDate()));
    }

    static X509Certificate parseCertificate(String field, String pem) {
        String body = pem.replaceAll("-----(BEGIN|END) CERTIFICATE-----", "").replaceAll("\\s", "");
        if (pem.contains("-----BEGIN") && !pem.contains("-----BEGIN CERTIFICATE-----")) {
            throw RegistryException.of(RegistryException.CERTIFICATE_VALIDATION, field
                    + ": is not a certificate PEM. Give a '-----BEGIN CERTIFICATE-----' block.");
        }
        try {
            // core's reader bounds size and nesting before the JDK parser, which recurses without limit.
            return Pem.readCertificate(body);
        } catch (InvalidInputException e) {
            throw RegistryException.of(RegistryException.CERTIFICATE_VALIDATION, field
                    + ": cannot be read as an X.509 certificate (" + e.problem() + "). Give a PEM certificate.");
        }
    }

    /** Under the lock: the certificate with this ARN, or {@code null}. */
    Certificate byArn(String certificateArn) {
        return ctx.idOf(certificateArn, "cert").map(certificates::get)
                .filter(c -> c.certificateArn().equals(certificateArn)).orElse(null);
    }

    @Override
    public Certificate registerCertificate(String certificatePem, CertificateStatus status) {
        return registerCertificate(CertificateRegistration.builder(certificatePem).status(status).build());
    }

    @Override
    public Certificate registerCertificate(CertificateRegistration registration) {
        Objects.requireNonNull(registration, "registration");
        X509Certificate x509 = parseCertificate("certificatePem", registration.certificatePem());
        String id = Certificates.awsCertificateId(x509);
        return ctx.tables.write(() -> {
            Certificate existing = certificates.get(id);
            if (existing != null) {
                throw RegistryException.alreadyExists("The certificate is already registered (id " + id + ").", id,
                        existing.certificateArn());
            }
            if (registration.caCertificateId().isPresent()
                    && !caCertificates.contains(registration.caCertificateId().get())) {
                throw RegistryException.notFound("CA certificate " + registration.caCertificateId().get()
                        + " is not registered. Register it with RegisterCACertificate first.");
            }
            Instant now = ctx.clock.instant();
            Certificate c = new Certificate(id, ctx.arn("cert", id), registration.certificatePem(), x509,
                    registration.status(), registration.caCertificateId().orElse(null),
                    registration.claimExpiry().orElse(null), registration.claimTemplateName().orElse(null),
                    UUID.randomUUID().toString(), now, now, registration.mode());
            certificates.put(id, c);
            ctx.events.record(Event.builder(EventType.REGISTRY, "RegisterCertificate").resource(c.certificateArn())
                    .outcome("OK").detail("certificateId", id).detail("status", c.status().name())
                    .detail("claimTemplateName", registration.claimTemplateName().orElse(null)));
            return c;
        });
    }

    @Override
    public Certificate describeCertificate(String certificateId) {
        return findCertificate(certificateId).orElseThrow(() -> RegistryException.notFound("Certificate "
                + certificateId + " is not registered. Register it, or check the id (the SHA-256 of its DER)."));
    }

    @Override
    public Optional<Certificate> findCertificate(String certificateId) {
        Objects.requireNonNull(certificateId, "certificateId");
        return ctx.tables.read(() -> certificates.find(certificateId));
    }

    @Override
    public Optional<Certificate> findCertificateByArn(String certificateArn) {
        Objects.requireNonNull(certificateArn, "certificateArn");
        return ctx.tables.read(() -> Optional.ofNullable(byArn(certificateArn)));
    }

    @Override
    public List<Certificate> listCertificates() {
        return ctx.tables.read(() -> certificates.values().stream().filter(c -> !c.isProvisioningClaim())
                .collect(Collectors.toUnmodifiableList()));
    }

    @Override
    public Certificate updateCertificateStatus(String certificateId, CertificateStatus newStatus) {
        Objects.requireNonNull(newStatus, "newStatus");
        return ctx.tables.write(() -> {
            Certificate c = describeCertificate(certificateId);
            if (c.status() == CertificateStatus.REVOKED && newStatus != CertificateStatus.REVOKED) {
                throw RegistryException.of(RegistryException.CERTIFICATE_STATE, "Certificate " + certificateId
                        + " is REVOKED and cannot change status. Register a new certificate instead.");
            }
            if (c.status() == CertificateStatus.PENDING_TRANSFER) {
                throw RegistryException.of(RegistryException.CERTIFICATE_STATE, "Certificate " + certificateId
                        + " is PENDING_TRANSFER. Accept, reject or cancel the transfer first.");
            }
            if (newStatus == CertificateStatus.PENDING_TRANSFER || newStatus == CertificateStatus.PENDING_ACTIVATION
                    || newStatus == CertificateStatus.REGISTER_INACTIVE) {
                // Service model, UpdateCertificateRequest.newStatus: PENDING_TRANSFER and PENDING_ACTIVATION
                // are for AWS IoT's internal use and setting them throws; REGISTER_INACTIVE is deprecated.
                throw RegistryException.invalidRequest("newStatus: " + newStatus + " cannot be set with"
                        + " UpdateCertificate; AWS IoT uses it internally"
                        + (newStatus == CertificateStatus.REGISTER_INACTIVE ? " and it is deprecated" : "")
                        + ". Use ACTIVE, INACTIVE or REVOKED.");
            }
            if (c.status() == newStatus) {
                return c;
            }
            Certificate updated = c.withStatus(newStatus, UUID.randomUUID().toString(), ctx.clock.instant());
            certificates.put(certificateId, updated);
            ctx.changed("UpdateCertificate", c.certificateArn(), "status", newStatus.name());
            return updated;
        });
    }

    @Override
    public Certificate setClaimExpiry(String certificateId, Instant expiry) {
        return ctx.tables.write(() -> {
            Certificate c = describeCertificate(certificateId);
            Certificate updated = c.withClaimExpiry(expiry, ctx.clock.instant());
            certificates.put(certificateId, updated);
            ctx.changed("SetClaimExpiry", c.certificateArn(), "claimExpiry", String.valueOf(expiry));
            return updated;
        });
    }

    @Override
    public void deleteCertificate(String certificateId, boolean forceDelete) {
        ctx.tables.write(() -> {
            Certificate c = describeCertificate(certificateId);
            if (c.status() == CertificateStatus.ACTIVE) {
                throw RegistryException.of(RegistryException.CERTIFICATE_STATE, "Certificate " + certificateId
                        + " is ACTIVE. Set it INACTIVE with UpdateCertificate before deleting it.");
            }
            Set<String> attachedThings = ctx.things.thingsOf(c.certificateArn());
            if (!attachedThings.isEmpty()) {
                throw RegistryException.of(RegistryException.DELETE_CONFLICT, "Certificate " + certificateId
                        + " is attached to things " + attachedThings + ". Detach it with DetachThingPrincipal first.");
            }
            List<String> attachedPolicies = ctx.policies.attachedNames(c.certificateArn());
            if (!attachedPolicies.isEmpty()) {
                if (!forceDelete) {
                    throw RegistryException.of(RegistryException.DELETE_CONFLICT, "Certificate " + certificateId
                            + " has policies attached " + attachedPolicies
                            + ". Detach them with DetachPolicy, or delete with forceDelete.");
                }
                ctx.policies.detachAll(c.certificateArn());
            }
            certificates.remove(certificateId);
            ctx.changed("DeleteCertificate", c.certificateArn(), "certificateId", certificateId);
        });
    }

    @Override
    public CaCertificate registerCaCertificate(String caCertificatePem, boolean active, boolean autoRegistration,
            CaRegistrationConfig registrationConfig) {
        Objects.requireNonNull(caCertificatePem, "caCertificatePem");
        X509Certificate x509 = parseCertificate("caCertificate", caCertificatePem);
        if (x509.getBasicConstraints() < 0) {
            throw RegistryException.of(RegistryException.CERTIFICATE_VALIDATION,
                    "caCertificate: is not a CA certificate (basic constraints CA=false). Give the CA's certificate.");
        }
        String id = Certificates.awsCertificateId(x509);
        return ctx.tables.write(() -> {
            CaCertificate existing = caCertificates.get(id);
            if (existing != null) {
                throw RegistryException.alreadyExists("The CA certificate is already registered (id " + id + ").",
                        id, existing.certificateArn());
            }
            Instant now = ctx.clock.instant();
            CaCertificate ca = new CaCertificate(id, ctx.arn("cacert", id), caCertificatePem, x509, active,
                    autoRegistration, now, registrationConfig, now);
            caCertificates.put(id, ca);
            ctx.changed("RegisterCACertificate", ca.certificateArn(), "certificateId", id);
            return ca;
        });
    }

    @Override
    public CaCertificate updateCaCertificate(String certificateId, Boolean active, Boolean autoRegistration,
            CaRegistrationConfig registrationConfig, boolean removeRegistrationConfig) {
        if (registrationConfig != null && removeRegistrationConfig) {
            throw RegistryException.invalidRequest("registrationConfig: cannot be set while removeAutoRegistration"
                    + " removes it. Give one of them.");
        }
        return ctx.tables.write(() -> {
            CaCertificate ca = findCaCertificate(certificateId).orElseThrow(() -> RegistryException.notFound(
                    "CA certificate " + certificateId + " is not registered. Register it with RegisterCACertificate."));
            CaRegistrationConfig config = removeRegistrationConfig ? null
                    : registrationConfig != null ? registrationConfig : ca.registrationConfig();
            CaCertificate updated = new CaCertificate(ca.certificateId(), ca.certificateArn(), ca.certificatePem(),
                    ca.certificate(), active == null ? ca.active() : active,
                    autoRegistration == null ? ca.autoRegistration() : autoRegistration, ca.creationDate(), config,
                    ctx.clock.instant());
            caCertificates.put(certificateId, updated);
            ctx.changed("UpdateCACertificate", ca.certificateArn(), "status", updated.active() ? "ACTIVE" : "INACTIVE");
            return updated;
        });
    }

    @Override
    public Optional<CaCertificate> findCaCertificate(String certificateId) {
        Objects.requireNonNull(certificateId, "certificateId");
        return ctx.tables.read(() -> caCertificates.find(certificateId));
    }

    @Override
    public List<CaCertificate> listCaCertificates() {
        return ctx.tables.read(() -> List.copyOf(caCertificates.values()));
    }

    @Override
    public void deleteCaCertificate(String certificateId) {
        ctx.tables.write(() -> {
            CaCertificate ca = findCaCertificate(certificateId).orElseThrow(() -> RegistryException.notFound(
                    "CA certificate " + certificateId + " is not registered."));
            if (ca.active()) {
                throw RegistryException.of(RegistryException.CERTIFICATE_STATE, "CA certificate " + certificateId
                        + " is ACTIVE. Set it INACTIVE before deleting it.");
            }
            caCertificates.remove(certificateId);
            ctx.changed("DeleteCACertificate", ca.certificateArn(), "certificateId", certificateId);
        });
    }
}
