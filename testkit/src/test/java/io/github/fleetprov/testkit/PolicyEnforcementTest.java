package io.github.fleetprov.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.core.pki.CertificateSigningRequest;
import io.github.fleetprov.core.pki.IssuedCertificate;
import io.github.fleetprov.core.pki.KeyPairs;
import io.github.fleetprov.core.pki.Subject;
import io.github.fleetprov.testkit.event.Event;
import io.github.fleetprov.testkit.event.EventType;
import io.github.fleetprov.testkit.registry.CertificateStatus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.crt.iot.MqttRequestResponseClientOptions;
import software.amazon.awssdk.crt.mqtt5.PublishResult;
import software.amazon.awssdk.crt.mqtt5.QOS;
import software.amazon.awssdk.crt.mqtt5.packets.ConnectPacket;
import software.amazon.awssdk.crt.mqtt5.packets.PubAckPacket;
import software.amazon.awssdk.crt.mqtt5.packets.PublishPacket;
import software.amazon.awssdk.crt.mqtt5.packets.SubAckPacket;
import software.amazon.awssdk.iot.iotidentity.IotIdentityV2Client;
import software.amazon.awssdk.iot.iotidentity.model.CreateKeysAndCertificateRequest;
import software.amazon.awssdk.iot.iotidentity.model.CreateKeysAndCertificateResponse;
import software.amazon.awssdk.iot.iotidentity.model.RegisterThingResponse;

/**
 * IoT policy enforcement on CONNECT, PUBLISH, SUBSCRIBE and delivery: the seed claim policies allow
 * the provisioning flow, and the common mistakes are denied with the evaluator's explanation.
 */
@ExtendWith(LocalIotCoreExtension.class)
class PolicyEnforcementTest {

    private static final String CSR_TOPIC = "$aws/certificates/create-from-csr/json";

    private static String arn(LocalIotCore iot, String kind, String name) {
        return "arn:aws:iot:" + iot.region() + ":" + iot.accountId() + ":" + kind + "/" + name;
    }

    /** A claim certificate with a policy of the given statements (JSON array body). */
    private static IssuedCertificate claimWith(LocalIotCore iot, String id, String statements) {
        String name = "policy-" + id;
        iot.registry().createPolicy(name, "{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}");
        return iot.createClaimCertificate(name);
    }

    private static String allow(String actions, String... resources) {
        return "{\"Effect\":\"Allow\",\"Action\":" + actions + ",\"Resource\":[\"" + String.join("\",\"", resources)
                + "\"]}";
    }

    private static List<Event> denialsFor(LocalIotCore iot, String clientId, long since) {
        return iot.events().since(since).stream()
                .filter(e -> e.type() == EventType.AUTHORIZATION && !e.outcome().equals("ALLOWED"))
                .filter(e -> e.clientId().orElse("").equals(clientId)).toList();
    }

    private static String csr() {
        return CertificateSigningRequest.create(KeyPairs.generate(), Subject.ofCommonName("device")).toPem();
    }

    @Test
    void walkthroughClaimPolicy_allowsCreateKeysAndCertificateAndRegisterThing(LocalIotCore iot) throws Exception {
        FleetFixture fleet = FleetFixture.create(iot, null, true);
        long mark = iot.events().lastSequence();
        try (Mqtt5TestClient claim = fleet.connectClaim();
                IotIdentityV2Client identity = IotIdentityV2Client.newFromMqtt5(claim.client(),
                        MqttRequestResponseClientOptions.builder().withMaxRequestResponseSubscriptions(4)
                                .withMaxStreamingSubscriptions(2).withOperationTimeoutSeconds(20).build())) {
            CreateKeysAndCertificateResponse created = identity.createKeysAndCertificate(
                    new CreateKeysAndCertificateRequest()).get(30, TimeUnit.SECONDS);
            RegisterThingResponse registered = identity.registerThing(DeviceSdkProvisioningTest.registerRequest(
                    fleet.templateName, created.certificateOwnershipToken, fleet.id)).get(30, TimeUnit.SECONDS);
            assertThat(registered.thingName).isEqualTo("ThingPrefix_" + fleet.id);
        }
        assertThat(denialsFor(iot, fleet.clientId(), mark)).isEmpty();
    }

    @Test
    void subscribe_whenPolicyGrantsTopicInsteadOfTopicfilter_failsSubackAndExplains(LocalIotCore iot) {
        String id = FleetFixture.newId();
        IssuedCertificate claim = claimWith(iot, id, allow("\"iot:Connect\"", "*") + ","
                + allow("\"iot:Subscribe\"", arn(iot, "topic", CSR_TOPIC + "/accepted")));
        long mark = iot.events().lastSequence();
        try (Mqtt5TestClient client = Mqtt5TestClient.connect(iot, "c-" + id, claim.certificatePem(),
                claim.privateKeyPem())) {
            SubAckPacket suback = client.subscribe(CSR_TOPIC + "/accepted");
            assertThat(suback.getReasonCodes()).containsExactly(SubAckPacket.SubAckReasonCode.NOT_AUTHORIZED);
        }
        List<Event> denials = denialsFor(iot, "c-" + id, mark);
        assertThat(denials).singleElement().satisfies(e -> {
            assertThat(e.operation()).isEqualTo("iot:Subscribe");
            assertThat(e.resource()).isEqualTo(arn(iot, "topicfilter", CSR_TOPIC + "/accepted"));
            assertThat(e.message()).contains("topicfilter");
        });
    }

    @Test
    void receive_whenPolicyLacksReceive_dropsTheReplyAndExplains(LocalIotCore iot) throws Exception {
        String id = FleetFixture.newId();
        IssuedCertificate claim = claimWith(iot, id, allow("\"iot:Connect\"", "*") + ","
                + allow("\"iot:Publish\"", arn(iot, "topic", CSR_TOPIC)) + ","
                + allow("\"iot:Subscribe\"", arn(iot, "topicfilter", CSR_TOPIC + "/*")));
        long mark = iot.events().lastSequence();
        try (Mqtt5TestClient client = Mqtt5TestClient.connect(iot, "c-" + id, claim.certificatePem(),
                claim.privateKeyPem())) {
            client.subscribe(CSR_TOPIC + "/accepted");
            client.publish(CSR_TOPIC, "{\"certificateSigningRequest\":\"" + csr().replace("\n", "\\n") + "\"}")
                    .get(20, TimeUnit.SECONDS);
            assertThat(iot.events().await(e -> e.sequence() > mark && e.type() == EventType.AUTHORIZATION
                    && e.operation().equals("iot:Receive"), Duration.ofSeconds(20))).isPresent();
            assertThat(client.received()).isEmpty();
        }
        assertThat(denialsFor(iot, "c-" + id, mark)).singleElement().satisfies(e -> {
            assertThat(e.resource()).isEqualTo(arn(iot, "topic", CSR_TOPIC + "/accepted"));
            assertThat(e.outcome()).isEqualTo("IMPLICIT_DENY");
            assertThat(e.message()).contains("iot:Receive");
        });
    }

    @Test
    void publish_whenTemplateNameIsNotTheOneThePolicyNames_isRefusedWithNotAuthorizedAndExplains(LocalIotCore iot)
            throws Exception {
        FleetFixture fleet = FleetFixture.create(iot);
        String other = "$aws/provisioning-templates/other-" + fleet.id + "/provision/json";
        long mark = iot.events().lastSequence();
        try (Mqtt5TestClient client = fleet.connectClaim()) {
            PublishResult result = client.publish(other, "{}").get(20, TimeUnit.SECONDS);
            assertThat(result.getResultPubAck().getReasonCode())
                    .isEqualTo(PubAckPacket.PubAckReasonCode.NOT_AUTHORIZED);
        }
        assertThat(denialsFor(iot, fleet.clientId(), mark)).singleElement().satisfies(e -> {
            assertThat(e.operation()).isEqualTo("iot:Publish");
            assertThat(e.resource()).isEqualTo(arn(iot, "topic", other));
            assertThat(e.message()).isNotBlank();
        });
    }

    @Test
    void publish_whenCsrTopicsAreMissingFromPolicy_isRefusedAndNoCertificateIsIssued(LocalIotCore iot)
            throws Exception {
        FleetFixture fleet = FleetFixture.create(iot, null, true);
        long mark = iot.events().lastSequence();
        int certificates = iot.registry().listCertificates().size();
        try (Mqtt5TestClient client = fleet.connectClaim()) {
            PublishResult result = client.publish(CSR_TOPIC, "{\"certificateSigningRequest\":\"x\"}")
                    .get(20, TimeUnit.SECONDS);
            assertThat(result.getResultPubAck().getReasonCode())
                    .isEqualTo(PubAckPacket.PubAckReasonCode.NOT_AUTHORIZED);
        }
        assertThat(denialsFor(iot, fleet.clientId(), mark)).singleElement().satisfies(e -> {
            assertThat(e.resource()).isEqualTo(arn(iot, "topic", CSR_TOPIC));
            assertThat(e.outcome()).isEqualTo("IMPLICIT_DENY");
        });
        assertThat(iot.events().since(mark)).noneMatch(e -> e.type() == EventType.REQUEST);
        assertThat(iot.registry().listCertificates()).hasSize(certificates);
    }

    @Test
    void retainedPublish_needsRetainPublishAsWellAsPublish(LocalIotCore iot) throws Exception {
        String id = FleetFixture.newId();
        String topic = "device/" + id + "/configuration";
        IssuedCertificate publishOnly = claimWith(iot, id + "-p", allow("\"iot:Connect\"", "*") + ","
                + allow("\"iot:Publish\"", arn(iot, "topic", topic)));
        IssuedCertificate retaining = claimWith(iot, id + "-r", allow("\"iot:Connect\"", "*") + ","
                + allow("[\"iot:Publish\",\"iot:RetainPublish\"]", arn(iot, "topic", topic)));
        long mark = iot.events().lastSequence();

        PubAckPacket.PubAckReasonCode plain;
        PubAckPacket.PubAckReasonCode refused;
        try (Mqtt5TestClient client = Mqtt5TestClient.connect(iot, "p-" + id, publishOnly.certificatePem(),
                publishOnly.privateKeyPem())) {
            plain = client.publish(topic, "{}").get(20, TimeUnit.SECONDS).getResultPubAck().getReasonCode();
            refused = client.publishRetained(topic, "{}").get(20, TimeUnit.SECONDS).getResultPubAck()
                    .getReasonCode();
        }
        PubAckPacket.PubAckReasonCode retained;
        try (Mqtt5TestClient client = Mqtt5TestClient.connect(iot, "r-" + id, retaining.certificatePem(),
                retaining.privateKeyPem())) {
            retained = client.publishRetained(topic, "{}").get(20, TimeUnit.SECONDS).getResultPubAck()
                    .getReasonCode();
        }

        assertThat(plain).isNotEqualTo(PubAckPacket.PubAckReasonCode.NOT_AUTHORIZED);
        assertThat(refused).isEqualTo(PubAckPacket.PubAckReasonCode.NOT_AUTHORIZED);
        assertThat(retained).isNotEqualTo(PubAckPacket.PubAckReasonCode.NOT_AUTHORIZED);
        assertThat(denialsFor(iot, "p-" + id, mark)).singleElement().satisfies(e -> {
            assertThat(e.operation()).isEqualTo("iot:RetainPublish");
            assertThat(e.resource()).isEqualTo(arn(iot, "topic", topic));
            assertThat(e.outcome()).isEqualTo("IMPLICIT_DENY");
        });
        assertThat(denialsFor(iot, "r-" + id, mark)).isEmpty();
    }

    @Test
    void connect_isAuthorizedOnItsConnectAttributesAndWillTopic(LocalIotCore iot) {
        String id = FleetFixture.newId();
        String willTopic = "will/" + id;
        // AWS's example: connect with default attributes or a Will only; and only a Will on will/<id>.
        IssuedCertificate claim = claimWith(iot, id, "{\"Effect\":\"Allow\",\"Action\":\"iot:Connect\","
                + "\"Resource\":\"*\",\"Condition\":{\"ForAllValues:StringEquals\":{\"iot:ConnectAttributes\":"
                + "[\"LastWill\"]},\"StringEqualsIfExists\":{\"iot:LastWillTopic\":\"" + willTopic + "\"}}}");
        long mark = iot.events().lastSequence();

        try (Mqtt5TestClient plain = Mqtt5TestClient.connect(iot, "a-" + id, claim.certificatePem(),
                claim.privateKeyPem())) {
            assertThat(plain.client()).isNotNull();
        }
        try (Mqtt5TestClient withWill = Mqtt5TestClient.connect(iot, "b-" + id, claim.certificatePem(),
                claim.privateKeyPem(), b -> b.withConnectProperties(new ConnectPacket.ConnectPacketBuilder()
                        .withClientId("b-" + id)
                        .withWill(new PublishPacket.PublishPacketBuilder(willTopic, QOS.AT_LEAST_ONCE,
                                "gone".getBytes(java.nio.charset.StandardCharsets.UTF_8)).build())))) {
            assertThat(withWill.client()).isNotNull();
        }
        assertThatThrownBy(() -> Mqtt5TestClient.connect(iot, "c-" + id, claim.certificatePem(),
                claim.privateKeyPem(), b -> b.withConnectProperties(new ConnectPacket.ConnectPacketBuilder()
                        .withClientId("c-" + id)
                        .withWill(new PublishPacket.PublishPacketBuilder("will/elsewhere", QOS.AT_LEAST_ONCE,
                                "gone".getBytes(java.nio.charset.StandardCharsets.UTF_8)).build()))))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Mqtt5TestClient.connect(iot, "d-" + id, claim.certificatePem(),
                claim.privateKeyPem(), b -> b.withConnectProperties(new ConnectPacket.ConnectPacketBuilder()
                        .withClientId("d-" + id)
                        .withSessionExpiryIntervalSeconds(3600L))))
                .isInstanceOf(IllegalStateException.class);

        assertThat(iot.events().since(mark)).filteredOn(e -> e.type() == EventType.CONNECT)
                .extracting(e -> e.clientId().orElse("") + " " + e.outcome())
                .containsExactly("a-" + id + " ACCEPTED", "b-" + id + " ACCEPTED", "c-" + id + " REFUSED",
                        "d-" + id + " REFUSED");
    }

    @Test
    void connect_whenClientIdIsOutsideTheConnectStatement_isRefusedAndExplained(LocalIotCore iot) {
        FleetFixture fleet = FleetFixture.create(iot);
        long mark = iot.events().lastSequence();
        try (Mqtt5TestClient client = Mqtt5TestClient.start(iot, "device-" + fleet.id,
                fleet.claim.certificatePem(), fleet.claim.privateKeyPem())) {
            assertThat(client.failed()).succeedsWithin(Duration.ofSeconds(20));
            assertThat(client.connected()).isNotDone();
        }
        assertThat(iot.events().since(mark)).filteredOn(e -> e.type() == EventType.CONNECT)
                .singleElement().satisfies(e -> {
                    assertThat(e.outcome()).isEqualTo("REFUSED");
                    assertThat(e.resource()).isEqualTo(arn(iot, "client", "device-" + fleet.id));
                    assertThat(e.message()).contains("iot:Connect");
                });
    }

    @Test
    void connect_whenCertificateIsInactiveOrUnknown_isRefused(LocalIotCore iot) {
        FleetFixture fleet = FleetFixture.create(iot);
        iot.registry().updateCertificateStatus(
                io.github.fleetprov.core.pki.Certificates.awsCertificateId(fleet.claim.certificate()),
                CertificateStatus.INACTIVE);
        IssuedCertificate unknown = iot.certificateAuthority().issueWithKey(Subject.ofCommonName("stranger"),
                io.github.fleetprov.core.pki.KeyAlgorithm.EC_P256, Duration.ofDays(1));
        long mark = iot.events().lastSequence();
        try (Mqtt5TestClient inactive = Mqtt5TestClient.start(iot, fleet.clientId(), fleet.claim.certificatePem(),
                fleet.claim.privateKeyPem());
                Mqtt5TestClient stranger = Mqtt5TestClient.start(iot, "test-stranger-" + fleet.id,
                        unknown.certificatePem(), unknown.privateKeyPem())) {
            assertThat(inactive.failed()).succeedsWithin(Duration.ofSeconds(20));
            assertThat(stranger.failed()).succeedsWithin(Duration.ofSeconds(20));
        }
        List<Event> refusals = iot.events().since(mark).stream()
                .filter(e -> e.type() == EventType.CONNECT && e.outcome().equals("REFUSED")).toList();
        assertThat(refusals).extracting(Event::message)
                .anySatisfy(m -> assertThat(m).contains("INACTIVE"))
                .anySatisfy(m -> assertThat(m).contains("not registered"));
    }

    @Test
    void publish_onReplyTopic_isRefusedSoNoClientCanForgeAReply(LocalIotCore iot) throws Exception {
        String id = FleetFixture.newId();
        IssuedCertificate cert = claimWith(iot, id, allow("\"iot:*\"", "*"));
        long mark = iot.events().lastSequence();
        try (Mqtt5TestClient client = Mqtt5TestClient.connect(iot, "c-" + id, cert.certificatePem(),
                cert.privateKeyPem())) {
            PublishResult result = client.publish(CSR_TOPIC + "/accepted", "{\"certificateId\":\"forged\"}")
                    .get(20, TimeUnit.SECONDS);
            assertThat(result.getResultPubAck().getReasonCode())
                    .isEqualTo(PubAckPacket.PubAckReasonCode.NOT_AUTHORIZED);
        }
        assertThat(denialsFor(iot, "c-" + id, mark)).singleElement()
                .satisfies(e -> assertThat(e.outcome()).isEqualTo("RESERVED_TOPIC"));
    }
}
