package io.github.fleetprov.template;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.fleetprov.policy.FuzzGuard;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fuzzes what a device or a certificate supplies to a fixed, real template: RegisterThing
 * parameters for the fleet provisioning templates, and certificate subject fields for the JITP
 * templates of the AWS IoT developer guide. Regression inputs are in
 * {@code TemplateParametersEvaluateJitpWithCertificateFieldsFuzzTestInputs/<method>/}.
 */
class TemplateParametersEvaluateJitpWithCertificateFieldsFuzzTest {

    private static final List<ProvisioningTemplate> JITP = templates(TemplateType.JITP,
            "jit-provisioning-template.json", "provision-template-jitp.json");
    private static final PseudoParameter[] SUBJECT_FIELDS = java.util.Arrays.stream(PseudoParameter.values())
            .filter(p -> p != PseudoParameter.CERTIFICATE_ID).toArray(PseudoParameter[]::new);

    private static List<ProvisioningTemplate> templates(TemplateType type, String... names) {
        List<ProvisioningTemplate> out = new ArrayList<>();
        for (String name : names) {
            out.add(ProvisioningTemplate.fromJson(TemplateVectors.resource(name), type));
        }
        return List.copyOf(out);
    }


    @FuzzTest(maxDuration = "10s")
    void evaluateJitpWithCertificateFields(FuzzedDataProvider data) {
        ProvisioningTemplate template = data.pickValue(JITP);
        Map<PseudoParameter, String> subject = new EnumMap<>(PseudoParameter.class);
        for (PseudoParameter field : SUBJECT_FIELDS) {
            if (data.consumeBoolean()) {
                subject.put(field, data.consumeString(100));
            }
        }
        CertificateContext certificate = FuzzGuard.valueOrTypedException(
                () -> CertificateContext.of(TemplateVectors.CERTIFICATE_ID, subject));
        if (certificate != null) {
            FuzzGuard.valueOrTypedException(() -> TemplateEvaluator.evaluate(template, Map.of(), certificate));
        }
    }
}
