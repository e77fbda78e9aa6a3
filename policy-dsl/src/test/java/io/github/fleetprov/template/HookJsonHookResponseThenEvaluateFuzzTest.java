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
 * {@code HookJsonHookResponseThenEvaluateFuzzTestInputs/<method>/}.
 */
class HookJsonHookResponseThenEvaluateFuzzTest {

    private static final ProvisioningTemplate CLAIM_TEMPLATE =
            ProvisioningTemplate.fromJson(TemplateVectors.resource("seed-provisioning-by-claim.json"));
    private static final HookRequest REQUEST = HookRequest.builder()
            .claimCertificateId("e6d4e5ba7a8b2e4e3b5f8c8b3a1e3f4d5c6b7a8e9f0a1b2c3d4e5f6a7b8c9d0e")
            .certificateId(TemplateVectors.CERTIFICATE_ID)
            .certificatePem("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")
            .templateArn("arn:aws:iot:us-east-1:123456789012:provisioningtemplate/FleetTemplate")
            .clientId("device-1")
            .parameters(Map.of("SerialNumber", "1234", "DeviceLocation", "Seattle"))
            .build();


    @FuzzTest(maxDuration = "10s")
    void hookResponseThenEvaluate(byte[] input) {
        String json = new String(input, StandardCharsets.UTF_8);
        HookResponse response = FuzzGuard.valueOrTypedException(() -> HookResponse.fromJson(json));
        if (response == null) {
            return;
        }
        assertThat(HookResponse.fromJson(response.toJson())).isEqualTo(response);
        FuzzGuard.valueOrTypedException(() -> TemplateEvaluator.evaluate(CLAIM_TEMPLATE, REQUEST,
                r -> response, CertificateContext.of(TemplateVectors.CERTIFICATE_ID)));
    }
}
