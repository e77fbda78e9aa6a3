package io.github.fleetprov.device.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fleetprov.core.pki.IssuedCertificate;
import io.github.fleetprov.device.ProvisioningStep;
import io.github.fleetprov.testkit.LocalIotCore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Connections with the same certificate, key and CA share one aws-crt TLS context, each works, and
 * closing one leaves the others working; real mutual TLS against the shared LocalIotCore.
 */
class SharedTlsContextTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final List<FleetOperation> KEYS = List.of(FleetOperation.CREATE_KEYS_AND_CERTIFICATE);

    private static LocalIotCore iot;
    private static String policyName;
    private static IssuedCertificate claim;
    private static ConnectionSettings settings;

    @BeforeAll
    static void fleet() {
        iot = LocalIotCore.shared();
        policyName = "shared-tls-" + suffix();
        iot.registry().createPolicy(policyName, "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Action\":[\"iot:Connect\",\"iot:Publish\",\"iot:Subscribe\",\"iot:Receive\"],\"Resource\":\"*\"}]}");
        claim = iot.createClaimCertificate(policyName);
        settings = new ConnectionSettings(iot.mqttHost(), iot.mqttPort(), iot.caCertificatePem(), null);
    }

    @Test
    void twoConnectionsWithOneIdentity_shareOneTlsContext_andClosingOneLeavesTheOtherWorking() {
        TlsIdentity identity = new TlsIdentity(claim.certificate(), claim.keyPair().getPrivate());
        int before = CrtMqttTransport.sharedTlsContexts();
        Mqtt5Transport first = new Mqtt5Transport(settings, identity, "test-shared-a-" + suffix());
        Mqtt5Transport second = new Mqtt5Transport(settings, identity, "test-shared-b-" + suffix());
        try {
            first.open(KEYS, TIMEOUT);
            second.open(KEYS, TIMEOUT);
            assertThat(CrtMqttTransport.sharedTlsContexts()).isEqualTo(before + 1);
            assertThat(first.request(FleetOperation.CREATE_KEYS_AND_CERTIFICATE, "{}".getBytes(StandardCharsets.UTF_8),
                    ProvisioningStep.CREATE_CERTIFICATE, TIMEOUT).accepted()).isTrue();

            first.close();

            assertThat(second.isConnected()).isTrue();
            assertThat(CrtMqttTransport.sharedTlsContexts()).isEqualTo(before + 1);
            Reply reply = second.request(FleetOperation.CREATE_KEYS_AND_CERTIFICATE,
                    "{}".getBytes(StandardCharsets.UTF_8), ProvisioningStep.CREATE_CERTIFICATE, TIMEOUT);
            assertThat(reply.accepted()).isTrue();
            assertThat(new String(reply.payload(), StandardCharsets.UTF_8)).contains("certificatePem");
        } finally {
            first.close();
            second.close();
        }
        assertThat(CrtMqttTransport.sharedTlsContexts()).isEqualTo(before);
    }

    @Test
    void aConnectionAfterTheLastOneClosed_makesAFreshContextThatWorks() {
        TlsIdentity identity = new TlsIdentity(claim.certificate(), claim.keyPair().getPrivate());
        int before = CrtMqttTransport.sharedTlsContexts();
        Mqtt5Transport first = new Mqtt5Transport(settings, identity, "test-shared-c-" + suffix());
        try {
            first.open(KEYS, TIMEOUT);
        } finally {
            first.close();
        }
        first.close();   // a second close gives nothing back twice
        assertThat(CrtMqttTransport.sharedTlsContexts()).isEqualTo(before);

        Mqtt5Transport again = new Mqtt5Transport(settings, identity, "test-shared-d-" + suffix());
        try {
            again.open(KEYS, TIMEOUT);
            assertThat(again.isConnected()).isTrue();
            assertThat(CrtMqttTransport.sharedTlsContexts()).isEqualTo(before + 1);
        } finally {
            again.close();
        }
    }

    @Test
    void differentIdentities_getTheirOwnContexts_andEachConnectsAsItself() {
        String thing = "shared-tls-thing-" + suffix();
        IssuedCertificate device = iot.createDeviceCertificate(thing, policyName);
        TlsIdentity claimIdentity = new TlsIdentity(claim.certificate(), claim.keyPair().getPrivate());
        TlsIdentity deviceIdentity = new TlsIdentity(device.certificate(), device.keyPair().getPrivate());
        int before = CrtMqttTransport.sharedTlsContexts();
        Mqtt5Transport claimLink = new Mqtt5Transport(settings, claimIdentity, "test-shared-e-" + suffix());
        Mqtt5Transport deviceLink = new Mqtt5Transport(settings, deviceIdentity, thing, true);
        try {
            claimLink.open(KEYS, TIMEOUT);
            deviceLink.open(List.of(), TIMEOUT);
            assertThat(CrtMqttTransport.sharedTlsContexts()).isEqualTo(before + 2);
            assertThat(deviceLink.publish("dt/" + thing + "/telemetry", "{}".getBytes(StandardCharsets.UTF_8),
                    io.github.fleetprov.device.Qos.AT_LEAST_ONCE)).succeedsWithin(TIMEOUT);
        } finally {
            claimLink.close();
            deviceLink.close();
        }
        assertThat(CrtMqttTransport.sharedTlsContexts()).isEqualTo(before);
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
