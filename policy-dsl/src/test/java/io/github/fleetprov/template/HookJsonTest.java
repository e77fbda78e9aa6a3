package io.github.fleetprov.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.template.hook.HookRequest;
import io.github.fleetprov.template.hook.HookResponse;

/** The hook input and output as the pre-provisioning hook page shows them. */
class HookJsonTest {

    @Test
    void request_readsTheDocumentedInputAndWritesItBack() {
        String input = "{\"claimCertificateId\" : \"string\", \"certificateId\" : \"string\", \"certificatePem\" : \"string\","
                + "\"templateArn\" : \"arn:aws:iot:us-east-1:1234567890:provisioningtemplate/MyTemplate\","
                + "\"clientId\" : \"221a6d10-9c7f-42f1-9153-e52e6fc869c1\", \"parameters\" : {\"string\" : \"string\"}}";

        HookRequest request = HookRequest.fromJson(input);

        assertThat(request.templateArn()).isEqualTo("arn:aws:iot:us-east-1:1234567890:provisioningtemplate/MyTemplate");
        assertThat(request.clientId()).isEqualTo("221a6d10-9c7f-42f1-9153-e52e6fc869c1");
        assertThat(request.parameters()).containsExactly(Map.entry("string", "string"));
        assertThat(HookRequest.fromJson(request.toJson())).isEqualTo(request);
    }

    @Test
    void response_readsTheDocumentedOutput() {
        HookResponse response = HookResponse.fromJson(
                "{\"allowProvisioning\": true, \"parameterOverrides\" : {\"Key\": \"newCustomValue\"}}");

        assertThat(response).isEqualTo(HookResponse.allow(Map.of("Key", "newCustomValue")));
        assertThat(HookResponse.fromJson(response.toJson())).isEqualTo(response);
    }

    @Test
    void response_acceptsAllowProvisioningAsTheString() {
        assertThat(HookResponse.fromJson("{\"allowProvisioning\": \"true\"}").allowProvisioning()).isTrue();
        assertThat(HookResponse.fromJson("{\"allowProvisioning\": \"false\"}").allowProvisioning()).isFalse();
    }

    @Test
    void response_pythonTrueOfTheCliExample_isNotJson() {
        assertThatThrownBy(() -> HookResponse.fromJson("{\n  \"allowProvisioning\": True,\n  \"parameterOverrides\": {\n"
                + "    \"incomingKey0\": \"incomingValue0\"\n  }\n}"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("hook response: is not valid JSON");
    }

    @Test
    void response_withoutAllowProvisioning_isRefused() {
        assertThatThrownBy(() -> HookResponse.fromJson("{\"parameterOverrides\": {}}"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("allowProvisioning: is missing");
    }

    @Test
    void request_missingAField_isRefusedNamingIt() {
        assertThatThrownBy(() -> HookRequest.builder().certificateId("c").build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("claimCertificateId: is required");
        assertThatThrownBy(() -> HookRequest.fromJson("{\"claimCertificateId\":\"a\"}"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("certificateId: is missing");
    }

    @Test
    void request_toString_listsParameterNamesOnly() {
        HookRequest request = HookRequest.builder().claimCertificateId("a").certificateId("b").certificatePem("pem")
                .templateArn("arn").clientId("c").parameter("Secretish", "value-not-shown").build();

        assertThat(request.toString()).contains("Secretish").doesNotContain("value-not-shown");
    }
}
