package io.github.fleetprov.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.testkit.event.EventType;
import io.github.fleetprov.testkit.fault.FaultKind;
import io.github.fleetprov.testkit.fault.FaultRule;
import io.github.fleetprov.testkit.fault.Faults;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every fault kind, on the fleet provisioning MQTT API, by operation name and by topic filter. */
@ExtendWith(LocalIotCoreExtension.class)
class FaultInjectionTest {

    @AfterEach
    void clearFaults(LocalIotCore iot) {
        iot.faults().clear();
    }

    @Test
    void reject_answersWithTheGivenCodeStatusAndMessage(LocalIotCore iot) throws Exception {
        FleetFixture fleet = FleetFixture.create(iot);
        iot.faults().on("CreateCertificateFromCsr").times(1).reject("InvalidPayload", 400, "injected: bad CSR");
        try (Mqtt5TestClient claim = fleet.connectClaim()) {
            RawProvisioning.Reply reply = new RawProvisioning(claim).createFromCsr(RawProvisioning.csrPem());
            assertThat(reply.accepted()).isFalse();
            assertThat(reply.body().get("statusCode").asInt()).isEqualTo(400);
            assertThat(reply.text("errorCode")).isEqualTo("InvalidPayload");
            assertThat(reply.text("errorMessage")).isEqualTo("injected: bad CSR");
        }
    }

    @Test
    void connectFaults_refuseTheConnackAndOnlyApplyToTheConnectTarget(LocalIotCore iot) throws Exception {
        FleetFixture fleet = FleetFixture.create(iot);
        iot.faults().on("*").times(1).reject("InternalFailure", 500);
        FaultRule throttle = iot.faults().on(Faults.CONNECT).times(1).throttle();
        FaultRule reject = iot.faults().on(Faults.CONNECT).times(1).reject("NotAuthorized", 403, "injected: no");

        long before = iot.events().lastSequence();
        assertThatThrownBy(fleet::connectClaim).hasMessageContaining("CONNECT of " + fleet.clientId() + " failed");
        assertThatThrownBy(fleet::connectClaim).hasMessageContaining("CONNECT of " + fleet.clientId() + " failed");
        try (Mqtt5TestClient claim = fleet.connectClaim()) {
            assertThat(new RawProvisioning(claim).createFromCsr(RawProvisioning.csrPem()).accepted())
                    .as("the * rule answers the first request, not the CONNECT").isFalse();
        }

        assertThat(throttle.triggered()).isEqualTo(1);
        assertThat(reject.triggered()).isEqualTo(1);
        assertThat(iot.faults().rules()).isEmpty();
        assertThat(iot.events().since(before)).filteredOn(e -> e.type() == EventType.CONNECT)
                .extracting(e -> e.outcome() + " " + (e.message() == null ? "" : e.message()))
                .containsExactly("REFUSED connection rate exceeded (injected fault)", "REFUSED injected: no", "ACCEPTED ");
        assertThatThrownBy(() -> iot.faults().on(Faults.CONNECT).dropReply())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("does not support dropReply");
    }

    @Test
    void throttle_answersWithThrottlingUntilRemoved(LocalIotCore iot) throws Exception {
        FleetFixture fleet = FleetFixture.create(iot);
        FaultRule rule = iot.faults().on(RawProvisioning.registerTopic(fleet.templateName)).throttle();
        try (Mqtt5TestClient claim = fleet.connectClaim()) {
            RawProvisioning api = new RawProvisioning(claim);
            RawProvisioning.Reply created = api.createFromCsr(RawProvisioning.csrPem());
            String token = created.text("certificateOwnershipToken");
            RawProvisioning.Reply throttled = api.registerThing(fleet.templateName, token, Map.of("SerialNumber", fleet.id, "DeviceLocation", "Seattle"));
            rule.remove();
            RawProvisioning.Reply registered = api.registerThing(fleet.templateName, token, Map.of("SerialNumber", fleet.id, "DeviceLocation", "Seattle"));

            assertThat(throttled.accepted()).isFalse();
            assertThat(throttled.body().get("statusCode").asInt()).isEqualTo(429);
            assertThat(throttled.text("errorCode")).isEqualTo("Throttling");
            assertThat(registered.accepted()).isTrue();
            assertThat(rule.triggered()).isEqualTo(1);
        }
    }

    @Test
    void failNext_failsThatManyRequestsThenLetsThemThrough(LocalIotCore iot) throws Exception {
        FleetFixture fleet = FleetFixture.create(iot);
        FaultRule rule = iot.faults().on("CreateCertificateFromCsr").failNext(2, "InternalFailure", 500);
        try (Mqtt5TestClient claim = fleet.connectClaim()) {
            RawProvisioning api = new RawProvisioning(claim);
            RawProvisioning.Reply first = api.createFromCsr(RawProvisioning.csrPem());
            RawProvisioning.Reply second = api.createFromCsr(RawProvisioning.csrPem());
            RawProvisioning.Reply third = api.createFromCsr(RawProvisioning.csrPem());

            assertThat(first.text("errorCode")).isEqualTo("InternalFailure");
            assertThat(second.body().get("statusCode").asInt()).isEqualTo(500);
            assertThat(third.accepted()).isTrue();
            assertThat(rule.remaining()).hasValue(0);
            assertThat(iot.faults().rules()).doesNotContain(rule);
        }
    }

    @Test
    void delay_holdsTheRequestThenAnswersNormally(LocalIotCore iot) throws Exception {
        FleetFixture fleet = FleetFixture.create(iot);
        iot.faults().on("$aws/certificates/+/json").times(1).delay(Duration.ofMillis(500));
        long mark = iot.events().lastSequence();
        try (Mqtt5TestClient claim = fleet.connectClaim()) {
            RawProvisioning.Reply reply = new RawProvisioning(claim).createFromCsr(RawProvisioning.csrPem());
            assertThat(reply.accepted()).isTrue();
        }
        assertThat(iot.events().since(mark)).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo(EventType.FAULT);
            assertThat(e.outcome()).isEqualTo(FaultKind.DELAY.name());
        });
    }

    @Test
    void dropReply_processesTheRequestButSendsNothing(LocalIotCore iot) throws Exception {
        FleetFixture fleet = FleetFixture.create(iot);
        iot.faults().on("CreateKeysAndCertificate").times(1).dropReply();
        int before = iot.registry().listCertificates().size();
        long mark = iot.events().lastSequence();
        try (Mqtt5TestClient claim = fleet.connectClaim()) {
            claim.subscribe(RawProvisioning.KEYS_TOPIC + "/accepted");
            claim.subscribe(RawProvisioning.KEYS_TOPIC + "/rejected");
            claim.publish(RawProvisioning.KEYS_TOPIC, "{}").get();
            assertThat(iot.events().await(e -> e.sequence() > mark && e.type() == EventType.FAULT
                    && e.outcome().equals("DROP_REPLY") && e.message().contains("dropped"), Duration.ofSeconds(30)))
                    .isPresent();
            assertThat(claim.received()).isEmpty();
        }
        assertThat(iot.registry().listCertificates()).hasSize(before + 1);
    }

    @Test
    void disconnect_dropsTheClientConnection(LocalIotCore iot) throws Exception {
        FleetFixture fleet = FleetFixture.create(iot);
        iot.faults().on("CreateCertificateFromCsr").times(1).disconnect();
        try (Mqtt5TestClient claim = fleet.connectClaim()) {
            claim.publish(RawProvisioning.CSR_TOPIC, "{}").get();
            assertThat(claim.disconnected()).succeedsWithin(Duration.ofSeconds(30));
        }
    }

    @Test
    void topicMatches_followsMqttWildcards() {
        assertThat(Faults.topicMatches("$aws/certificates/+/json", "$aws/certificates/create/json")).isTrue();
        assertThat(Faults.topicMatches("$aws/provisioning-templates/#", "$aws/provisioning-templates/t/provision/json"))
                .isTrue();
        assertThat(Faults.topicMatches("$aws/certificates/+", "$aws/certificates/create/json")).isFalse();
    }

    @Test
    void on_withBlankTargetOrBadTimes_throwsInvalidInput(LocalIotCore iot) {
        assertThatThrownBy(() -> iot.faults().on(" ")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("target");
        assertThatThrownBy(() -> iot.faults().on("RegisterThing").times(0)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("times");
    }
}
