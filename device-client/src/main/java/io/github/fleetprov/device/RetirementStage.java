package io.github.fleetprov.device;

/**
 * How far the retirement of a replaced device certificate got, as the credential store records it. The
 * stages follow the order AWS IoT requires: a certificate must be INACTIVE and detached from every thing
 * before DeleteCertificate accepts it (AWS IoT API Reference, DeleteCertificate).
 */
public enum RetirementStage {
    /** Recorded before a rotation starts; the certificate is still the device's identity. */
    REPLACING,
    /** A new certificate replaced it in the store; it is still ACTIVE in AWS IoT. */
    REPLACED,
    /** Made INACTIVE with UpdateCertificate; it is detached and deleted once the grace period is over. */
    INACTIVE,
    /** Detached from the thing with DetachThingPrincipal; DeleteCertificate is next. */
    DETACHED
}
