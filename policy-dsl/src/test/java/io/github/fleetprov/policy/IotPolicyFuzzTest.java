package io.github.fleetprov.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Fuzzes the readers of IoT policy documents and what runs on what they return: the linter, the
 * writer and the evaluator. Regression inputs (real policies from the AWS IoT developer guide and
 * the seeds, plus every input fuzzing found) are in {@code IotPolicyFuzzTestInputs/<method>/}.
 */
class IotPolicyFuzzTest {


    @FuzzTest(maxDuration = "10s")
    void fromJson(byte[] input) {
        String json = new String(input, StandardCharsets.UTF_8);
        IotPolicy policy = FuzzGuard.valueOrTypedException(() -> IotPolicy.fromJson(json));
        if (policy == null) {
            return;
        }
        // What the reader accepts, the writer writes and the reader reads back unchanged.
        assertThat(IotPolicy.fromJson(policy.toJson())).isEqualTo(policy);
        FuzzGuard.valueOrTypedException(() -> PolicyLinter.lint(policy));
    }

}
