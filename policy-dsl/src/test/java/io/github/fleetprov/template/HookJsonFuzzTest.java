package io.github.fleetprov.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.fleetprov.policy.FuzzGuard;
import io.github.fleetprov.template.hook.HookRequest;
import io.github.fleetprov.template.hook.HookResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Fuzzes the pre-provisioning hook input reader and the reader of hook answers, and evaluates the
 * seed template with the parameters an answer produces. Regression inputs are in
 * {@code HookJsonFuzzTestInputs/<method>/}.
 */
class HookJsonFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void hookRequest(byte[] input) {
        String json = new String(input, StandardCharsets.UTF_8);
        HookRequest request = FuzzGuard.valueOrTypedException(() -> HookRequest.fromJson(json));
        if (request != null) {
            assertThat(HookRequest.fromJson(request.toJson())).isEqualTo(request);
        }
    }

}
