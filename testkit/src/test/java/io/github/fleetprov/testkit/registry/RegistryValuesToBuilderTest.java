package io.github.fleetprov.testkit.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The registry's request values give builders holding their values: toBuilder().build() is the same value. */
class RegistryValuesToBuilderTest {

    private static final String ROLE = "arn:aws:iam::123456789012:role/provisioning";
    private static final String HOOK = "arn:aws:lambda:us-east-1:123456789012:function:hook";

    @Test
    void thingUpdate_toBuilderBuild_isTheSameUpdate_andCopyChangesOneValue() {
        ThingUpdate update = ThingUpdate.builder().thingTypeName("sensor")
                .attributes(Map.of("color", "red"), true).expectedVersion(3).build();

        assertThat(update.toBuilder().build()).usingRecursiveComparison().isEqualTo(update);
        ThingUpdate changed = update.copy(b -> b.expectedVersion(4));
        assertThat(changed.expectedVersion()).hasValue(4);
        assertThat(changed.attributes()).contains(Map.of("color", "red"));
        assertThat(update.expectedVersion()).hasValue(3);
    }

    @Test
    void thingUpdate_withNothingSet_roundTrips() {
        ThingUpdate update = ThingUpdate.builder().removeThingType().build();

        assertThat(update.toBuilder().build()).usingRecursiveComparison().isEqualTo(update);
    }

    @Test
    void provisioningTemplateSpec_toBuilderBuild_isTheSameSpec() {
        ProvisioningTemplateSpec spec = ProvisioningTemplateSpec.builder().templateName("fleet")
                .description("d").templateBody("{\"Resources\":{}}").enabled(true).provisioningRoleArn(ROLE)
                .preProvisioningHook(PreProvisioningHookConfig.ofArn(HOOK)).build();

        assertThat(spec.toBuilder().build()).usingRecursiveComparison().isEqualTo(spec);
        assertThat(spec.copy(b -> b.enabled(false)).enabled()).isFalse();
    }

    @Test
    void provisioningTemplateUpdate_toBuilderBuild_isTheSameUpdate() {
        ProvisioningTemplateUpdate update = ProvisioningTemplateUpdate.builder().description("d").enabled(false)
                .defaultVersionId(2).provisioningRoleArn(ROLE).removePreProvisioningHook().build();

        assertThat(update.toBuilder().build()).usingRecursiveComparison().isEqualTo(update);
    }

    @Test
    void certificateRegistration_toBuilderBuild_isTheSameRegistration() {
        CertificateRegistration registration = CertificateRegistration.builder("-----BEGIN CERTIFICATE-----")
                .status(CertificateStatus.INACTIVE).caCertificateId("ca1")
                .claimExpiry(Instant.parse("2026-12-07T00:00:00Z")).provisioningClaimFor("fleet").withoutCa().build();

        assertThat(registration.toBuilder().build()).usingRecursiveComparison().isEqualTo(registration);
        assertThat(registration.copy(b -> b.status(CertificateStatus.ACTIVE)).status())
                .isEqualTo(CertificateStatus.ACTIVE);
    }
}
