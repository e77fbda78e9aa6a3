package io.github.fleetprov.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.core.store.ClaimIdentity;
import io.github.fleetprov.core.store.CredentialStore;
import io.github.fleetprov.core.store.DeviceIdentity;
import io.github.fleetprov.device.FleetProvisioningClient;
import io.github.fleetprov.device.RetryPolicy;
import io.github.fleetprov.policy.IotPolicy;
import io.github.fleetprov.template.ProvisioningTemplate;
import io.github.fleetprov.testkit.LocalIotCore;
import io.github.fleetprov.testkit.registry.Certificate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iot.IotClient;

/**
 * Fleet set-up, re-run, plan, change and tear-down through the real SDK clients against the
 * testkit's control plane and IAM, and a device provisioned by claim in between.
 */
class FleetProvisioningAdminTestkitTest {

    private final LocalIotCore core = LocalIotCore.shared();
    private IotClient iot;
    private IamClient iam;
    private FleetProvisioningAdmin admin;
    private String fleet;

    @TempDir
    Path claimDir;

    @BeforeEach
    void clients() {
        iot = AwsStubs.iot(core.controlPlaneEndpoint());
        iam = AwsStubs.iam(core.iamEndpoint());
        admin = FleetProvisioningAdmin.create(iot, iam);
        fleet = "f" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    @AfterEach
    void close() {
        iot.close();
        iam.close();
    }

    static String templateJson(String fleet, String attributeVersion) {
        return "{\"Parameters\":{\"SerialNumber\":{\"Type\":\"String\"},"
                + "\"AWS::IoT::Certificate::Id\":{\"Type\":\"String\"}},"
                + "\"Resources\":{\"thing\":{\"Type\":\"AWS::IoT::Thing\",\"Properties\":{"
                + "\"ThingName\":{\"Fn::Join\":[\"\",[\"" + fleet + "-\",{\"Ref\":\"SerialNumber\"}]]},"
                + "\"AttributePayload\":{\"version\":\"" + attributeVersion + "\"}}},"
                + "\"certificate\":{\"Type\":\"AWS::IoT::Certificate\",\"Properties\":{"
                + "\"CertificateId\":{\"Ref\":\"AWS::IoT::Certificate::Id\"},\"Status\":\"Active\"}},"
                + "\"policy\":{\"Type\":\"AWS::IoT::Policy\",\"Properties\":{\"PolicyName\":\"" + fleet + "-device\"}}},"
                + "\"DeviceConfiguration\":{\"FallbackUrl\":\"https://www.example.com/test-site\"}}";
    }

    private FleetSpec.Builder spec(String attributeVersion) {
        return FleetSpec.builder().fleetName(fleet).accountId(core.accountId())
                .template(ProvisioningTemplate.fromJson(templateJson(fleet, attributeVersion)))
                .clientIdPattern(fleet + "-*")
                .devicePolicy(fleet + "-device", IotPolicy.fromJson("{\"Version\":\"2012-10-17\",\"Statement\":[{"
                        + "\"Effect\":\"Allow\",\"Action\":[\"iot:Connect\",\"iot:Publish\"],\"Resource\":\"*\"}]}"))
                .claimCertificate(claimDir);
    }

    @Test
    void setUp_onFreshAccount_makesEveryResourceAndStoresTheClaim() {
        FleetSetup setup = admin.setUp(spec("v1").build());

        assertThat(setup.changes()).extracting(PlannedCall::operation).containsSubsequence("CreateRole",
                "AttachRolePolicy", "CreatePolicy", "CreateProvisioningTemplate", "CreatePolicy",
                "CreateKeysAndCertificate", "AttachPolicy");
        var template = core.registry().describeProvisioningTemplate(fleet);
        assertThat(template.provisioningRoleArn()).isEqualTo(setup.template().provisioningRoleArn());
        assertThat(template.enabled()).isTrue();
        ClaimIdentity claim = CredentialStore.open(claimDir).readClaim().orElseThrow();
        assertThat(claim.certificateId()).isEqualTo(setup.claim().orElseThrow().certificateId());
        assertThat(claim.templateName()).contains(fleet);
        assertThat(core.registry().listAttachedPolicies(setup.claim().orElseThrow().certificateArn()))
                .extracting(p -> p.policyName()).containsExactly(fleet + "-ClaimPolicy");
        assertThat(core.registry().getPolicy(fleet + "-ClaimPolicy").document())
                .contains("$aws/provisioning-templates/" + fleet + "/provision/json")
                .contains("client/" + fleet + "-*");
        assertThat(setup.toJson()).doesNotContain("PRIVATE KEY").contains(setup.claim().orElseThrow().certificateId());
        assertThat(FleetSetup.fromJson(setup.toJson())).isEqualTo(setup);
    }

    @Test
    void setUp_twiceWithTheSameSpec_changesNothingTheSecondTime() {
        FleetSpec spec = spec("v1").tokenExchangeAccess(io.github.fleetprov.policy.iam.IamPolicies
                .greengrassTokenExchangeAccess()).build();
        FleetSetup first = admin.setUp(spec);

        FleetSetup second = admin.setUp(spec);

        assertThat(second.unchanged()).isTrue();
        assertThat(admin.plan(spec).isEmpty()).isTrue();
        assertThat(second.claim().orElseThrow().certificateId()).isEqualTo(first.claim().orElseThrow().certificateId());
        assertThat(core.registry().describeProvisioningTemplate(fleet).defaultVersionId()).isEqualTo(1);
        assertThat(second.roleAlias().orElseThrow().credentialsUrl().toString()).endsWith("/role-aliases/" + fleet + "-RoleAlias/credentials");
        assertThat(core.registry().describeRoleAlias(fleet + "-RoleAlias").roleArn())
                .isEqualTo(second.roleAlias().orElseThrow().tokenExchangeRoleArn());
        assertThat(admin.tearDown(second).isComplete()).isTrue();
    }

    @Test
    void plan_onFreshAccount_listsTheCallsAndMakesNone() {
        FleetPlan plan = admin.plan(spec("v1").build());

        assertThat(plan.calls()).extracting(c -> c.service() + " " + c.operation()).containsExactly(
                "IAM CreateRole", "IAM AttachRolePolicy", "IoT CreatePolicy", "IoT CreateProvisioningTemplate",
                "IoT CreatePolicy", "IoT CreateKeysAndCertificate", "IoT AttachPolicy");
        assertThat(core.registry().findProvisioningTemplate(fleet)).isEmpty();
        assertThat(core.registry().findPolicy(fleet + "-ClaimPolicy")).isEmpty();
        assertThat(CredentialStore.open(claimDir).readClaim()).isEmpty();
    }

    @Test
    void setUp_withChangedTemplateAndDevicePolicy_writesNewDefaultVersionsOnly() {
        admin.setUp(spec("v1").build());
        FleetSpec changed = spec("v2").devicePolicy(fleet + "-device", IotPolicy.fromJson("{\"Version\":\"2012-10-17\","
                + "\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iot:Connect\",\"Resource\":\"*\"}]}")).build();

        assertThat(admin.plan(changed).calls()).extracting(PlannedCall::operation)
                .containsExactly("CreatePolicyVersion", "CreateProvisioningTemplateVersion");
        FleetSetup setup = admin.setUp(changed);

        assertThat(setup.changes()).hasSize(2);
        assertThat(core.registry().describeProvisioningTemplate(fleet).defaultVersionId()).isEqualTo(2);
        assertThat(core.registry().describeProvisioningTemplate(fleet).templateBody()).contains("\"v2\"");
        assertThat(core.registry().getPolicy(fleet + "-device").defaultVersionId()).isEqualTo("2");
    }

    @Test
    void tearDown_removesEverythingSetUpMadeAndTheStoredClaim() {
        FleetSetup setup = admin.setUp(spec("v1").build());

        TearDownReport report = admin.tearDown(FleetSetup.fromJson(setup.toJson()));

        assertThat(report.isComplete()).isTrue();
        assertThat(report.removed()).containsExactly("IoT claim certificate " + setup.claim().orElseThrow().certificateId(),
                "IoT provisioning template " + fleet, "IoT policy " + fleet + "-ClaimPolicy",
                "IoT policy " + fleet + "-device", "IAM role " + fleet + "-ProvisioningRole");
        assertRegistryHasNothingOf(setup);
        assertThat(CredentialStore.open(claimDir).readClaim()).isEmpty();
        assertThat(admin.tearDown(setup).removed()).isEmpty();
    }

    @Test
    void setUp_thenProvisionADeviceWithDeviceClient_thenTearDownLeavesNothingOfTheFleet(@TempDir Path deviceDir) {
        FleetSetup setup = admin.setUp(spec("v1").build());
        // The one call from the admin side to the device side: claim, endpoint and template from the set-up.
        DeviceIdentity device = FleetProvisioningClient.builder()
                .claim(setup.claimIdentity())
                .port(core.mqttPort()).certificateAuthorityPem(core.caCertificatePem())
                .clientId(fleet + "-0001")
                .templateParameter("SerialNumber", "0001").credentialStore(deviceDir)
                .stepTimeouts(Duration.ofSeconds(5))
                .retryPolicy(RetryPolicy.builder().maxAttempts(3).initialBackoff(Duration.ofMillis(50))
                        .maxBackoff(Duration.ofMillis(400)).build())
                .build().provision();

        assertThat(device.thingName()).isEqualTo(fleet + "-0001");
        assertThat(device.endpoint()).isEqualTo(setup.endpoints().data());
        TearDownReport withDevice = admin.tearDown(setup);
        assertThat(withDevice.notRemoved()).singleElement().satisfies(n -> {
            assertThat(n.resource()).isEqualTo("IoT policy " + fleet + "-device");
            assertThat(n.reason()).contains("DeleteConflictException: still attached");
        });

        DeviceRegistryAdmin registry = DeviceRegistryAdmin.create(iot);
        Certificate deviceCert = core.registry().describeCertificate(device.certificateId());
        registry.detachPrincipal(device.thingName(), deviceCert.certificateArn());
        assertThat(registry.deleteThing(device.thingName())).isTrue();
        assertThat(registry.deleteCertificate(device.certificateId())).isTrue();
        TearDownReport after = admin.tearDown(setup);

        assertThat(after.isComplete()).isTrue();
        assertThat(after.removed()).containsExactly("IoT policy " + fleet + "-device");
        assertRegistryHasNothingOf(setup);
    }

    @Test
    void trustedUser_setUpMakesNoClaimAndCreateProvisioningClaimStoresAFiveMinuteClaim(@TempDir Path appDir) {
        FleetSetup setup = admin.setUp(spec("v1").trustedUserClaims().build());
        assertThat(setup.claim()).isEmpty();

        ProvisioningClaim claim = admin.createProvisioningClaim(setup, appDir);

        assertThat(claim.expiration()).isBetween(core.clock().instant().plus(Duration.ofMinutes(4)),
                core.clock().instant().plus(Duration.ofMinutes(5)));
        assertThat(CredentialStore.open(appDir).readClaim()).hasValueSatisfying(
                c -> assertThat(c.certificateId()).isEqualTo(claim.certificateId()));
        assertThat(core.registry().describeCertificate(claim.certificateId()).isProvisioningClaim()).isTrue();
        assertThat(claim.claimIdentity().certificateId()).isEqualTo(claim.certificateId());
        assertThat(claim.claimIdentity().templateName()).contains(setup.template().name());
        assertThat(claim.claimIdentity().endpoint()).isEqualTo(setup.endpoints().data());
        assertThat(admin.tearDown(setup).isComplete()).isTrue();
    }

    @Test
    void setUp_withPreProvisioningHook_configuresTheTemplateHook() {
        String hook = "arn:aws:lambda:" + core.region() + ":" + core.accountId() + ":function:" + fleet + "-hook";
        admin.setUp(spec("v1").preProvisioningHookArn(hook).build());

        assertThat(core.registry().describeProvisioningTemplate(fleet).preProvisioningHook())
                .hasValueSatisfying(h -> assertThat(h.targetArn()).contains(hook));
    }

    @Test
    void setUp_whenClaimStoreHoldsAnUnknownCertificate_refusesNamingTheStore() {
        FleetSetup setup = admin.setUp(spec("v1").build());
        core.registry().updateCertificateStatus(setup.claim().orElseThrow().certificateId(),
                io.github.fleetprov.testkit.registry.CertificateStatus.INACTIVE);
        core.registry().detachPolicy(fleet + "-ClaimPolicy", setup.claim().orElseThrow().certificateArn());
        core.registry().deleteCertificate(setup.claim().orElseThrow().certificateId(), true);

        assertThatThrownBy(() -> admin.setUp(spec("v1").build()))
                .isInstanceOf(io.github.fleetprov.core.InvalidInputException.class)
                .hasMessageContaining("claimStore:")
                .hasMessageContaining(setup.claim().orElseThrow().certificateId());
    }

    private void assertRegistryHasNothingOf(FleetSetup setup) {
        assertThat(core.registry().findProvisioningTemplate(setup.template().name())).isEmpty();
        assertThat(core.registry().findPolicy(setup.policies().claimPolicyName())).isEmpty();
        assertThat(core.registry().findPolicy(fleet + "-device")).isEmpty();
        assertThat(core.registry().findCertificate(setup.claim().orElseThrow().certificateId())).isEmpty();
        assertThatThrownBy(() -> iam.getRole(r -> r.roleName(setup.template().provisioningRoleName())))
                .isInstanceOf(NoSuchEntityException.class);
    }
}
