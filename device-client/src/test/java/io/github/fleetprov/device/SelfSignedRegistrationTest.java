package io.github.fleetprov.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fleetprov.testkit.LocalIotCore;
import io.github.fleetprov.testkit.registry.Certificate;
import io.github.fleetprov.testkit.registry.CertificateStatus;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The thin-edge flow up to registration: the device makes a self-signed certificate with CN = device
 * id; the cloud side registers it without a CA, activates it and attaches a policy, and AWS IoT's
 * certificate id is the one the device computes. (Connecting with it is not tested here: LocalIotCore's
 * broker trusts only client certificates its own CA issued.)
 */
class SelfSignedRegistrationTest {

    @Test
    void selfSignedIdentity_registeredWithoutCa_isActiveUnderTheIdTheDeviceComputed() {
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
        ProvisionedDevice device = identity.toDevice(iot.mqttHost(), iot.mqttPort());
        assertThat(device.certificateId()).isEqualTo(registered.certificateId());
    }
}
