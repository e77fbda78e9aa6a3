package io.github.fleetprov.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fleetprov.core.pki.CertificateSigningRequest;
import io.github.fleetprov.core.pki.KeyPairs;
import io.github.fleetprov.core.pki.Pem;
import io.github.fleetprov.core.pki.Subject;
import io.github.fleetprov.testkit.registry.Certificate;
import io.github.fleetprov.testkit.registry.CertificateStatus;
import io.github.fleetprov.testkit.registry.Thing;
import java.security.KeyPair;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.crt.iot.MqttRequestResponseClientOptions;
import software.amazon.awssdk.iot.iotidentity.IotIdentityV2Client;
import software.amazon.awssdk.iot.iotidentity.model.CreateCertificateFromCsrRequest;
import software.amazon.awssdk.iot.iotidentity.model.CreateCertificateFromCsrResponse;
import software.amazon.awssdk.iot.iotidentity.model.CreateKeysAndCertificateRequest;
import software.amazon.awssdk.iot.iotidentity.model.CreateKeysAndCertificateResponse;
import software.amazon.awssdk.iot.iotidentity.model.RegisterThingRequest;
import software.amazon.awssdk.iot.iotidentity.model.RegisterThingResponse;

/**
 * The official AWS IoT Device SDK v2 request-response client ({@code IotIdentityV2Client} over MQTT 5),
 * unchanged, provisions against LocalIotCore and the new certificate then connects.
 */
@ExtendWith(LocalIotCoreExtension.class)
class DeviceSdkProvisioningTest {

    static IotIdentityV2Client identity(Mqtt5TestClient claim) {
        MqttRequestResponseClientOptions options = MqttRequestResponseClientOptions.builder()
                .withMaxRequestResponseSubscriptions(4).withMaxStreamingSubscriptions(2)
                .withOperationTimeoutSeconds(20).build();
        return IotIdentityV2Client.newFromMqtt5(claim.client(), options);
    }

    static RegisterThingRequest registerRequest(String templateName, String token, String serial) {
        RegisterThingRequest request = new RegisterThingRequest();
        request.templateName = templateName;
        request.certificateOwnershipToken = token;
        request.parameters = new HashMap<>(Map.of("SerialNumber", serial, "DeviceLocation", "Seattle"));
        return request;
    }

    @Test
    void provision_withCsrOverMqtt5_createsThingActivatesCertificateAndDeviceReconnects(LocalIotCore iot)
            throws Exception {
        FleetFixture fleet = FleetFixture.create(iot);
        KeyPair keys = KeyPairs.generate();
        CreateCertificateFromCsrResponse created;
        RegisterThingResponse registered;
        try (Mqtt5TestClient claim = fleet.connectClaim(); IotIdentityV2Client identity = identity(claim)) {
            CreateCertificateFromCsrRequest csrRequest = new CreateCertificateFromCsrRequest();
            csrRequest.certificateSigningRequest = CertificateSigningRequest.create(keys,
                    Subject.ofCommonName("device-" + fleet.id)).toPem();
            created = identity.createCertificateFromCsr(csrRequest).get(30, TimeUnit.SECONDS);
            registered = identity.registerThing(registerRequest(fleet.templateName,
                    created.certificateOwnershipToken, fleet.id)).get(30, TimeUnit.SECONDS);
        }

        String thingName = "ThingPrefix_" + fleet.id;
        assertThat(registered.thingName).isEqualTo(thingName);
        assertThat(registered.deviceConfiguration).containsEntry("LocationUrl", "https://example.aws")
                .containsEntry("FallbackUrl", "https://www.example.com/test-site");
        Certificate cert = iot.registry().describeCertificate(created.certificateId);
        assertThat(cert.status()).isEqualTo(CertificateStatus.ACTIVE);
        assertThat(iot.registry().listPrincipalThings(cert.certificateArn())).containsExactly(thingName);
        assertThat(iot.registry().listAttachedPolicies(cert.certificateArn())).hasSize(1);
        Thing thing = iot.registry().describeThing(thingName);
        assertThat(thing.attributes()).containsEntry("version", "v1");
        try (Mqtt5TestClient device = Mqtt5TestClient.connect(iot, thingName, created.certificatePem,
                Pem.privateKeyToPem(keys.getPrivate()))) {
            assertThat(device.connected()).isCompleted();
        }
    }

    @Test
    void provision_withCreateKeysAndCertificateOverMqtt5_returnsRsaKeyAndDeviceReconnects(LocalIotCore iot)
            throws Exception {
        FleetFixture fleet = FleetFixture.create(iot);
        CreateKeysAndCertificateResponse created;
        RegisterThingResponse registered;
        try (Mqtt5TestClient claim = fleet.connectClaim(); IotIdentityV2Client identity = identity(claim)) {
            created = identity.createKeysAndCertificate(new CreateKeysAndCertificateRequest())
                    .get(30, TimeUnit.SECONDS);
            registered = identity.registerThing(registerRequest(fleet.templateName,
                    created.certificateOwnershipToken, fleet.id)).get(30, TimeUnit.SECONDS);
        }

        assertThat(Pem.readPrivateKey(created.privateKey).getAlgorithm()).isEqualTo("RSA");
        assertThat(iot.registry().describeCertificate(created.certificateId).status())
                .isEqualTo(CertificateStatus.ACTIVE);
        try (Mqtt5TestClient device = Mqtt5TestClient.connect(iot, registered.thingName, created.certificatePem,
                created.privateKey)) {
            assertThat(device.connected()).isCompleted();
        }
    }
}
