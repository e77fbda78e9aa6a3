package io.github.fleetprov.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.testkit.LocalIotCore;
import io.github.fleetprov.testkit.fault.FaultRule;
import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * {@link RegistryContractTest} against the testkit's control plane and IAM, plus the retry policy
 * against the testkit's injected faults.
 */
class TestkitRegistryTest extends RegistryContractTest {

    @Override
    URI iotEndpoint() {
        return LocalIotCore.shared().controlPlaneEndpoint();
    }

    @Override
    URI iamEndpoint() {
        return LocalIotCore.shared().iamEndpoint();
    }

    @Test
    void createThing_whenTestkitThrottlesTwice_isRetriedByErrorCodeAndSucceeds() {
        FaultRule rule = LocalIotCore.shared().faults().on("CreateThing").times(2).throttle();
        try {
            IotThing thing = registry.createThing(ThingSpec.named("dev-" + id));

            assertThat(thing.name()).isEqualTo("dev-" + id);
            assertThat(rule.triggered()).isEqualTo(2);
        } finally {
            rule.remove();
        }
    }

    @Test
    void attachPolicy_whenTestkitAnswersLimitExceeded_failsAtOnceAsQuota() {
        registry.ensurePolicy("pol-" + id, "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Action\":\"iot:Connect\",\"Resource\":\"*\"}]}");
        FaultRule rule = LocalIotCore.shared().faults().on("AttachPolicy").times(3)
                .reject("LimitExceededException", 410, "The number of attached policies has reached the limit");
        try {
            assertThatThrownBy(() -> registry.attachPolicy("pol-" + id, "arn:aws:iot:us-east-1:123456789012:cert/"
                    + "0".repeat(64)))
                    .isInstanceOf(AwsCallException.class)
                    .hasMessageContaining("LimitExceededException (HTTP 410)");
            assertThat(rule.triggered()).isEqualTo(1);
        } finally {
            rule.remove();
            registry.deletePolicy("pol-" + id);
        }
    }
}
