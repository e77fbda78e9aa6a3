package io.github.fleetprov.template;

import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

import io.github.fleetprov.core.InvalidInputException;

/**
 * The device certificate a template is evaluated for: its AWS IoT certificate id (the value of
 * {@code AWS::IoT::Certificate::Id}) and, for JITP templates, the subject fields AWS extracts.
 * Immutable.
 */
public final class CertificateContext {

    private static final Map<String, String> OID_KEYWORDS = Map.of(
            "2.5.4.5", "SERIALNUMBER",
            "2.5.4.46", "DNQUALIFIER");

    private final String certificateId;
    private final X509Certificate certificate;
    private final Map<PseudoParameter, String> subjectFields;

    private CertificateContext(String certificateId, X509Certificate certificate,
            Map<PseudoParameter, String> subjectFields) {
        this.certificateId = certificateId;
        this.certificate = certificate;
        this.subjectFields = subjectFields;
    }

    /**
     * A context for a certificate whose subject is read from the X.509 certificate.
     *
     * @param certificateId the AWS IoT certificate id (64 lower-case hex digits for AWS-issued ids)
     * @param certificate the device certificate
     * @return the context
     */
    public static CertificateContext of(String certificateId, X509Certificate certificate) {
        Objects.requireNonNull(certificateId, "certificateId");
        Objects.requireNonNull(certificate, "certificate");
        return new CertificateContext(requireId(certificateId), certificate,
                subjectFields(certificate.getSubjectX500Principal()));
    }

    /**
     * A context with only a certificate id (fleet provisioning templates need nothing else).
     *
     * @param certificateId the AWS IoT certificate id
     * @return the context
     */
    public static CertificateContext of(String certificateId) {
        Objects.requireNonNull(certificateId, "certificateId");
        return new CertificateContext(requireId(certificateId), null, Map.of());
    }

    /**
     * A context with a certificate id and subject fields given directly, e.g. already extracted
     * from a certificate. {@link PseudoParameter#CERTIFICATE_ID} in the map is ignored.
     *
     * @param certificateId the AWS IoT certificate id
     * @param subjectFields subject values by pseudo-parameter
     * @return the context
     */
    public static CertificateContext of(String certificateId, Map<PseudoParameter, String> subjectFields) {
        Objects.requireNonNull(certificateId, "certificateId");
        Objects.requireNonNull(subjectFields, "subjectFields");
        Map<PseudoParameter, String> fields = new EnumMap<>(PseudoParameter.class);
        subjectFields.forEach((k, v) -> {
            if (k != PseudoParameter.CERTIFICATE_ID) {
                fields.put(Objects.requireNonNull(k, "subjectFields key"), Objects.requireNonNull(v, "subjectFields value"));
            }
        });
        return new CertificateContext(requireId(certificateId), null, Collections.unmodifiableMap(fields));
    }

    private static String requireId(String certificateId) {
        if (certificateId.isBlank()) {
            throw new InvalidInputException("certificateId", "is empty", "Pass the AWS IoT certificate id of the device certificate.");
        }
        return certificateId;
    }

    private static Map<PseudoParameter, String> subjectFields(X500Principal subject) {
        Map<PseudoParameter, String> fields = new EnumMap<>(PseudoParameter.class);
        try {
            LdapName name = new LdapName(subject.getName(X500Principal.RFC2253, OID_KEYWORDS));
            // RFC 2253 lists the most specific RDN first; LdapName stores them in reverse.
            for (Rdn rdn : name.getRdns()) {
                for (PseudoParameter p : PseudoParameter.values()) {
                    if (p.subjectAttribute().map(rdn.getType()::equalsIgnoreCase).orElse(false)
                            && rdn.getValue() instanceof String value) {
                        fields.putIfAbsent(p, value);
                    }
                }
            }
        } catch (InvalidNameException e) {
            throw new InvalidInputException("certificate", "its subject cannot be read (" + e.getMessage() + ")",
                    "Use a certificate with an RFC 5280 subject.", e);
        }
        return Collections.unmodifiableMap(fields);
    }

    /**
     * The AWS IoT certificate id.
     *
     * @return the id
     */
    public String certificateId() {
        return certificateId;
    }

    /**
     * The device certificate, if this context was made from one.
     *
     * @return the certificate
     */
    public Optional<X509Certificate> certificate() {
        return Optional.ofNullable(certificate);
    }

    /**
     * The value AWS would use for a pseudo-parameter.
     *
     * @param parameter the pseudo-parameter
     * @return the value, or empty if the certificate has no such subject field
     */
    public Optional<String> value(PseudoParameter parameter) {
        Objects.requireNonNull(parameter, "parameter");
        if (parameter == PseudoParameter.CERTIFICATE_ID) {
            return Optional.of(certificateId);
        }
        return Optional.ofNullable(subjectFields.get(parameter));
    }

    /**
     * The subject fields found in the certificate, by pseudo-parameter.
     *
     * @return the fields
     */
    public Map<PseudoParameter, String> subjectFields() {
        return subjectFields;
    }

    @Override
    public String toString() {
        return "CertificateContext[certificateId=" + certificateId + ", subjectFields=" + subjectFields + "]";
    }
}
