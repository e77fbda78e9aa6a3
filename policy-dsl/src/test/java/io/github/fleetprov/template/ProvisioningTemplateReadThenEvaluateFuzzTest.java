package io.github.fleetprov.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.fleetprov.policy.FuzzGuard;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fuzzes the template body reader and linter, and the evaluation of what the reader accepts.
 * Regression inputs (the AWS IoT developer guide's templates, the seeds' templates, and what
 * fuzzing found) are in {@code ProvisioningTemplateReadThenEvaluateFuzzTestInputs/<method>/}.
 */
class ProvisioningTemplateReadThenEvaluateFuzzTest {


    /**
     * The input is a template body, a NUL character, then RegisterThing parameters one per line as
     * {@code name=value}; the body is read as a fleet provisioning template and evaluated with them.
     */
    @FuzzTest(maxDuration = "10s")
    void readThenEvaluate(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        int split = text.indexOf('\0');
        String body = split < 0 ? text : text.substring(0, split);
        Map<String, String> parameters = new LinkedHashMap<>();
        if (split >= 0) {
            for (String line : text.substring(split + 1).split("\n", -1)) {
                int eq = line.indexOf('=');
                parameters.put(eq < 0 ? line : line.substring(0, eq), eq < 0 ? "" : line.substring(eq + 1));
            }
        }
        ProvisioningTemplate template = FuzzGuard.valueOrTypedException(() -> ProvisioningTemplate.fromJson(body));
        if (template != null) {
            FuzzGuard.valueOrTypedException(() -> TemplateEvaluator.evaluate(template, parameters,
                    CertificateContext.of(TemplateVectors.CERTIFICATE_ID)));
        }
    }
}
