package io.github.fleetprov.testkit.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.testkit.event.EventType;
import io.github.fleetprov.testkit.fault.FaultRule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.iot.model.IotException;
import software.amazon.awssdk.services.iot.model.ThrottlingException;
import software.amazon.awssdk.services.iot.model.UnauthorizedException;

/** Fault rules of {@code Faults} applied to control-plane operations by API name, seen through the SDK. */
class ControlPlaneFaultsTest {

    private static final String POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":\"iot:Connect\",\"Resource\":\"*\"}]}";

    @RegisterExtension
    static final ControlPlaneExtension plane = ControlPlaneExtension.perClass();

    @AfterEach
    void clearFaults() {
        plane.fixture().faults().clear();
    }

    @Test
    void throttledCreateThing_failsWithThrottlingException400_andSucceedsOnceRuleRemoved() {
        FaultRule rule = plane.fixture().faults().on("CreateThing").throttle();

        assertThatThrownBy(() -> plane.iot().createThing(r -> r.thingName("throttled")))
                .isInstanceOf(ThrottlingException.class)
                .satisfies(e -> {
                    assertThat(((IotException) e).statusCode()).isEqualTo(400);
                    assertThat(((IotException) e).isThrottlingException()).isTrue();
                });
        assertThat(rule.triggered()).isGreaterThanOrEqualTo(1);

        rule.remove();

        assertThat(plane.iot().createThing(r -> r.thingName("throttled")).thingName()).isEqualTo("throttled");
    }

    @Test
    void attachPolicyFailingTwice_isRetriedBySdk_andSucceedsOnThirdAttempt() {
        String certArn = plane.iot().createKeysAndCertificate(r -> { }).certificateArn();
        plane.iot().createPolicy(r -> r.policyName("retried").policyDocument(POLICY));
        FaultRule rule = plane.fixture().faults().on("AttachPolicy").failNext(2, "InternalFailureException", 500);

        plane.iot().attachPolicy(r -> r.policyName("retried").target(certArn));

        assertThat(rule.triggered()).isEqualTo(2);
        assertThat(plane.fixture().registry().listAttachedPolicies(certArn)).extracting(p -> p.policyName()).containsExactly("retried");
        assertThat(plane.fixture().registry().events().ofType(EventType.FAULT)).filteredOn(e -> e.operation().equals("AttachPolicy"))
                .hasSize(2);
    }

    @Test
    void rejectRule_answersWithItsCodeAndStatus() {
        plane.fixture().faults().on("DescribeEndpoint").times(1).reject("UnauthorizedException", 401, "Injected: not allowed");

        assertThatThrownBy(() -> plane.iot().describeEndpoint(r -> r.endpointType("iot:Data-ATS")))
                .isInstanceOf(UnauthorizedException.class)
                .hasMessageContaining("Injected: not allowed");
        assertThat(plane.iot().describeEndpoint(r -> r.endpointType("iot:Data-ATS")).endpointAddress()).isEqualTo("127.0.0.1");
    }

    @Test
    void droppedReply_afterCreateThingRan_isRetriedBySdk_andCreatesTheThingOnce() {
        FaultRule rule = plane.fixture().faults().on("CreateThing").times(1).dropReply();

        String thingId = plane.iot().createThing(r -> r.thingName("dropped-reply")).thingId();

        assertThat(rule.triggered()).isEqualTo(1);
        assertThat(plane.fixture().registry().describeThing("dropped-reply").thingId()).isEqualTo(thingId);
    }

    @Test
    void disconnect_beforeDescribeThing_isRetriedBySdk() {
        plane.iot().createThing(r -> r.thingName("disconnected"));
        FaultRule rule = plane.fixture().faults().on("DescribeThing").times(1).disconnect();

        assertThat(plane.iot().describeThing(r -> r.thingName("disconnected")).thingName()).isEqualTo("disconnected");
        assertThat(rule.triggered()).isEqualTo(1);
    }
}
