package io.github.fleetprov.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fleetprov.core.pki.IssuedCertificate;
import io.github.fleetprov.testkit.event.EventType;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.crt.mqtt5.packets.PubAckPacket;

/**
 * The connection context reaches the evaluator: thing policy variables resolve for a device whose
 * client id is its attached thing's name, and ordinary messages are delivered between devices.
 */
@ExtendWith(LocalIotCoreExtension.class)
class ThingPolicyVariablesTest {

    @Test
    void publish_withThingNameVariable_allowsOwnTopicOnlyAndDeliversToSubscribers(LocalIotCore iot) throws Exception {
        String id = FleetFixture.newId();
        String policy = "device-" + id;
        iot.registry().createPolicy(policy, "{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Effect\":\"Allow\",\"Action\":\"iot:Connect\",\"Resource\":\"arn:aws:iot:" + iot.region() + ":"
                + iot.accountId() + ":client/${iot:Connection.Thing.ThingName}\"},"
                + "{\"Effect\":\"Allow\",\"Action\":[\"iot:Publish\",\"iot:Receive\"],\"Resource\":\"arn:aws:iot:"
                + iot.region() + ":" + iot.accountId() + ":topic/telemetry/${iot:Connection.Thing.ThingName}\"},"
                + "{\"Effect\":\"Allow\",\"Action\":\"iot:Receive\",\"Resource\":\"arn:aws:iot:" + iot.region() + ":"
                + iot.accountId() + ":topic/telemetry/*\"},"
                + "{\"Effect\":\"Allow\",\"Action\":\"iot:Subscribe\",\"Resource\":\"arn:aws:iot:" + iot.region() + ":"
                + iot.accountId() + ":topicfilter/telemetry/*\"}]}");
        IssuedCertificate a = iot.createDeviceCertificate("a-" + id, policy);
        IssuedCertificate b = iot.createDeviceCertificate("b-" + id, policy);
        long mark = iot.events().lastSequence();
        try (Mqtt5TestClient deviceA = Mqtt5TestClient.connect(iot, "a-" + id, a.certificatePem(), a.privateKeyPem());
                Mqtt5TestClient deviceB = Mqtt5TestClient.connect(iot, "b-" + id, b.certificatePem(),
                        b.privateKeyPem())) {
            deviceB.subscribe("telemetry/+");
            PubAckPacket own = deviceA.publish("telemetry/a-" + id, "{\"t\":21}").get(20, TimeUnit.SECONDS)
                    .getResultPubAck();
            PubAckPacket other = deviceA.publish("telemetry/b-" + id, "{\"t\":22}").get(20, TimeUnit.SECONDS)
                    .getResultPubAck();

            assertThat(own.getReasonCode()).isEqualTo(PubAckPacket.PubAckReasonCode.SUCCESS);
            assertThat(other.getReasonCode()).isEqualTo(PubAckPacket.PubAckReasonCode.NOT_AUTHORIZED);
            assertThat(deviceB.awaitMessage("telemetry/a-" + id, Duration.ofSeconds(20)))
                    .hasValueSatisfying(m -> assertThat(m.payload()).isEqualTo("{\"t\":21}"));
        }
        assertThat(iot.events().since(mark)).filteredOn(e -> e.type() == EventType.AUTHORIZATION)
                .singleElement().satisfies(e -> {
                    assertThat(e.clientId()).contains("a-" + id);
                    assertThat(e.resource()).endsWith(":topic/telemetry/b-" + id);
                });
    }
}
