package io.github.fleetprov.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.core.pki.KeyAlgorithm;
import io.github.fleetprov.core.store.CredentialStore;
import io.github.fleetprov.core.store.DeviceIdentity;
import io.github.fleetprov.testkit.event.EventType;
import io.github.fleetprov.testkit.registry.Certificate;
import io.github.fleetprov.testkit.registry.CertificateStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end against LocalIotCore (real HiveMQ broker with mutual TLS, the Device SDK's MQTT clients):
 * provisioning with CSR and CreateKeysAndCertificate over MQTT 5 and 3.1.1, template parameters and
 * device configuration, connecting and publishing with the new identity.
 */
class ProvisioningIntegrationTest {

    @TempDir
    Path store;

    private static void assertProvisionedOnce(Fleet fleet, DeviceIdentity device) {
        assertThat(device.thingName()).isEqualTo(fleet.thingName());
        assertThat(fleet.iot.registry().findThing(fleet.thingName())).isPresent();
        assertThat(fleet.thingCertificates()).singleElement().satisfies(c -> {
            assertThat(c.certificateId()).isEqualTo(device.certificateId());
            assertThat(c.status()).isEqualTo(CertificateStatus.ACTIVE);
        });
        assertThat(fleet.newActiveCertificateIds()).containsExactly(device.certificateId());
    }

    @Test
    void provision_withCsrOverMqtt5_registersTheThingAndStoresTheIdentity() {
        Fleet fleet = Fleet.create();

        DeviceIdentity device = fleet.client(store).build().provision();

        assertProvisionedOnce(fleet, device);
        assertThat(device.deviceConfiguration()).containsEntry("FallbackUrl", "https://www.example.com/test-site")
                .containsEntry("LocationUrl", "https://example.aws");
        assertThat(device.privateKey().getAlgorithm()).isEqualTo("EC");
        assertThat(fleet.iot.registry().describeThing(fleet.thingName()).attributes())
                .containsEntry("version", "v1");
        CredentialStore credentials = CredentialStore.open(store);
        assertThat(credentials.readDevice()).hasValueSatisfying(d -> {
            assertThat(d.certificateId()).isEqualTo(device.certificateId());
            assertThat(d.thingName()).isEqualTo(fleet.thingName());
        });
        assertThat(credentials.readPending()).isEmpty();
    }

    @Test
    void provision_withCborPayloadsOverMqtt5_usesOnlyTheCborTopics() {
        Fleet fleet = Fleet.createForCbor();
        long mark = fleet.iot.events().lastSequence();

        DeviceIdentity device = fleet.client(store).payloadFormat(PayloadFormat.CBOR).build().provision();

        assertProvisionedOnce(fleet, device);
        assertThat(device.deviceConfiguration()).containsEntry("LocationUrl", "https://example.aws");
        assertThat(fleet.iot.events().since(mark)).filteredOn(e -> e.type() == EventType.REQUEST)
                .extracting(e -> e.resource()).containsExactly("$aws/certificates/create-from-csr/cbor",
                        "$aws/provisioning-templates/" + fleet.templateName + "/provision/cbor");
    }

    @Test
    void provision_withCborPayloadsAndCreateKeysAndCertificateOverMqtt311_registersTheThing() {
        Fleet fleet = Fleet.createForCbor();

        DeviceIdentity device = fleet.client(store).payloadFormat(PayloadFormat.CBOR)
                .mqttVersion(MqttVersion.MQTT_3_1_1).keyStrategy(KeyStrategy.createKeysAndCertificate())
                .build().provision();

        assertProvisionedOnce(fleet, device);
        assertThat(device.privateKey().getAlgorithm()).isEqualTo("RSA");
    }

    @Test
    void provision_withJsonPayloadsAgainstACborOnlyClaimPolicy_isRefusedAtSubscribe() {
        Fleet fleet = Fleet.createForCbor();

        assertThatThrownBy(() -> fleet.client(store).build().provision())
                .isInstanceOf(ConnectionRefusedException.class)
                .hasMessageContaining("$aws/certificates/create-from-csr/json/accepted");
    }

    @Test
    void provision_withCsrOverMqtt311_registersTheThing() {
        Fleet fleet = Fleet.create();

        DeviceIdentity device = fleet.client(store).mqttVersion(MqttVersion.MQTT_3_1_1).build().provision();

        assertProvisionedOnce(fleet, device);
    }

    @Test
    void provision_withCreateKeysAndCertificateOverMqtt5_keepsTheKeyOnlyInTheStore() throws Exception {
        Fleet fleet = Fleet.create();

        DeviceIdentity device = fleet.client(store).keyStrategy(KeyStrategy.createKeysAndCertificate()).build()
                .provision();

        assertProvisionedOnce(fleet, device);
        assertThat(device.privateKey().getAlgorithm()).isEqualTo("RSA");
        assertThat(device.toString()).doesNotContain("PRIVATE KEY");
    }

    @Test
    void provision_withCreateKeysAndCertificateOverMqtt311_registersTheThing() {
        Fleet fleet = Fleet.create();

        DeviceIdentity device = fleet.client(store).mqttVersion(MqttVersion.MQTT_3_1_1)
                .keyStrategy(KeyStrategy.createKeysAndCertificate()).build().provision();

        assertProvisionedOnce(fleet, device);
    }

    @Test
    void provision_withRsaCsr_certifiesTheRsaKey() {
        Fleet fleet = Fleet.create();

        DeviceIdentity device = fleet.client(store).keyStrategy(KeyStrategy.csrWithNewKey(KeyAlgorithm.RSA_2048))
                .build().provision();

        assertProvisionedOnce(fleet, device);
        assertThat(device.certificate().getPublicKey().getAlgorithm()).isEqualTo("RSA");
    }

    @Test
    void provision_throughAnHttpProxy_tunnelsTheClaimConnection() throws Exception {
        Fleet fleet = Fleet.create();
        try (HttpConnectProxy proxy = new HttpConnectProxy()) {
            DeviceIdentity device = fleet.client(store).httpProxy(HttpProxy.of("127.0.0.1", proxy.port())).build()
                    .provision();

            assertProvisionedOnce(fleet, device);
            assertThat(proxy.requests).first().asString()
                    .startsWith("CONNECT " + fleet.iot.mqttHost() + ":" + fleet.iot.mqttPort() + " HTTP/1.1");
        }
    }

    @Test
    void provision_twice_returnsTheStoredIdentityWithoutTouchingTheBroker() {
        Fleet fleet = Fleet.create();
        FleetProvisioningClient client = fleet.client(store).build();
        DeviceIdentity first = client.provision();
        long before = fleet.iot.events().lastSequence();

        DeviceIdentity second = client.provision();

        assertThat(second).isEqualTo(first);
        assertThat(fleet.iot.events().since(before)).noneMatch(e -> e.type() == EventType.CONNECT
                || e.type() == EventType.REQUEST);
        assertProvisionedOnce(fleet, second);
    }

    @Test
    void connect_withTheNewIdentityOverMqtt5_publishesTelemetry() {
        Fleet fleet = Fleet.create();
        DeviceIdentity device = fleet.client(store).build().provision();
        String topic = "dt/" + device.thingName() + "/telemetry";
        CompletableFuture<String> received = new CompletableFuture<>();

        try (DeviceConnection connection = DeviceConnection.builder(device)
                .certificateAuthorityPem(fleet.iot.caCertificatePem()).connect()) {
            connection.subscribe(topic, Qos.AT_LEAST_ONCE, (t, payload) ->
                    received.complete(new String(payload, StandardCharsets.UTF_8))).join();
            connection.publish(topic, "{\"temperature\":21.5}".getBytes(StandardCharsets.UTF_8), Qos.AT_LEAST_ONCE)
                    .join();

            assertThat(received).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("{\"temperature\":21.5}");
            assertThat(connection.clientId()).isEqualTo(device.thingName());
        }
        assertThat(fleet.iot.events().ofType(EventType.CONNECT)).anyMatch(e ->
                e.clientId().orElse("").equals(device.thingName()));
    }

    @Test
    void connect_withTheNewIdentityOverMqtt311_publishesTelemetry() throws Exception {
        Fleet fleet = Fleet.create();
        DeviceIdentity device = fleet.client(store).mqttVersion(MqttVersion.MQTT_3_1_1).build().provision();
        Path ca = Files.writeString(store.resolveSibling(store.getFileName() + "-ca.pem"),
                fleet.iot.caCertificatePem());

        try (DeviceConnection connection = DeviceConnection.builder(device).certificateAuthority(ca)
                .mqttVersion(MqttVersion.MQTT_3_1_1).connect()) {
            assertThat(connection.publish("dt/" + device.thingName() + "/telemetry",
                    "{}".getBytes(StandardCharsets.UTF_8), Qos.AT_LEAST_ONCE)).succeedsWithin(Duration.ofSeconds(10));
            assertThat(connection.isConnected()).isTrue();
        }
    }

    @Test
    void rotateCertificate_replacesTheIdentityAfterTheNewCertificateConnected() {
        Fleet fleet = Fleet.create();
        FleetProvisioningClient client = fleet.client(store).build();
        DeviceIdentity first = client.provision();

        DeviceIdentity rotated = client.rotateCertificate();

        assertThat(rotated.thingName()).isEqualTo(first.thingName());
        assertThat(rotated.certificateId()).isNotEqualTo(first.certificateId());
        assertThat(client.storedDevice()).contains(rotated);
        assertThat(fleet.thingCertificates()).extracting(Certificate::certificateId)
                .contains(rotated.certificateId());
        assertThat(CredentialStore.open(store).abandoned())
                .anySatisfy(a -> assertThat(a.certificateId()).isEqualTo(first.certificateId()));
        try (DeviceConnection connection = DeviceConnection.builder(rotated)
                .certificateAuthorityPem(fleet.iot.caCertificatePem()).connect()) {
            assertThat(connection.isConnected()).isTrue();
        }
    }
}
