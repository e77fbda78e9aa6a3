package io.github.fleetprov.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fleetprov.core.store.DeviceIdentity;
import io.github.fleetprov.testkit.LocalIotCore;
import io.github.fleetprov.testkit.registry.Certificate;
import io.github.fleetprov.testkit.registry.CertificateStatus;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The thin-edge flow: the device makes a self-signed certificate with CN = device id; the cloud side
 * registers it without a CA, activates it and attaches a policy (AWS IoT's certificate id is the one
 * the device computes); the device connects with it and publishes telemetry.
 */
class SelfSignedRegistrationTest {

    @Test
    void selfSignedIdentity_registeredWithoutCa_connectsAndPublishes() {
        LocalIotCore iot = LocalIotCore.shared();
        String deviceId = "tedge-" + UUID.randomUUID().toString().substring(0, 8);
        SelfSignedIdentity identity = DeviceCertificates.createSelfSigned(deviceId);
        Certificate registered = iot.registry().registerCertificate(identity.certificatePem(), CertificateStatus.ACTIVE);
        String policy = "tedge-policy-" + deviceId;
        iot.registry().createPolicy(policy, "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Action\":[\"iot:Connect\",\"iot:Publish\"],\"Resource\":\"*\"}]}");
        iot.registry().attachPolicy(policy, registered.certificateArn());
        assertThat(registered.certificateId()).isEqualTo(identity.details().certificateId());

        assertThat(iot.registry().describeCertificate(identity.details().certificateId()).status())
                .isEqualTo(CertificateStatus.ACTIVE);
        assertThat(iot.registry().listAttachedPolicies(registered.certificateArn())).hasSize(1);
        DeviceIdentity device = identity.toDevice(iot.mqttHost(), iot.mqttPort());
        assertThat(device.certificateId()).isEqualTo(registered.certificateId());
        try (DeviceConnection connection = DeviceConnection.builder(device)
                .certificateAuthorityPem(iot.caCertificatePem()).connect()) {
            assertThat(connection.publish("tedge/measurements",
                    "{\"temperature\":25}".getBytes(java.nio.charset.StandardCharsets.UTF_8), Qos.AT_LEAST_ONCE))
                    .succeedsWithin(java.time.Duration.ofSeconds(10));
        }
    }
}
