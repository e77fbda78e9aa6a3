package io.github.fleetprov.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fleetprov.template.hook.HookRequest;
import org.junit.jupiter.api.Test;

/** Plans and hook requests give builders holding their values: toBuilder().build() equals the original. */
class TemplateValuesToBuilderTest {

    private static ProvisioningPlan fullPlan() {
        return ProvisioningPlan.builder()
                .thingName("sensor-1").thingTypeName("sensor").attribute("color", "red").addThingGroup("g1")
                .billingGroup("b1").override(OverrideProperty.THING_GROUPS, OverrideAction.REPLACE)
                .certificateId("c1").certificatePem("pem").caCertificatePem("ca-pem")
                .addPolicy(PlannedPolicy.named("policy", "DevicePolicy"))
                .deviceConfiguration("fallback", "url").parameter("SerialNumber", "42")
                .build();
    }

    @Test
    void provisioningPlan_toBuilderBuild_equalsTheOriginal() {
        ProvisioningPlan plan = fullPlan();

        assertThat(plan.toBuilder().build()).isEqualTo(plan).hasSameHashCodeAs(plan);
    }

    @Test
    void provisioningPlan_copy_changesOneValue_andLeavesTheOriginal() {
        ProvisioningPlan plan = fullPlan();

        ProvisioningPlan changed = plan.copy(b -> b.addThingGroup("g2").parameter("SerialNumber", "43"));

        assertThat(changed.thingGroups()).containsExactly("g1", "g2");
        assertThat(changed.parameters()).containsEntry("SerialNumber", "43");
        assertThat(plan.thingGroups()).containsExactly("g1");
        assertThat(plan.parameters()).containsEntry("SerialNumber", "42");
        assertThat(changed.toBuilder().build()).isEqualTo(changed);
    }

    @Test
    void hookRequest_toBuilderBuild_equalsTheOriginal_andCopyChangesOneValue() {
        HookRequest request = HookRequest.builder().claimCertificateId("claim").certificateId("cert")
                .certificatePem("pem").templateArn("arn:aws:iot:us-east-1:123456789012:provisioningtemplate/t")
                .clientId("client").parameter("SerialNumber", "42").build();

        assertThat(request.toBuilder().build()).isEqualTo(request);
        HookRequest changed = request.copy(b -> b.parameter("SerialNumber", "43"));
        assertThat(changed.parameters()).containsEntry("SerialNumber", "43");
        assertThat(request.parameters()).containsEntry("SerialNumber", "42");
    }
}
