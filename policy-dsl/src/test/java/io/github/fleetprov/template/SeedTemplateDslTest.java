package io.github.fleetprov.template;

import static io.github.fleetprov.template.Expression.findInMap;
import static io.github.fleetprov.template.Expression.join;
import static io.github.fleetprov.template.Expression.literal;
import static io.github.fleetprov.template.Expression.ref;
import static io.github.fleetprov.template.TemplateVectors.resource;
import static io.github.fleetprov.template.TemplateVectors.tree;
import static io.github.fleetprov.template.TemplateVectors.withPolicyDocumentsDecoded;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.github.fleetprov.policy.IotAction;
import io.github.fleetprov.policy.IotPolicy;
import io.github.fleetprov.policy.IotResource;

/** The device SDK seed template, written with the DSL, is the seed's JSON. */
class SeedTemplateDslTest {

    static ProvisioningTemplate seedTemplate() {
        return ProvisioningTemplate.builder()
                .name("FleetProvisioningSeed")
                .addParameter("DeviceLocation")
                .addParameter(PseudoParameter.CERTIFICATE_ID)
                .addParameter("SerialNumber")
                .addMapping("LocationTable", "Seattle", "LocationUrl", "https://example.aws")
                .thing(t -> t
                        .thingName(join("", literal("ThingPrefix_"), ref("SerialNumber")))
                        .attribute("version", "v1")
                        .attribute("serialNumber", "serialNumber")
                        .override(OverrideProperty.ATTRIBUTE_PAYLOAD, OverrideAction.MERGE)
                        .override(OverrideProperty.THING_TYPE_NAME, OverrideAction.REPLACE)
                        .override(OverrideProperty.THING_GROUPS, OverrideAction.DO_NOTHING))
                .certificate(c -> c
                        .certificateId(ref(PseudoParameter.CERTIFICATE_ID))
                        .status("Active")
                        .override(OverrideProperty.STATUS, OverrideAction.REPLACE))
                .addPolicy(p -> p.policyDocument(IotPolicy.builder()
                        .addStatement(s -> s.allow()
                                .actions(IotAction.CONNECT, IotAction.SUBSCRIBE, IotAction.PUBLISH, IotAction.RECEIVE)
                                .resources(IotResource.all()))
                        .build()))
                .deviceConfiguration("FallbackUrl", "https://www.example.com/test-site")
                .deviceConfiguration("LocationUrl", findInMap("LocationTable", ref("DeviceLocation"), "LocationUrl"))
                .build();
    }

    @Test
    void dslSeedTemplate_isTheSeedJsonTree() {
        ProvisioningTemplate template = seedTemplate();

        // The only encoding difference: AWS takes PolicyDocument as an escaped JSON string, the
        // seed writes it as an object. Decoding the string gives back the seed's object exactly.
        assertThat(withPolicyDocumentsDecoded(template.toJson())).isEqualTo(tree(resource("seed-device-sdk-mqtt5.json")));
        assertThat(withPolicyDocumentsDecoded(template.toJson()))
                .isEqualTo(tree(resource("seed-device-sdk-mqtt5-single-line.json")));
    }

    @Test
    void dslSeedTemplate_equalsTheParsedSeed_exceptForTheName() {
        ProvisioningTemplate parsed = ProvisioningTemplate.fromJson(resource("seed-device-sdk-mqtt5.json"));

        assertThat(seedTemplate().copy(b -> b.name(null))).isEqualTo(parsed);
        assertThat(seedTemplate().name()).contains("FleetProvisioningSeed");
    }

    @Test
    void toBuilder_rebuildsAnEqualTemplate() {
        ProvisioningTemplate template = seedTemplate();

        assertThat(template.toBuilder().build()).isEqualTo(template).hasSameHashCodeAs(template);
        assertThat(template.toJson()).isEqualTo(template.toBuilder().build().toJson());
    }
}
