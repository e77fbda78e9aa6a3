package io.github.fleetprov.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.github.fleetprov.core.pki.CertificateSigningRequest;
import io.github.fleetprov.core.pki.IssuedCertificate;
import io.github.fleetprov.core.pki.KeyAlgorithm;
import io.github.fleetprov.core.pki.KeyPairs;
import io.github.fleetprov.core.pki.Subject;
import io.github.fleetprov.testkit.registry.CertificateStatus;
import io.github.fleetprov.testkit.registry.ProvisioningTemplateUpdate;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.crt.mqtt5.QOS;
import software.amazon.awssdk.crt.mqtt5.packets.PublishPacket;
import software.amazon.awssdk.crt.mqtt5.packets.SubscribePacket;

/** The fleet provisioning MQTT API's answers to bad and unusual requests, and its CBOR format. */
@ExtendWith(LocalIotCoreExtension.class)
class ProvisioningApiTest {

    @Test
    void createCertificateFromCsr_withGarbage_isRejectedAsInvalidPayload(LocalIotCore iot) throws Exception {
        FleetFixture fleet = FleetFixture.create(iot);
        try (Mqtt5TestClient claim = fleet.connectClaim()) {
            RawProvisioning api = new RawProvisioning(claim);
            RawProvisioning.Reply garbage = api.createFromCsr("-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n"
                    + "-----END CERTIFICATE REQUEST-----\n");
            RawProvisioning.Reply notJson = api.call(RawProvisioning.CSR_TOPIC, "{not json", Duration.ofSeconds(30));
            RawProvisioning.Reply missing = api.call(RawProvisioning.CSR_TOPIC, "{}", Duration.ofSeconds(30));

            assertThat(garbage.text("errorCode")).isEqualTo("InvalidPayload");
            assertThat(garbage.body().get("statusCode").asInt()).isEqualTo(400);
            assertThat(notJson.text("errorCode")).isEqualTo("InvalidPayload");
            assertThat(missing.text("errorMessage")).contains("certificateSigningRequest");
        }
    }

    @Test
    void createCertificateFromCsr_withRsa1024Key_isRefusedAsWeak(LocalIotCore iot) throws Exception {
        FleetFixture fleet = FleetFixture.create(iot);
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024);
        KeyPair weak = rsa.generateKeyPair();
        byte[] der = new org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder(
                new javax.security.auth.x500.X500Principal("CN=weak"), weak.getPublic())
                .build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withRSA")
                        .build(weak.getPrivate())).getEncoded();
        String csr = "-----BEGIN CERTIFICATE REQUEST-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END CERTIFICATE REQUEST-----\n";
        try (Mqtt5TestClient claim = fleet.connectClaim()) {
            RawProvisioning.Reply reply = new RawProvisioning(claim).createFromCsr(csr);

            assertThat(reply.accepted()).isFalse();
            assertThat(reply.text("errorCode")).isEqualTo("InvalidPayload");
            assertThat(reply.text("errorMessage")).contains("1024").contains("2048");
        }
    }

    @Test
    void registerThing_withUnknownOrDisabledTemplate_isRejected(LocalIotCore iot) throws Exception {
        FleetFixture fleet = FleetFixture.create(iot);
        iot.registry().updateProvisioningTemplate(fleet.templateName, ProvisioningTemplateUpdate.builder()
                .enabled(false).build());
        try (Mqtt5TestClient claim = fleet.connectClaim()) {
            RawProvisioning api = new RawProvisioning(claim);
            RawProvisioning.Reply created = api.createFromCsr(RawProvisioning.csrPem());
            RawProvisioning.Reply disabled = api.registerThing(fleet.templateName,
                    created.text("certificateOwnershipToken"), Map.of("SerialNumber", fleet.id));

            assertThat(disabled.text("errorCode")).isEqualTo("InvalidRequest");
            assertThat(disabled.text("errorMessage")).contains("disabled");
        }
        iot.registry().createPolicy("any-" + fleet.id, "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
                + "\"Allow\",\"Action\":\"iot:*\",\"Resource\":\"*\"}]}");
        IssuedCertificate any = iot.createClaimCertificate("any-" + fleet.id);
        try (Mqtt5TestClient client = Mqtt5TestClient.connect(iot, "any-" + fleet.id, any.certificatePem(),
                any.privateKeyPem())) {
            RawProvisioning.Reply unknown = new RawProvisioning(client).registerThing("missing-" + fleet.id, "t",
                    Map.of());
            assertThat(unknown.body().get("statusCode").asInt()).isEqualTo(404);
            assertThat(unknown.text("errorCode")).isEqualTo("ResourceNotFound");
        }
    }

    @Test
    void registerThing_twiceWithTheSameToken_isRejectedTheSecondTime(LocalIotCore iot) throws Exception {
        FleetFixture fleet = FleetFixture.create(iot);
        Map<String, String> parameters = Map.of("SerialNumber", fleet.id, "DeviceLocation", "Seattle");
        try (Mqtt5TestClient claim = fleet.connectClaim()) {
            RawProvisioning api = new RawProvisioning(claim);
            String token = api.createFromCsr(RawProvisioning.csrPem()).text("certificateOwnershipToken");
            RawProvisioning.Reply first = api.registerThing(fleet.templateName, token, parameters);
            RawProvisioning.Reply second = api.registerThing(fleet.templateName, token, parameters);

            assertThat(first.accepted()).isTrue();
            assertThat(second.text("errorCode")).isEqualTo("InvalidCertificateOwnershipToken");
        }
    }

    @Test
    void registerThing_forAnExistingThing_mergesAttributesPerOverrideSettings(LocalIotCore iot) throws Exception {
        FleetFixture fleet = FleetFixture.create(iot);
        String thingName = "ThingPrefix_" + fleet.id;
        iot.registry().createThing(thingName, null, Map.of("installedBy", "factory"), null);
        try (Mqtt5TestClient claim = fleet.connectClaim()) {
            RawProvisioning api = new RawProvisioning(claim);
            String token = api.createFromCsr(RawProvisioning.csrPem()).text("certificateOwnershipToken");
            RawProvisioning.Reply registered = api.registerThing(fleet.templateName, token,
                    Map.of("SerialNumber", fleet.id, "DeviceLocation", "Seattle"));
            assertThat(registered.accepted()).isTrue();
        }

        assertThat(iot.registry().describeThing(thingName).attributes())
                .containsEntry("installedBy", "factory").containsEntry("version", "v1");
    }

    @Test
    void provisioningClaim_forOneTemplate_cannotProvisionWithAnother(LocalIotCore iot) throws Exception {
        FleetFixture fleet = FleetFixture.create(iot);
        FleetFixture other = FleetFixture.create(iot);
        IssuedCertificate temporary = iot.createProvisioningClaim(fleet.templateName);
        try (Mqtt5TestClient claim = Mqtt5TestClient.connect(iot, "claim-" + fleet.id, temporary.certificatePem(),
                temporary.privateKeyPem())) {
            RawProvisioning api = new RawProvisioning(claim);
            String token = api.createFromCsr(RawProvisioning.csrPem()).text("certificateOwnershipToken");
            RawProvisioning.Reply own = api.registerThing(fleet.templateName, token,
                    Map.of("SerialNumber", fleet.id, "DeviceLocation", "Seattle"));
            assertThat(own.accepted()).isTrue();
            claim.client().publish(new PublishPacket.PublishPacketBuilder(
                    RawProvisioning.registerTopic(other.templateName), QOS.AT_LEAST_ONCE, "{}".getBytes(
                            StandardCharsets.UTF_8)).build()).get(20, TimeUnit.SECONDS);
        }
        assertThat(iot.events().denials()).anySatisfy(e -> {
            assertThat(e.clientId()).contains("claim-" + fleet.id);
            assertThat(e.resource()).endsWith(RawProvisioning.registerTopic(other.templateName));
        });
    }

    @Test
    void cborTopics_answerInCbor(LocalIotCore iot) throws Exception {
        String id = FleetFixture.newId();
        iot.registry().createPolicy("cbor-" + id, "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Action\":\"iot:*\",\"Resource\":\"*\"}]}");
        IssuedCertificate cert = iot.createClaimCertificate("cbor-" + id);
        ObjectMapper cbor = new ObjectMapper(new CBORFactory());
        String topic = "$aws/certificates/create-from-csr/cbor";
        String csr = CertificateSigningRequest.create(KeyPairs.generate(KeyAlgorithm.EC_P256),
                Subject.ofCommonName("cbor")).toPem();
        try (Mqtt5TestClient client = Mqtt5TestClient.connect(iot, "cbor-" + id, cert.certificatePem(),
                cert.privateKeyPem())) {
            client.client().subscribe(new SubscribePacket.SubscribePacketBuilder(topic + "/accepted", QOS.AT_LEAST_ONCE)
                    .build()).get(20, TimeUnit.SECONDS);
            byte[] request = cbor.writeValueAsBytes(Map.of("certificateSigningRequest", csr));
            client.client().publish(new PublishPacket.PublishPacketBuilder(topic, QOS.AT_LEAST_ONCE, request).build())
                    .get(20, TimeUnit.SECONDS);
            Mqtt5TestClient.Received received = client.awaitMessage(topic + "/accepted", Duration.ofSeconds(30))
                    .orElseThrow();
            JsonNode reply = cbor.readTree(received.bytes());
            assertThat(reply.get("certificatePem").asText()).startsWith("-----BEGIN CERTIFICATE-----");
            assertThat(reply.get("certificateOwnershipToken").asText()).isNotEmpty();
            assertThat(iot.registry().describeCertificate(reply.get("certificateId").asText()).status())
                    .isEqualTo(CertificateStatus.PENDING_ACTIVATION);
        }
    }
}
