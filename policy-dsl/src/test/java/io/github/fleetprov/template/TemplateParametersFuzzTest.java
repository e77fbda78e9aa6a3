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
 * {@code TemplateParametersFuzzTestInputs/<method>/}.
 */
class TemplateParametersFuzzTest {

    private static final List<ProvisioningTemplate> FLEET = templates(TemplateType.FLEET_PROVISIONING,
            "provision-template-fleet.json", "seed-provisioning-by-claim.json", "seed-device-sdk-mqtt5.json",
            "provision-template-bulk.json");

    private static List<ProvisioningTemplate> templates(TemplateType type, String... names) {
        List<ProvisioningTemplate> out = new ArrayList<>();
        for (String name : names) {
            out.add(ProvisioningTemplate.fromJson(TemplateVectors.resource(name), type));
        }
        return List.copyOf(out);
    }

    @FuzzTest(maxDuration = "10s")
    void evaluateWithParameters(FuzzedDataProvider data) {
        ProvisioningTemplate template = data.pickValue(FLEET);
        List<String> declared = new ArrayList<>(template.parameters().keySet());
        Map<String, String> parameters = new LinkedHashMap<>();
        int count = data.consumeInt(0, 10);
        for (int i = 0; i < count; i++) {
            String name = !declared.isEmpty() && data.consumeBoolean() ? data.pickValue(declared) : data.consumeString(40);
            parameters.put(name, data.consumeString(300));
        }
        FuzzGuard.valueOrTypedException(() -> TemplateEvaluator.evaluate(template, parameters,
                CertificateContext.of(TemplateVectors.CERTIFICATE_ID)));
    }

}
