package io.github.fleetprov.template;

import static io.github.fleetprov.template.Expression.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.policy.LintFinding;
import io.github.fleetprov.template.hook.HookRequest;
import io.github.fleetprov.template.hook.HookResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Template bodies, hook messages and parameters over their limits are refused before any work. */
class TemplateSizeLimitsTest {

    @Test
    void fromJson_whenTenMegabytes_refusesWithLimitAndLengthBeforeParsing() {
        String tenMegabytes = "{\"Parameters\":" + "[".repeat(10 * 1024 * 1024);

        assertThatThrownBy(() -> ProvisioningTemplate.fromJson(tenMegabytes))
                .isInstanceOf(TemplateParseException.class)
                .hasMessageStartingWith("template body: the template body is 10,485,774 characters long")
                .hasMessageContaining("AWS IoT accepts at most 10,240");
    }

    @Test
    void fromJson_whenOneCharacterOverTheLimit_isRefused_andAtTheLimitIsRead() {
        String seed = TemplateVectors.resource("seed-provisioning-by-claim.json");
        String atLimit = seed + " ".repeat(ProvisioningTemplate.MAX_BODY_LENGTH - seed.length());

        assertThat(ProvisioningTemplate.fromJson(atLimit)).isEqualTo(ProvisioningTemplate.fromJson(seed));
        assertThatThrownBy(() -> ProvisioningTemplate.fromJson(atLimit + " "))
                .isInstanceOf(TemplateParseException.class)
                .hasMessageContaining("10,241 characters long");
    }

    @Test
    void lint_whenTenMegabytes_givesOneBodyTooLargeError() {
        List<LintFinding> findings = TemplateLinter.lint("{" + " ".repeat(10 * 1024 * 1024) + "}");

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("body-too-large");
            assertThat(f.message()).contains("10,485,762 characters long");
        });
    }

    @Test
    void hookRequest_whenLongerThanAnyRegisterThingCanCause_isRefusedBeforeParsing() {
        String huge = "{\"parameters\":{\"a\":\"" + "x".repeat(300_000);

        assertThatThrownBy(() -> HookRequest.fromJson(huge))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("hook request"))
                .hasMessageContaining("is 300,020 characters long")
                .hasMessageContaining("at most 262,144");
    }

    @Test
    void hookResponse_whenLongerThanTheBound_isRefused_andAnAnswerWithinItIsRead() {
        String huge = "{\"allowProvisioning\":true,\"parameterOverrides\":{\"a\":\"" + "x".repeat(270_000) + "\"}}";
        String large = "{\"allowProvisioning\":true,\"parameterOverrides\":{\"a\":\"" + "x".repeat(100_000) + "\"}}";

        assertThatThrownBy(() -> HookResponse.fromJson(huge))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("hook response"));
        assertThat(HookResponse.fromJson(large).parameterOverrides().get("a")).hasSize(100_000);
    }

    @Test
    void evaluate_whenParametersExceedOneMqttMessage_isRejectedAsInvalidParameters() {
        ProvisioningTemplate template = ProvisioningTemplate.builder()
                .addParameter("SerialNumber")
                .thing(t -> t.thingName(ref("SerialNumber")))
                .certificate(c -> c.certificateId(ref(PseudoParameter.CERTIFICATE_ID)))
                .build();
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("SerialNumber", "1");
        parameters.put("Padding", "p".repeat(130 * 1024));

        assertThatThrownBy(() -> TemplateEvaluator.evaluate(template, parameters,
                CertificateContext.of(TemplateVectors.CERTIFICATE_ID)))
                .isInstanceOf(TemplateEvaluationException.class)
                .hasMessageContaining("133,140 characters")
                .satisfies(e -> assertThat(((TemplateEvaluationException) e).errorCode()).isEqualTo("InvalidParameters"));
    }
}
