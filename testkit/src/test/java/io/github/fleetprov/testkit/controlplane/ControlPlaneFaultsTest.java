package io.github.fleetprov.testkit.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.testkit.event.EventType;
import io.github.fleetprov.testkit.fault.FaultRule;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.IotException;
import software.amazon.awssdk.services.iot.model.ThrottlingException;
import software.amazon.awssdk.services.iot.model.UnauthorizedException;

/** Fault rules of {@code Faults} applied to control-plane operations by API name, seen through the SDK. */
class ControlPlaneFaultsTest {

    private static final String POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":\"iot:Connect\",\"Resource\":\"*\"}]}";

    private static ControlPlaneFixture fixture;
    private static IotClient iot;

    @BeforeAll
    static void start() {
        fixture = ControlPlaneFixture.start();
        iot = fixture.iot();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @AfterEach
    void clearFaults() {
        fixture.faults().clear();
    }

    @Test
    void throttledCreateThing_failsWithThrottlingException400_andSucceedsOnceRuleRemoved() {
        FaultRule rule = fixture.faults().on("CreateThing").throttle();

        assertThatThrownBy(() -> iot.createThing(r -> r.thingName("throttled")))
                .isInstanceOf(ThrottlingException.class)
                .satisfies(e -> {
                    assertThat(((IotException) e).statusCode()).isEqualTo(400);
                    assertThat(((IotException) e).isThrottlingException()).isTrue();
                });
        assertThat(rule.triggered()).isGreaterThanOrEqualTo(1);

        rule.remove();

        assertThat(iot.createThing(r -> r.thingName("throttled")).thingName()).isEqualTo("throttled");
    }

    @Test
    void attachPolicyFailingTwice_isRetriedBySdk_andSucceedsOnThirdAttempt() {
        String certArn = iot.createKeysAndCertificate(r -> { }).certificateArn();
        iot.createPolicy(r -> r.policyName("retried").policyDocument(POLICY));
        FaultRule rule = fixture.faults().on("AttachPolicy").failNext(2, "InternalFailureException", 500);

        iot.attachPolicy(r -> r.policyName("retried").target(certArn));

        assertThat(rule.triggered()).isEqualTo(2);
        assertThat(fixture.registry().listAttachedPolicies(certArn)).extracting(p -> p.policyName()).containsExactly("retried");
        assertThat(fixture.registry().events().ofType(EventType.FAULT)).filteredOn(e -> e.operation().equals("AttachPolicy"))
                .hasSize(2);
    }

    @Test
    void rejectRule_answersWithItsCodeAndStatus() {
        fixture.faults().on("DescribeEndpoint").times(1).reject("UnauthorizedException", 401, "Injected: not allowed");

        assertThatThrownBy(() -> iot.describeEndpoint(r -> r.endpointType("iot:Data-ATS")))
                .isInstanceOf(UnauthorizedException.class)
                .hasMessageContaining("Injected: not allowed");
        assertThat(iot.describeEndpoint(r -> r.endpointType("iot:Data-ATS")).endpointAddress()).isEqualTo("127.0.0.1");
    }

    @Test
    void droppedReply_afterCreateThingRan_isRetriedBySdk_andCreatesTheThingOnce() {
        FaultRule rule = fixture.faults().on("CreateThing").times(1).dropReply();

        String thingId = iot.createThing(r -> r.thingName("dropped-reply")).thingId();

        assertThat(rule.triggered()).isEqualTo(1);
        assertThat(fixture.registry().describeThing("dropped-reply").thingId()).isEqualTo(thingId);
    }

    @Test
    void disconnect_beforeDescribeThing_isRetriedBySdk() {
        iot.createThing(r -> r.thingName("disconnected"));
        FaultRule rule = fixture.faults().on("DescribeThing").times(1).disconnect();

        assertThat(iot.describeThing(r -> r.thingName("disconnected")).thingName()).isEqualTo("disconnected");
        assertThat(rule.triggered()).isEqualTo(1);
    }
}
