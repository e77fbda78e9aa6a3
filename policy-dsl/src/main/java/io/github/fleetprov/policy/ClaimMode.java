package io.github.fleetprov.policy;

/** How a device with a claim certificate obtains its own certificate. */
public enum ClaimMode {
    /** The device sends a CSR: {@code CreateCertificateFromCsr}; its key never leaves it. */
    CSR,
    /** AWS IoT creates the key pair: {@code CreateKeysAndCertificate}. */
    KEYS,
    /** Both flows are allowed. */
    BOTH
}
