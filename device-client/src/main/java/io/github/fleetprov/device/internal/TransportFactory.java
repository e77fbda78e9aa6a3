package io.github.fleetprov.device.internal;

/** Makes a transport for an identity. */
@FunctionalInterface
public interface TransportFactory {

    /**
     * Makes an unopened transport.
     *
     * @param identity the certificate and key to connect with
     * @param clientId the MQTT client id
     * @return a new transport
     */
    ProvisioningTransport create(TlsIdentity identity, String clientId);
}
