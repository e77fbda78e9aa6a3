package io.github.fleetprov.template;

import java.util.Optional;

/**
 * Parameters that AWS IoT fills in itself. {@link #CERTIFICATE_ID} is available to every
 * template; the certificate subject fields are available to {@link TemplateType#JITP} templates,
 * which take them from the subject of the device certificate. A template may {@code Ref} them
 * without declaring them; JITP templates usually declare them, and then the certificate must carry
 * every declared field that has no {@code Default}.
 *
 * <p>For JITP, the values AWS IoT extracts from the certificate subject are the parameter dictionary
 * of the request (AWS IoT developer guide, "Just-in-time provisioning": the parameter values "are
 * limited to what JITP can extract from the subject field of the certificate"), and a declared
 * {@code Default} "is used when the dictionary passed in with the template does not contain a value
 * for the parameter" ("Provisioning templates", Parameters section). So a subject field the
 * certificate lacks takes the declared default; without one the request is refused.
 */
public enum PseudoParameter {
    /** {@code AWS::IoT::Certificate::Id}: the id AWS IoT gives the device certificate. */
    CERTIFICATE_ID("AWS::IoT::Certificate::Id", null),
    /** {@code AWS::IoT::Certificate::Country}: subject C. */
    COUNTRY("AWS::IoT::Certificate::Country", "C"),
    /** {@code AWS::IoT::Certificate::Organization}: subject O. */
    ORGANIZATION("AWS::IoT::Certificate::Organization", "O"),
    /** {@code AWS::IoT::Certificate::OrganizationalUnit}: subject OU. */
    ORGANIZATIONAL_UNIT("AWS::IoT::Certificate::OrganizationalUnit", "OU"),
    /** {@code AWS::IoT::Certificate::DistinguishedNameQualifier}: subject dnQualifier (2.5.4.46). */
    DISTINGUISHED_NAME_QUALIFIER("AWS::IoT::Certificate::DistinguishedNameQualifier", "DNQUALIFIER"),
    /** {@code AWS::IoT::Certificate::StateName}: subject ST. */
    STATE_NAME("AWS::IoT::Certificate::StateName", "ST"),
    /** {@code AWS::IoT::Certificate::CommonName}: subject CN. */
    COMMON_NAME("AWS::IoT::Certificate::CommonName", "CN"),
    /** {@code AWS::IoT::Certificate::SerialNumber}: subject serialNumber (2.5.4.5), not the certificate serial. */
    SERIAL_NUMBER("AWS::IoT::Certificate::SerialNumber", "SERIALNUMBER");

    private final String parameterName;
    private final String subjectAttribute;

    PseudoParameter(String parameterName, String subjectAttribute) {
        this.parameterName = parameterName;
        this.subjectAttribute = subjectAttribute;
    }

    /**
     * The name templates use, e.g. {@code AWS::IoT::Certificate::Id}.
     *
     * @return the parameter name
     */
    public String parameterName() {
        return parameterName;
    }

    /**
     * The RFC 2253 keyword of the subject attribute this parameter comes from.
     *
     * @return the keyword, or empty for {@link #CERTIFICATE_ID}
     */
    public Optional<String> subjectAttribute() {
        return Optional.ofNullable(subjectAttribute);
    }

    /**
     * Whether AWS fills this parameter in for templates of the given type.
     *
     * @param type the template type
     * @return {@code true} if AWS supplies the value
     */
    public boolean isAvailableIn(TemplateType type) {
        return this == CERTIFICATE_ID || type == TemplateType.JITP;
    }

    /**
     * Looks a pseudo-parameter up by its template name.
     *
     * @param name e.g. {@code AWS::IoT::Certificate::CommonName}
     * @return the pseudo-parameter, or empty
     */
    public static Optional<PseudoParameter> fromName(String name) {
        if (!name.startsWith("AWS::IoT::Certificate::")) {
            return Optional.empty();
        }
        for (PseudoParameter p : values()) {
            if (p.parameterName.equals(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
