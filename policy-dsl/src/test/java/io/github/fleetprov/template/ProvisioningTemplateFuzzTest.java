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
 * fuzzing found) are in {@code ProvisioningTemplateFuzzTestInputs/<method>/}.
 */
class ProvisioningTemplateFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void fromJsonAndLint(byte[] input) {
        String body = new String(input, StandardCharsets.UTF_8);
        for (TemplateType type : TemplateType.values()) {
            FuzzGuard.valueOrTypedException(() -> TemplateLinter.lint(body, type));
            ProvisioningTemplate template = FuzzGuard.valueOrTypedException(() -> ProvisioningTemplate.fromJson(body, type));
            if (template != null) {
                // What the reader accepts, the writer writes and the reader reads back unchanged.
                assertThat(ProvisioningTemplate.fromJson(template.toJson(), type)).isEqualTo(template);
                FuzzGuard.valueOrTypedException(() -> TemplateLinter.lint(template));
            }
        }
    }

    /**
     * The input is a template body, a NUL character, then RegisterThing parameters one per line as
     * {@code name=value}; the body is read as a fleet provisioning template and evaluated with them.
     */
}
