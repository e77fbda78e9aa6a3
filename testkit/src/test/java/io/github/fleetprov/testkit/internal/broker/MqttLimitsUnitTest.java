package io.github.fleetprov.testkit.internal.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** AWS IoT Core's limits as pure checks, and the per-client-id CONNECT throttle on a clock the test moves. */
class MqttLimitsUnitTest {

    @Test
    void topicLimits_countBytesAndSlashesAfterTheBasicIngestPrefix() {
        assertThat(MqttLimits.topicViolation("t".repeat(256))).isEmpty();
        assertThat(MqttLimits.topicViolation("t".repeat(257))).get().asString().contains("257 bytes");
        assertThat(MqttLimits.topicViolation("é".repeat(129))).get().asString().contains("258 bytes");
        assertThat(MqttLimits.topicViolation("a/b/c/d/e/f/g/h")).isEmpty();
        assertThat(MqttLimits.topicViolation("a/b/c/d/e/f/g/h/i")).get().asString().contains("8 forward slashes");
        assertThat(MqttLimits.topicViolation("$aws/rules/r/a/b/c/d/e/f/g/h")).isEmpty();
        assertThat(MqttLimits.topicViolation("$aws/rules/r/" + "t".repeat(256))).isEmpty();
        assertThat(MqttLimits.isBasicIngest("$aws/rules/r/x")).isTrue();
        assertThat(MqttLimits.isBasicIngest("$aws/things/x/shadow/update")).isFalse();
    }

    @Test
    void clientId_isMeasuredInUtf8Bytes() {
        assertThat(MqttLimits.clientIdTooLong("c".repeat(128))).isFalse();
        assertThat(MqttLimits.clientIdTooLong("é".repeat(64))).isFalse();
        assertThat(MqttLimits.clientIdTooLong("é".repeat(65))).isTrue();
    }

    @Test
    void connectThrottle_allowsOneConnectPerSecondPerClientId() {
        AtomicLong now = new AtomicLong(5_000_000_000L);
        ConnectThrottle throttle = new ConnectThrottle(true, now::get);
        assertThat(throttle.tryAcquire("a")).isTrue();
        assertThat(throttle.tryAcquire("b")).isTrue();
        now.addAndGet(999_999_999L);
        assertThat(throttle.tryAcquire("a")).isFalse();
        now.addAndGet(1L);
        assertThat(throttle.tryAcquire("a")).isTrue();
        throttle.setEnabled(false);
        assertThat(throttle.tryAcquire("a")).isTrue();
    }
}
