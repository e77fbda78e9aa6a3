package io.github.fleetprov.samples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DemoReportTest {

    private static DeviceOutcome ok(String serial, long ms) {
        return new DeviceOutcome(serial, "thing-" + serial, "c0ffee" + serial, Duration.ofMillis(ms), Optional.empty());
    }

    private static DeviceOutcome failed(String serial, String reason) {
        return new DeviceOutcome(serial, "", "", Duration.ZERO, Optional.of(reason));
    }

    private static DemoReport report(List<DeviceOutcome> outcomes, int verified) {
        return new DemoReport("LocalIotCore", "fleet-1", outcomes, Duration.ofMillis(2500), Duration.ofMillis(1000),
                verified, "ASIA...", Optional.of(Instant.parse("2026-11-22T01:00:00Z")), Optional.empty(), List.of());
    }

    @Test
    void report_countsFailuresByReasonAndComputesLatencyFromProvisionedDevicesOnly() {
        DemoReport report = report(List.of(ok("1", 40), ok("2", 60), failed("3", "REGISTER_THING rejected: X"),
                failed("4", "REGISTER_THING rejected: X"), failed("5", "CONNECT timed out")), 2);

        assertThat(report.succeeded()).isEqualTo(2);
        assertThat(report.failed()).isEqualTo(3);
        assertThat(report.failuresByReason()).containsEntry("REGISTER_THING rejected: X", 2)
                .containsEntry("CONNECT timed out", 1).hasSize(2);
        assertThat(report.provisioningLatency().percentile(50)).isEqualTo(Duration.ofMillis(40));
        assertThat(report.provisioningLatency().percentile(99)).isEqualTo(Duration.ofMillis(60));
        assertThat(report.allGood()).isFalse();
        assertThat(report.toTable()).contains("| failures: REGISTER_THING rejected: X | 2")
                .contains("provisioning latency p99");
    }

    @Test
    void allGood_needsEveryDeviceVerifiedCredentialsAndACompleteTearDown() {
        assertThat(report(List.of(ok("1", 40)), 1).allGood()).isTrue();
        assertThat(report(List.of(ok("1", 40)), 0).allGood()).isFalse();
        DemoReport noCredentials = new DemoReport("t", "f", List.of(ok("1", 1)), Duration.ZERO, Duration.ZERO, 1, "",
                Optional.empty(), Optional.of("403"), List.of());
        assertThat(noCredentials.allGood()).isFalse();
        DemoReport leftovers = new DemoReport("t", "f", List.of(ok("1", 1)), Duration.ZERO, Duration.ZERO, 1, "A...",
                Optional.empty(), Optional.empty(), List.of("role: in use"));
        assertThat(leftovers.allGood()).isFalse();
    }

    @Test
    void toJson_isMachineReadable() throws Exception {
        JsonNode json = new ObjectMapper().readTree(report(List.of(ok("1", 40), failed("2", "boom")), 1).toJson());

        assertThat(json.get("devices").asInt()).isEqualTo(2);
        assertThat(json.get("failed").asInt()).isEqualTo(1);
        assertThat(json.at("/provisioningLatencyMs/p50").asLong()).isEqualTo(40);
        assertThat(json.at("/failuresByReason/boom").asInt()).isEqualTo(1);
        assertThat(json.at("/credentials/accessKeyIdPrefix").asText()).isEqualTo("ASIA...");
        assertThat(json.get("ok").asBoolean()).isFalse();
        assertThat(json.get("deviceOutcomes")).hasSize(2);
    }
}
