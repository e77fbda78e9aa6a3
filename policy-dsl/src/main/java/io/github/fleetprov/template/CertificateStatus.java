package io.github.fleetprov.template;

import java.util.Locale;
import java.util.Optional;

/**
 * The status a certificate resource gives the device certificate. Templates write it in either
 * casing ({@code ACTIVE}, {@code Active}); {@link #parse(String)} accepts both.
 */
public enum CertificateStatus {
    /** The certificate can be used to connect. The default. */
    ACTIVE,
    /** The certificate is registered but cannot be used to connect. */
    INACTIVE;

    /**
     * Reads a status in any casing.
     *
     * @param text e.g. {@code "Active"}
     * @return the status, or empty if the text is neither ACTIVE nor INACTIVE
     */
    public static Optional<CertificateStatus> parse(String text) {
        String upper = text.strip().toUpperCase(Locale.ROOT);
        if (upper.equals("ACTIVE")) {
            return Optional.of(ACTIVE);
        }
        if (upper.equals("INACTIVE")) {
            return Optional.of(INACTIVE);
        }
        return Optional.empty();
    }
}
