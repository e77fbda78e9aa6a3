package io.github.fleetprov.policy.iam;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.fleetprov.policy.FuzzGuard;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.policybuilder.iam.IamPolicy;

/**
 * Fuzzes the IAM trust and permissions policy readers. Regression inputs (the AWS IoT developer
 * guide's role policies, the seeds' trust policies, and what fuzzing found) are in
 * {@code IamPolicyReadPermissionsPolicyFuzzTestInputs/<method>/}.
 */
class IamPolicyReadPermissionsPolicyFuzzTest {


    @FuzzTest(maxDuration = "10s")
    void readPermissionsPolicy(byte[] input) {
        String json = new String(input, StandardCharsets.UTF_8);
        IamPolicy policy = FuzzGuard.valueOrTypedException(() -> IamPolicies.readPermissionsPolicy(json));
        if (policy != null) {
            assertThat(policy.statements()).isNotEmpty()
                    .allSatisfy(s -> assertThat(s.principals()).isEmpty());
        }
    }
}
