package io.github.fleetprov.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fleetprov.core.store.CredentialStore;
import io.github.fleetprov.core.store.DeviceIdentity;
import io.github.fleetprov.testkit.registry.CertificateStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The fault matrix of certificate rotation: a device process is killed (no shutdown hooks, like a power
 * cut) after each rotation step, the retirement steps included; whatever identity it left in its store
 * still connects (the old or the new one, never neither), and a restarted device finishes the rotation
 * with a new certificate that connects and, with retirement, deletes the old certificate from the step
 * the store recorded.
 */
class RotationCrashTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = ProvisioningStep.class, names = {"CREATE_CERTIFICATE", "PERSIST_PENDING", "REGISTER_THING",
            "VERIFY_NEW_CERTIFICATE", "PERSIST_DEVICE"})
    void crashDuringRotation_leavesAWorkingIdentity_andRestartFinishesTheRotation(ProvisioningStep step)
            throws Exception {
        Fleet fleet = Fleet.create();
        Path store = dir.resolve("store");
        Path ca = Files.writeString(dir.resolve("ca.pem"), fleet.iot.caCertificatePem());
        Path cert = Files.writeString(dir.resolve("claim.pem"), fleet.claim.certificatePem());
        Path key = Files.writeString(dir.resolve("claim.key"), fleet.claim.privateKeyPem());
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CrashingDevice.class.getName(),
                fleet.iot.mqttHost(), Integer.toString(fleet.iot.mqttPort()), ca.toString(), cert.toString(),
                key.toString(), fleet.templateName, "test-" + fleet.id, fleet.id, store.toString(), step.name(),
                "rotate");
        pb.redirectErrorStream(true);
        Process process = pb.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isEqualTo(137);
        assertThat(output).contains("CRASH after " + step);
        String originalId = output.lines().filter(l -> l.startsWith("PROVISIONED ")).findFirst().orElseThrow()
                .substring("PROVISIONED ".length());

        DeviceIdentity left = CredentialStore.open(store).readDevice().orElseThrow();
        assertConnects(fleet, left);

        FleetProvisioningClient restarted = fleet.client(store).build();
        DeviceIdentity finished;
        if (!left.certificateId().equals(originalId)) {
            finished = left;
        } else {
            finished = restarted.rotateCertificate();
        }

        assertThat(finished.certificateId()).isNotEqualTo(originalId);
        assertThat(CredentialStore.open(store).readDevice()).hasValueSatisfying(d ->
                assertThat(d.certificateId()).isEqualTo(finished.certificateId()));
        assertThat(CredentialStore.open(store).readPending()).isEmpty();
        assertThat(fleet.iot.registry().findCertificate(finished.certificateId()).orElseThrow().status())
                .isEqualTo(CertificateStatus.ACTIVE);
        assertConnects(fleet, finished);
    }

    @ParameterizedTest
    @EnumSource(value = ProvisioningStep.class, names = {"CREATE_CERTIFICATE", "PERSIST_PENDING", "REGISTER_THING",
            "VERIFY_NEW_CERTIFICATE", "PERSIST_DEVICE", "DEACTIVATE_OLD_CERTIFICATE", "DETACH_OLD_CERTIFICATE",
            "DELETE_OLD_CERTIFICATE"})
    void crashDuringRotationWithRetirement_leavesAWorkingIdentity_andRestartRetiresTheOldCertificate(
            ProvisioningStep step) throws Exception {
        Fleet fleet = Fleet.create();
        String alias = fleet.createRoleAlias(Fleet.RETIREMENT_POLICY);
        Path store = dir.resolve("store");
        Path ca = Files.writeString(dir.resolve("ca.pem"), fleet.iot.caCertificatePem());
        Path cert = Files.writeString(dir.resolve("claim.pem"), fleet.claim.certificatePem());
        Path key = Files.writeString(dir.resolve("claim.key"), fleet.claim.privateKeyPem());
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CrashingDevice.class.getName(),
                fleet.iot.mqttHost(), Integer.toString(fleet.iot.mqttPort()), ca.toString(), cert.toString(),
                key.toString(), fleet.templateName, "test-" + fleet.id, fleet.id, store.toString(), step.name(),
                "rotate", alias, fleet.iot.credentialsEndpoint(), fleet.iot.region(),
                fleet.iot.controlPlaneEndpoint().toString());
        pb.redirectErrorStream(true);
        Process process = pb.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isEqualTo(137);
        assertThat(output).contains("CRASH after " + step);
        String originalId = output.lines().filter(l -> l.startsWith("PROVISIONED ")).findFirst().orElseThrow()
                .substring("PROVISIONED ".length());

        DeviceIdentity left = CredentialStore.open(store).readDevice().orElseThrow();
        assertConnects(fleet, left);

        // The crashed process dated its ownership token on the system clock; so does its restart (the shared
        // emulator's TestClock may have been moved by other tests).
        FleetProvisioningClient restarted = fleet.client(store).clock(java.time.Clock.systemUTC())
                .retirement(fleet.retirement(alias).gracePeriod(Duration.ZERO).build()).build();
        DeviceIdentity finished;
        if (!left.certificateId().equals(originalId)) {
            finished = left;
            restarted.retireReplacedCertificates();
        } else {
            finished = restarted.rotateCertificate();
        }

        assertThat(finished.certificateId()).isNotEqualTo(originalId);
        assertThat(CredentialStore.open(store).readDevice()).hasValueSatisfying(d ->
                assertThat(d.certificateId()).isEqualTo(finished.certificateId()));
        assertThat(CredentialStore.open(store).readPending()).isEmpty();
        assertThat(restarted.retiringCertificates()).isEmpty();
        assertThat(fleet.iot.registry().findCertificate(originalId)).isEmpty();
        assertThat(fleet.thingCertificates()).noneMatch(c -> c.certificateId().equals(originalId))
                .anySatisfy(c -> {
                    assertThat(c.certificateId()).isEqualTo(finished.certificateId());
                    assertThat(c.status()).isEqualTo(CertificateStatus.ACTIVE);
                });
        assertConnects(fleet, finished);
    }

    private static void assertConnects(Fleet fleet, DeviceIdentity device) {
        try (DeviceConnection connection = DeviceConnection.builder(device)
                .certificateAuthorityPem(fleet.iot.caCertificatePem()).connectTimeout(Duration.ofSeconds(20))
                .connect()) {
            assertThat(connection.isConnected()).isTrue();
        }
    }
}
