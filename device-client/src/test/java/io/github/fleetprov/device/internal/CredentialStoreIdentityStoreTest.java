package io.github.fleetprov.device.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fleetprov.core.pki.CertificateAuthority;
import io.github.fleetprov.core.pki.IssuedCertificate;
import io.github.fleetprov.core.pki.KeyAlgorithm;
import io.github.fleetprov.core.pki.Subject;
import io.github.fleetprov.core.store.DeviceIdentity;
import io.github.fleetprov.core.store.PendingIdentity;
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
    void pendingIdentity_roundTripsThroughTheDirectory() {
        PendingIdentity pending = PendingIdentity.builder().certificate(CERT.certificate())
                .privateKey(CERT.keyPair().getPrivate()).certificateId(CERT.certificateId()).ownershipToken("token-secret")
                .tokenExpiry(Instant.parse("2026-11-22T01:00:00Z")).templateName("FleetTemplate")
                .parameters(Map.of("SerialNumber", "SN-1")).build();
        CredentialStoreIdentityStore.open(dir).writePending(pending);

        PendingIdentity read = CredentialStoreIdentityStore.open(dir).readPending().orElseThrow();

        assertThat(read).isEqualTo(pending);
        assertThat(read.toString()).doesNotContain("token-secret");
    }

    @Test
    void device_roundTripsWithPortAndDeviceConfiguration() {
        DeviceIdentity device = DeviceIdentity.builder().thingName("thing-1").certificate(CERT.certificate())
                .privateKey(CERT.keyPair().getPrivate()).endpoint("localhost").port(18883)
                .deviceConfiguration(Map.of("FallbackUrl", "https://www.example.com/test-site")).build();
        CredentialStoreIdentityStore.open(dir).writeDevice(device);

        DeviceIdentity read = CredentialStoreIdentityStore.open(dir).readDevice().orElseThrow();

        assertThat(read).isEqualTo(device);
        assertThat(read.deviceConfiguration()).containsEntry("FallbackUrl", "https://www.example.com/test-site");
        assertThat(read.port()).isEqualTo(18883);
    }

    @Test
    void deletePendingAndAbandoned_areRecorded() {
        CredentialStoreIdentityStore store = CredentialStoreIdentityStore.open(dir);
        store.writePending(PendingIdentity.builder().certificate(CERT.certificate())
                .privateKey(CERT.keyPair().getPrivate()).certificateId(CERT.certificateId()).ownershipToken("t")
                .tokenExpiry(Instant.parse("2026-11-22T01:00:00Z")).templateName("T").build());

        store.deletePending();
        store.recordAbandoned(CERT.certificateId(), "ownership token expired");

        assertThat(store.readPending()).isEmpty();
        assertThat(store.credentialStore().abandoned()).singleElement()
                .satisfies(a -> assertThat(a.certificateId()).isEqualTo(CERT.certificateId()));
    }
}
