package io.github.fleetprov.device.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.fleetprov.core.FleetProvisioningException;
import io.github.fleetprov.core.store.CredentialStore;
import io.github.fleetprov.core.store.DeviceIdentity;
import io.github.fleetprov.core.store.PendingIdentity;
import io.github.fleetprov.device.ProvisionedDevice;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link IdentityStore} on core's {@link CredentialStore}: the pending identity and the device
 * identity are separate slots, each written atomically. The device's port and device configuration
 * are kept in the identity's metadata.
 */
public final class CredentialStoreIdentityStore implements IdentityStore {

    static final String PORT = "port";
    static final String DEVICE_CONFIGURATION = "deviceConfiguration";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, String>> STRING_MAP = new TypeReference<>() {
    };

    private final CredentialStore store;
    private final Path directory;
    private final int defaultPort;

    private CredentialStoreIdentityStore(CredentialStore store, Path directory, int defaultPort) {
        this.store = store;
        this.directory = directory;
        this.defaultPort = defaultPort;
    }

    /**
     * Opens the credential store in a directory.
     *
     * @param directory the directory
     * @param endpoint the endpoint (unused for reading; identities carry their own)
     * @param defaultPort the port for identities stored without one
     * @return the store
     */
    public static CredentialStoreIdentityStore open(Path directory, String endpoint, int defaultPort) {
        return new CredentialStoreIdentityStore(CredentialStore.open(directory), directory, defaultPort);
    }

    /**
     * The underlying credential store.
     *
     * @return the store
     */
    public CredentialStore credentialStore() {
        return store;
    }

    @Override
    public Optional<ProvisionedDevice> readDevice() {
        return store.readDevice().map(this::toDevice);
    }

    private ProvisionedDevice toDevice(DeviceIdentity identity) {
        Map<String, String> metadata = identity.metadata();
        int port = metadata.containsKey(PORT) ? Integer.parseInt(metadata.get(PORT)) : defaultPort;
        Map<String, String> configuration = Map.of();
        String json = metadata.get(DEVICE_CONFIGURATION);
        if (json != null) {
            try {
                configuration = MAPPER.readValue(json, STRING_MAP);
            } catch (IOException e) {
                throw new FleetProvisioningException("The stored device configuration in " + directory
                        + " is not valid JSON", e);
            }
        }
        return ProvisionedDevice.builder().thingName(identity.thingName()).certificate(identity.certificate())
                .certificateId(identity.certificateId()).privateKey(identity.privateKey())
                .deviceConfiguration(configuration).endpoint(identity.endpoint()).port(port)
                .storeDirectory(directory).build();
    }

    @Override
    public void writeDevice(ProvisionedDevice device) {
        String configuration;
        try {
            configuration = MAPPER.writeValueAsString(device.deviceConfiguration());
        } catch (IOException e) {
            throw new FleetProvisioningException("Cannot write the device configuration as JSON", e);
        }
        store.writeDevice(DeviceIdentity.builder().certificatePem(device.certificatePem())
                .privateKey(device.privateKey()).certificateId(device.certificateId()).thingName(device.thingName())
                .endpoint(device.endpoint()).putMetadata(PORT, Integer.toString(device.port()))
                .putMetadata(DEVICE_CONFIGURATION, configuration).build());
    }

    @Override
    public Optional<PendingState> readPending() {
        return store.readPending().map(p -> new PendingState(p.certificate(), p.privateKey(), p.certificateId(),
                p.ownershipToken(), p.tokenExpiry(), p.templateName()));
    }

    @Override
    public void writePending(PendingState pending) {
        store.writePending(PendingIdentity.builder()
                .certificatePem(io.github.fleetprov.core.pki.Pem.certificateToPem(pending.certificate()))
                .privateKey(pending.privateKey()).certificateId(pending.certificateId())
                .ownershipToken(pending.ownershipToken()).tokenExpiry(pending.tokenExpiry())
                .templateName(pending.templateName()).build());
    }

    @Override
    public void deletePending() {
        store.deletePending();
    }

    @Override
    public void recordAbandoned(String certificateId, String reason) {
        store.recordAbandoned(certificateId, reason);
    }
}
