package io.github.fleetprov.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.core.store.CredentialStore;
import io.github.fleetprov.core.store.DeviceIdentity;
import io.github.fleetprov.testkit.event.EventType;
import io.github.fleetprov.testkit.registry.CertificateStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash column of the fault matrix: a child JVM provisions against LocalIotCore and is halted
 * right after a step (no shutdown hooks, no cleanup); then the device restarts (provisioning again
 * in this JVM, with the same credential store). Every cell ends with the device provisioned exactly
 * once, and what the crash left on disk is always readable (never a partial identity).
 */
class CrashRecoveryTest {

    @TempDir
    Path dir;

    private Fleet fleet;
    private Path store;

    private void crashAfter(ProvisioningStep step) throws Exception {
        fleet = Fleet.create();
        store = dir.resolve("store");
        Path ca = Files.writeString(dir.resolve("ca.pem"), fleet.iot.caCertificatePem());
        Path cert = Files.writeString(dir.resolve("claim.pem"), fleet.claim.certificatePem());
        Path key = Files.writeString(dir.resolve("claim.key"), fleet.claim.privateKeyPem());
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CrashingDevice.class.getName(),
                fleet.iot.mqttHost(), Integer.toString(fleet.iot.mqttPort()), ca.toString(), cert.toString(),
                key.toString(), fleet.templateName, "test-" + fleet.id, fleet.id, store.toString(), step.name());
        pb.redirectErrorStream(true);
        Process process = pb.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isEqualTo(137);
        assertThat(output).contains("CRASH after " + step);
        // what the crash left behind must be readable: a whole identity or none
        CredentialStore disk = CredentialStore.open(store);
        disk.readPending();
        disk.readDevice();
    }

    private FleetProvisioningClient restarted() {
        return fleet.client(store).build();
    }

    private void assertProvisionedExactlyOnce(DeviceIdentity device) {
        assertThat(device.thingName()).isEqualTo(fleet.thingName());
        assertThat(fleet.thingCertificates()).singleElement().satisfies(c -> {
            assertThat(c.certificateId()).isEqualTo(device.certificateId());
            assertThat(c.status()).isEqualTo(CertificateStatus.ACTIVE);
        });
        assertThat(fleet.newActiveCertificateIds()).containsExactly(device.certificateId());
        CredentialStore disk = CredentialStore.open(store);
        assertThat(disk.readDevice()).hasValueSatisfying(d ->
                assertThat(d.certificateId()).isEqualTo(device.certificateId()));
        assertThat(disk.readPending()).isEmpty();
    }

    @Test
    void crashAfterClaimConnect_restartProvisionsOnce() throws Exception {
        crashAfter(ProvisioningStep.CONNECT);
        assertThat(CredentialStore.open(store).readPending()).isEmpty();

        assertProvisionedExactlyOnce(restarted().provision());
    }

    @Test
    void crashAfterCertificateCreation_restartCreatesAnotherAndTheFirstNeverBecomesActive() throws Exception {
        crashAfter(ProvisioningStep.CREATE_CERTIFICATE);
        assertThat(CredentialStore.open(store).readPending()).isEmpty();

        DeviceIdentity device = restarted().provision();

        assertProvisionedExactlyOnce(device);
        assertThat(fleet.newCertificates()).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void crashAfterPendingPersisted_restartResumesAtRegisterThingWithTheSameCertificate() throws Exception {
        crashAfter(ProvisioningStep.PERSIST_PENDING);
        String pendingId = CredentialStore.open(store).readPending().orElseThrow().certificateId();
        long before = fleet.iot.events().lastSequence();

        DeviceIdentity device = restarted().provision();

        assertThat(device.certificateId()).isEqualTo(pendingId);
        assertThat(fleet.iot.events().since(before)).noneMatch(e -> e.type() == EventType.REQUEST
                && e.operation().startsWith("Create"));
        assertProvisionedExactlyOnce(device);
    }

    @Test
    void crashAfterRegisterThing_restartReportsUnconfirmedAndCompletesWithTheSameCertificate() throws Exception {
        crashAfter(ProvisioningStep.REGISTER_THING);
        String pendingId = CredentialStore.open(store).readPending().orElseThrow().certificateId();
        assertThat(CredentialStore.open(store).readDevice()).isEmpty();
        FleetProvisioningClient client = restarted();

        assertThatThrownBy(client::provision)
                .isInstanceOfSatisfying(RegistrationUnconfirmedException.class,
                        e -> assertThat(e.certificateId()).isEqualTo(pendingId));
        DeviceIdentity device = client.completeRegistration(fleet.thingName());

        assertThat(device.certificateId()).isEqualTo(pendingId);
        assertProvisionedExactlyOnce(device);
    }

    @Test
    void crashAfterDevicePersisted_restartReturnsTheStoredIdentityWithoutNetwork() throws Exception {
        crashAfter(ProvisioningStep.PERSIST_DEVICE);
        long before = fleet.iot.events().lastSequence();

        DeviceIdentity device = restarted().provision();

        assertThat(fleet.iot.events().since(before)).noneMatch(e -> e.type() == EventType.CONNECT);
        assertProvisionedExactlyOnce(device);
        assertThat(List.of(device.thingName())).containsExactly(fleet.thingName());
    }
}
