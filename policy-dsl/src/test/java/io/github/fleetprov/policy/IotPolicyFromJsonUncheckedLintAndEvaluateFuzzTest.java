package io.github.fleetprov.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Fuzzes the readers of IoT policy documents and what runs on what they return: the linter, the
 * writer and the evaluator. Regression inputs (real policies from the AWS IoT developer guide and
 * the seeds, plus every input fuzzing found) are in {@code IotPolicyFromJsonUncheckedLintAndEvaluateFuzzTestInputs/<method>/}.
 */
class IotPolicyFromJsonUncheckedLintAndEvaluateFuzzTest {

    private static final PolicyContext WHERE = PolicyContext.of("us-east-1", "123456789012");
    private static final ConnectionContext DEVICE = ConnectionContext.builder()
            .clientId("sensor-1").thingName("sensor-1").thingAttached(true).build();


    @FuzzTest(maxDuration = "10s")
    void fromJsonUncheckedLintAndEvaluate(byte[] input) {
        String json = new String(input, StandardCharsets.UTF_8);
        List<LintFinding> findings = FuzzGuard.valueOrTypedException(() -> PolicyLinter.lint(json));
        IotPolicy policy = FuzzGuard.valueOrTypedException(() -> IotPolicy.fromJsonUnchecked(json));
        if (policy == null) {
            return;
        }
        assertThat(findings).isNotNull();
        PolicyEvaluator evaluator = PolicyEvaluator.of(policy);
        for (AuthorizationRequest request : List.of(
                AuthorizationRequest.connect(WHERE, DEVICE),
                AuthorizationRequest.publish(WHERE, "devices/sensor-1/telemetry", DEVICE),
                AuthorizationRequest.subscribe(WHERE, "devices/sensor-1/#", DEVICE),
                AuthorizationRequest.receive(WHERE, "$aws/things/sensor-1/shadow/update/accepted", DEVICE))) {
            FuzzGuard.valueOrTypedException(() -> evaluator.evaluate(request));
        }
    }
}
