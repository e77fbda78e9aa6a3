package io.github.fleetprov.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.fleetprov.policy.IotPolicy;
import io.github.fleetprov.template.hook.HookRequest;
import io.github.fleetprov.template.hook.HookResponse;
import nl.jqno.equalsverifier.EqualsVerifier;
import nl.jqno.equalsverifier.Warning;

/** equals and hashCode of the value types. */
class TemplateValueTypesTest {

    private static final IotPolicy POLICY_A = IotPolicy.fromJson(TemplateVectors.FOO_BAR_POLICY);
    private static final IotPolicy POLICY_B = IotPolicy.fromJson(TemplateVectors.SEED_POLICY);

    @Test
    void expressions() {
        EqualsVerifier.forClass(Expression.Literal.class).suppress(Warning.NULL_FIELDS).verify();
        EqualsVerifier.forClass(Expression.Ref.class).suppress(Warning.NULL_FIELDS)
                .withPrefabValues(String.class, "a", "b").verify();
        EqualsVerifier.forClass(Expression.Join.class).suppress(Warning.NULL_FIELDS)
                .withPrefabValues(ListExpression.class, ListExpression.of(Expression.literal("a")), ListExpression.of())
                .verify();
        EqualsVerifier.forClass(ListExpression.Items.class).suppress(Warning.NULL_FIELDS).verify();
        EqualsVerifier.forClass(ListExpression.Split.class).suppress(Warning.NULL_FIELDS)
                .withPrefabValues(String.class, ",", ":")
                .withPrefabValues(Expression.class, Expression.literal("a"), Expression.ref("B")).verify();
        EqualsVerifier.forClass(Expression.Select.class).suppress(Warning.NULL_FIELDS)
                .withPrefabValues(Expression.class, Expression.literal("0"), Expression.ref("B"))
                .withPrefabValues(ListExpression.class, ListExpression.of(Expression.literal("a")), ListExpression.of())
                .verify();
        EqualsVerifier.forClass(Expression.FindInMap.class).suppress(Warning.NULL_FIELDS)
                .withPrefabValues(Expression.class, Expression.literal("a"), Expression.ref("B")).verify();
        EqualsVerifier.forClass(Expression.Sub.class).suppress(Warning.NULL_FIELDS)
                .withPrefabValues(String.class, "x-${A}", "y-${B}")
                .withPrefabValues(Expression.class, Expression.literal("a"), Expression.ref("B")).verify();
    }

    @Test
    void parametersAndResourceTypes() {
        EqualsVerifier.forClass(TemplateParameter.class).withNonnullFields("name").verify();
        assertThat(ResourceType.create("AWS::IoT::Thing")).isSameAs(ResourceType.THING);
        assertThat(ResourceType.create("AWS::IoT::Other")).isEqualTo(ResourceType.create("AWS::IoT::Other"))
                .hasSameHashCodeAs(ResourceType.create("AWS::IoT::Other"))
                .isNotEqualTo(ResourceType.POLICY);
    }

    @Test
    void plans() {
        EqualsVerifier.forClass(PlannedPolicy.class)
                .withPrefabValues(IotPolicy.class, POLICY_A, POLICY_B)
                .withNonnullFields("logicalName")
                .verify();
        EqualsVerifier.forClass(ProvisioningPlan.class)
                .withPrefabValues(PlannedPolicy.class, PlannedPolicy.named("a", "p"), PlannedPolicy.named("b", "q"))
                .withNonnullFields("templateType", "attributes", "thingGroups", "overrideSettings", "certificateStatus",
                        "policies", "deviceConfiguration", "parameters")
                .verify();
    }

    @Test
    void planBuilder_changedAfterBuild_leavesTheBuiltPlanAlone() {
        ProvisioningPlan.Builder builder = ProvisioningPlan.builder().thingName("t").attribute("a", "1")
                .addThingGroup("g").deviceConfiguration("k", "v").parameter("p", "1");
        ProvisioningPlan first = builder.build();

        ProvisioningPlan second = builder.attribute("b", "2").addThingGroup("h").deviceConfiguration("k2", "v2")
                .parameter("q", "2").override(OverrideProperty.STATUS, OverrideAction.FAIL)
                .addPolicy(PlannedPolicy.named("policy", "P")).build();

        assertThat(first.attributes()).containsOnlyKeys("a");
        assertThat(first.thingGroups()).containsExactly("g");
        assertThat(first.deviceConfiguration()).containsOnlyKeys("k");
        assertThat(first.parameters()).containsOnlyKeys("p");
        assertThat(first.overrideSettings()).isEmpty();
        assertThat(first.policies()).isEmpty();
        assertThat(second.attributes()).containsOnlyKeys("a", "b");
        assertThat(second.policies()).hasSize(1);
    }

    @Test
    void planToBuilder_changesOnlyTheNewPlan() {
        ProvisioningPlan original = ProvisioningPlan.builder().thingName("t").attribute("a", "1").addThingGroup("g")
                .override(OverrideProperty.STATUS, OverrideAction.REPLACE).addPolicy(PlannedPolicy.named("p", "P"))
                .deviceConfiguration("k", "v").parameter("p", "1").build();

        ProvisioningPlan copy = original.toBuilder().build();
        ProvisioningPlan changed = original.toBuilder().thingName("u").attribute("b", "2").addThingGroup("h")
                .override(OverrideProperty.THING_GROUPS, OverrideAction.DO_NOTHING)
                .addPolicy(PlannedPolicy.named("q", "Q")).deviceConfiguration("k2", "v2").parameter("q", "2").build();

        assertThat(copy).isEqualTo(original);
        assertThat(original.thingName()).contains("t");
        assertThat(original.attributes()).containsOnlyKeys("a");
        assertThat(original.thingGroups()).containsExactly("g");
        assertThat(original.overrideSettings()).containsOnlyKeys(OverrideProperty.STATUS);
        assertThat(original.policies()).hasSize(1);
        assertThat(original.deviceConfiguration()).containsOnlyKeys("k");
        assertThat(original.parameters()).containsOnlyKeys("p");
        assertThat(changed.thingName()).contains("u");
        assertThat(changed.attributes()).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
        assertThat(changed.thingGroups()).containsExactly("g", "h");
        assertThat(changed.overrideSettings()).containsOnlyKeys(OverrideProperty.STATUS, OverrideProperty.THING_GROUPS);
        assertThat(changed.policies()).hasSize(2);
        assertThat(changed.deviceConfiguration()).containsExactly(Map.entry("k", "v"), Map.entry("k2", "v2"));
        assertThat(changed.parameters()).containsExactly(Map.entry("p", "1"), Map.entry("q", "2"));
    }

    @Test
    void planBuilder_wholeMaps_areCopiedInOrderAndTheCallersMapStaysTheCallers() {
        Map<String, String> parameters = new java.util.LinkedHashMap<>();
        parameters.put("b", "2");
        parameters.put("a", "1");

        ProvisioningPlan plan = ProvisioningPlan.builder().parameters(parameters).deviceConfiguration(parameters).build();
        parameters.put("c", "3");

        assertThat(plan.parameters()).containsExactly(Map.entry("b", "2"), Map.entry("a", "1"));
        assertThat(plan.deviceConfiguration()).containsExactly(Map.entry("b", "2"), Map.entry("a", "1"));
        Map<String, String> withNull = new java.util.HashMap<>();
        withNull.put("x", null);
        org.assertj.core.api.Assertions.assertThatNullPointerException()
                .isThrownBy(() -> ProvisioningPlan.builder().parameters(withNull)).withMessageContaining("parameters");
    }

    @Test
    void hookTypes() {
        EqualsVerifier.forClass(HookResponse.class).withNonnullFields("parameterOverrides").verify();
        EqualsVerifier.forClass(HookRequest.class).withNonnullFields("claimCertificateId", "certificateId",
                "certificatePem", "templateArn", "clientId", "parameters").verify();
    }

    @Test
    void resources() {
        EqualsVerifier.forClass(ThingResource.class)
                .withNonnullFields("logicalName", "thingName", "attributes", "thingGroups", "overrideSettings")
                .verify();
        EqualsVerifier.forClass(CertificateResource.class)
                .withNonnullFields("logicalName", "overrideSettings")
                .verify();
        EqualsVerifier.forClass(PolicyResource.class)
                .withPrefabValues(IotPolicy.class, POLICY_A, POLICY_B)
                .withNonnullFields("logicalName")
                .verify();
    }

    @Test
    void templates_equalWhenTheirContentIs() {
        ProvisioningTemplate a = SeedTemplateDslTest.seedTemplate();
        ProvisioningTemplate b = ProvisioningTemplate.fromJson(a.toJson()).copy(t -> t.name("FleetProvisioningSeed"));

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(a.copy(t -> t.deviceConfiguration("Extra", "1")));
        assertThat(a.policies()).hasSize(1);
        assertThat(a.resources().keySet()).containsExactly("thing", "certificate", "policy");
        assertThat(List.copyOf(a.parameters().keySet()))
                .containsExactly("DeviceLocation", "AWS::IoT::Certificate::Id", "SerialNumber");
        assertThat(a.mappings()).isEqualTo(Map.of("LocationTable", Map.of("Seattle", Map.of("LocationUrl", "https://example.aws"))));
    }
}
