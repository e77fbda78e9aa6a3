package io.github.fleetprov.device.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fleetprov.core.pki.CertificateAuthority;
import io.github.fleetprov.core.pki.IssuedCertificate;
import io.github.fleetprov.core.pki.KeyAlgorithm;
import io.github.fleetprov.core.pki.Subject;
import io.github.fleetprov.device.ProvisionedDevice;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The provisioning state in core's credential store survives a new process (a new store instance). */
class CredentialStoreIdentityStoreTest {

    private static final CertificateAuthority CA = CertificateAuthority.create("Store test CA");
    private static final IssuedCertificate CERT = CA.issueWithKey(Subject.ofCommonName("device"),
            KeyAlgorithm.EC_P256, Duration.ofDays(1));

    @TempDir
    Path dir;

    @Test
    void pendingState_roundTripsThroughTheDirectory() {
        PendingState pending = new PendingState(CERT.certificate(), CERT.keyPair().getPrivate(), CERT.certificateId(),
                "token-secret", Instant.parse("2026-11-22T01:00:00Z"), "FleetTemplate");
        CredentialStoreIdentityStore.open(dir, "e", 8883).writePending(pending);

        PendingState read = CredentialStoreIdentityStore.open(dir, "e", 8883).readPending().orElseThrow();

        assertThat(read).isEqualTo(pending);
        assertThat(read.toString()).doesNotContain("token-secret");
    }

    @Test
    void device_roundTripsWithPortAndDeviceConfiguration() {
        ProvisionedDevice device = ProvisionedDevice.builder().thingName("thing-1").certificate(CERT.certificate())
                .privateKey(CERT.keyPair().getPrivate()).endpoint("localhost").port(18883)
                .deviceConfiguration(Map.of("FallbackUrl", "https://www.example.com/test-site")).storeDirectory(dir)
                .build();
        CredentialStoreIdentityStore.open(dir, "localhost", 8883).writeDevice(device);

        ProvisionedDevice read = CredentialStoreIdentityStore.open(dir, "localhost", 8883).readDevice().orElseThrow();

        assertThat(read).isEqualTo(device);
        assertThat(read.deviceConfiguration()).containsEntry("FallbackUrl", "https://www.example.com/test-site");
        assertThat(read.storeDirectory()).contains(dir);
    }

    @Test
    void deletePendingAndAbandoned_areRecorded() {
        CredentialStoreIdentityStore store = CredentialStoreIdentityStore.open(dir, "e", 8883);
        store.writePending(new PendingState(CERT.certificate(), CERT.keyPair().getPrivate(), CERT.certificateId(),
                "t", Instant.parse("2026-11-22T01:00:00Z"), "T"));

        store.deletePending();
        store.recordAbandoned(CERT.certificateId(), "ownership token expired");

        assertThat(store.readPending()).isEmpty();
        assertThat(store.credentialStore().abandoned()).singleElement()
                .satisfies(a -> assertThat(a.certificateId()).isEqualTo(CERT.certificateId()));
    }
}
