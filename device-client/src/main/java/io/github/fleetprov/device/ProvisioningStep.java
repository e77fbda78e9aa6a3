package io.github.fleetprov.device;

/**
 * The steps of provisioning by claim, in the order {@link FleetProvisioningClient#provision()} runs
 * them. Errors and timeouts name the step they happened in.
 */
public enum ProvisioningStep {
    /** Opening the MQTT connection with the claim certificate (or, for rotation, the device certificate). */
    CONNECT,
    /** CreateCertificateFromCsr or CreateKeysAndCertificate. */
    CREATE_CERTIFICATE,
    /** Writing the pending state (certificate, key, ownership token) to the credential store. */
    PERSIST_PENDING,
    /** RegisterThing with the provisioning template. */
    REGISTER_THING,
    /** Writing the device identity to the credential store. */
    PERSIST_DEVICE,
    /** Connecting with a new certificate before it replaces the old one (rotation only). */
    VERIFY_NEW_CERTIFICATE,
    /** UpdateCertificate: the replaced certificate made INACTIVE (rotation with retirement only). */
    DEACTIVATE_OLD_CERTIFICATE,
    /** DetachThingPrincipal: the replaced certificate detached from the thing, after the grace period. */
    DETACH_OLD_CERTIFICATE,
    /** DeleteCertificate: the replaced certificate deleted, after the grace period. */
    DELETE_OLD_CERTIFICATE
}
