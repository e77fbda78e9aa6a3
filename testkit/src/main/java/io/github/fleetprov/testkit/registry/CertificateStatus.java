package io.github.fleetprov.testkit.registry;

/** The status of a device certificate in AWS IoT. */
public enum CertificateStatus {
    /** Usable for connections. */
    ACTIVE,
    /** Registered but refused for connections. */
    INACTIVE,
    /** Revoked; can never become active again. */
    REVOKED,
    /** Created by the fleet provisioning API and waiting for RegisterThing to activate it. */
    PENDING_ACTIVATION,
    /** Being transferred to another account. */
    PENDING_TRANSFER,
    /** Registered through a CA with auto-registration, inactive. */
    REGISTER_INACTIVE;

    /**
     * Parses the AWS spelling ({@code ACTIVE}, {@code PENDING_ACTIVATION}, ..., case-insensitive;
     * the template spelling {@code Active}/{@code Inactive} is accepted too).
     *
     * @param value the status text
     * @return the status
     * @throws RegistryException {@code InvalidRequestException} if the text is no status
     */
    public static CertificateStatus parse(String value) {
        java.util.Objects.requireNonNull(value, "value");
        for (CertificateStatus s : values()) {
            if (s.name().equalsIgnoreCase(value.trim())) {
                return s;
            }
        }
        throw RegistryException.invalidRequest("status: '" + value
                + "' is not a certificate status. Use ACTIVE, INACTIVE, REVOKED, PENDING_ACTIVATION,"
                + " PENDING_TRANSFER or REGISTER_INACTIVE.");
    }
}
