package io.github.fleetprov.testkit.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.core.pki.CertificateAuthority;
import io.github.fleetprov.core.pki.Certificates;
import io.github.fleetprov.core.pki.IssuedCertificate;
import io.github.fleetprov.core.pki.KeyAlgorithm;
import io.github.fleetprov.core.pki.Subject;
import io.github.fleetprov.template.hook.HookResponse;
import io.github.fleetprov.testkit.TestClock;
import io.github.fleetprov.testkit.event.EventLog;
import io.github.fleetprov.testkit.event.EventType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The in-memory registry behaves like the AWS IoT operations of the same names, error codes included. */
class IotRegistryTest {

    private static final CertificateAuthority CA = CertificateAuthority.create("registry test CA");
    private static final String POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":\"iot:Connect\",\"Resource\":\"*\"}]}";
    private static final String TEMPLATE = "{\"Resources\":{\"certificate\":{\"Type\":\"AWS::IoT::Certificate\","
            + "\"Properties\":{\"CertificateId\":{\"Ref\":\"AWS::IoT::Certificate::Id\"},\"Status\":\"Active\"}}}}";

    private EventLog events;
    private IotRegistry registry;

    @BeforeEach
    void setUp() {
        TestClock clock = TestClock.system();
        events = EventLog.create(clock);
        registry = IotRegistry.inMemory("aws", "eu-west-1", "111122223333", clock, events);
    }

    private static IssuedCertificate newCertificate() {
        return CA.issueWithKey(Subject.ofCommonName("device"), KeyAlgorithm.EC_P256, Duration.ofDays(1));
    }

    private static void assertCode(Runnable call, String code, int status) {
        assertThatThrownBy(call::run).isInstanceOf(RegistryException.class)
                .satisfies(e -> {
                    assertThat(((RegistryException) e).errorCode()).isEqualTo(code);
                    assertThat(((RegistryException) e).httpStatus()).isEqualTo(status);
                });
    }

    @Test
    void createThing_twiceWithSameConfiguration_returnsTheExistingThing() {
        Thing first = registry.createThing("sensor-1", null, Map.of("a", "1"), null);
        Thing again = registry.createThing("sensor-1", null, Map.of("a", "1"), null);

        assertThat(again).isEqualTo(first);
        assertThat(first.thingArn()).isEqualTo("arn:aws:iot:eu-west-1:111122223333:thing/sensor-1");
    }

    @Test
    void createThing_withDifferentConfiguration_throwsResourceAlreadyExistsWithIdAndArn() {
        Thing first = registry.createThing("sensor-1");

        assertThatThrownBy(() -> registry.createThing("sensor-1", null, Map.of("a", "2"), null))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("sensor-1")
                .satisfies(e -> {
                    RegistryException r = (RegistryException) e;
                    assertThat(r.errorCode()).isEqualTo(RegistryException.RESOURCE_ALREADY_EXISTS);
                    assertThat(r.httpStatus()).isEqualTo(409);
                    assertThat(r.resourceArn()).contains(first.thingArn());
                    assertThat(r.resourceId()).contains(first.thingId());
                });
    }

    @Test
    void createThing_withBadNameOrUnknownType_throwsInvalidRequestOrNotFound() {
        assertCode(() -> registry.createThing("bad name"), RegistryException.INVALID_REQUEST, 400);
        assertCode(() -> registry.createThing("t", "NoSuchType", Map.of(), null), RegistryException.RESOURCE_NOT_FOUND,
                404);
    }

    @Test
    void updateThing_mergesAttributesRemovesEmptyOnesAndChecksExpectedVersion() {
        registry.createThing("t", null, Map.of("keep", "1", "drop", "2"), null);

        Thing updated = registry.updateThing("t", ThingUpdate.builder()
                .attributes(Map.of("drop", "", "add", "3"), true).expectedVersion(1).build());

        assertThat(updated.attributes()).containsOnly(Map.entry("keep", "1"), Map.entry("add", "3"));
        assertThat(updated.version()).isEqualTo(2);
        assertCode(() -> registry.updateThing("t", ThingUpdate.builder().expectedVersion(1).build()),
                RegistryException.VERSION_CONFLICT, 409);
    }

    @Test
    void thingType_mustBeDeprecatedAndUnusedBeforeDelete() {
        registry.createThingType("Sensor", "", List.of());
        registry.createThing("t", "Sensor", Map.of(), null);

        assertCode(() -> registry.deleteThingType("Sensor"), RegistryException.INVALID_REQUEST, 400);
        registry.deprecateThingType("Sensor", false);
        assertCode(() -> registry.createThing("u", "Sensor", Map.of(), null), RegistryException.INVALID_REQUEST, 400);
        registry.updateThing("t", ThingUpdate.builder().removeThingType().build());
        registry.deleteThingType("Sensor");

        assertThat(registry.findThingType("Sensor")).isEmpty();
    }

    @Test
    void registerCertificate_usesSha256OfDerAsIdAndRefusesDuplicates() {
        IssuedCertificate issued = newCertificate();

        Certificate cert = registry.registerCertificate(issued.certificatePem(), CertificateStatus.ACTIVE);

        assertThat(cert.certificateId()).isEqualTo(Certificates.awsCertificateId(issued.certificate()));
        assertThat(cert.certificateArn()).endsWith(":cert/" + cert.certificateId());
        assertCode(() -> registry.registerCertificate(issued.certificatePem(), CertificateStatus.ACTIVE),
                RegistryException.RESOURCE_ALREADY_EXISTS, 409);
        assertCode(() -> registry.registerCertificate("not a pem", CertificateStatus.ACTIVE),
                RegistryException.CERTIFICATE_VALIDATION, 400);
    }

    @Test
    void certificateStatus_revokedNeverComesBackAndActiveCannotBeDeleted() {
        Certificate cert = registry.registerCertificate(newCertificate().certificatePem(), CertificateStatus.ACTIVE);

        assertCode(() -> registry.deleteCertificate(cert.certificateId(), false), RegistryException.CERTIFICATE_STATE,
                406);
        Certificate revoked = registry.updateCertificateStatus(cert.certificateId(), CertificateStatus.REVOKED);
        assertThat(revoked.generationId()).isNotEqualTo(cert.generationId());
        assertCode(() -> registry.updateCertificateStatus(cert.certificateId(), CertificateStatus.ACTIVE),
                RegistryException.CERTIFICATE_STATE, 406);
    }

    @Test
    void deleteCertificate_withPoliciesNeedsForceAndWithThingsIsAConflict() {
        Certificate cert = registry.registerCertificate(newCertificate().certificatePem(),
                CertificateStatus.INACTIVE);
        registry.createPolicy("p", POLICY);
        registry.attachPolicy("p", cert.certificateArn());
        registry.createThing("t");
        registry.attachThingPrincipal("t", cert.certificateArn());

        assertCode(() -> registry.deleteCertificate(cert.certificateId(), true), RegistryException.DELETE_CONFLICT, 409);
        registry.detachThingPrincipal("t", cert.certificateArn());
        assertCode(() -> registry.deleteCertificate(cert.certificateId(), false), RegistryException.DELETE_CONFLICT,
                409);
        registry.deleteCertificate(cert.certificateId(), true);

        assertThat(registry.findCertificate(cert.certificateId())).isEmpty();
        assertThat(registry.listTargetsForPolicy("p")).isEmpty();
    }

    @Test
    void policyVersions_areLimitedToFiveAndTheDefaultCannotBeDeleted() {
        Policy created = registry.createPolicy("p", POLICY);
        for (int i = 0; i < 4; i++) {
            registry.createPolicyVersion("p", POLICY, i == 3);
        }

        assertThat(created.defaultVersionId()).isEqualTo("1");
        assertThat(registry.getPolicy("p").defaultVersionId()).isEqualTo("5");
        assertCode(() -> registry.createPolicyVersion("p", POLICY, false), RegistryException.VERSIONS_LIMIT_EXCEEDED,
                409);
        assertCode(() -> registry.deletePolicyVersion("p", "5"), RegistryException.DELETE_CONFLICT, 409);
        registry.deletePolicyVersion("p", "1");
        assertThat(registry.createPolicyVersion("p", POLICY, false).versionId()).isEqualTo("6");
    }

    @Test
    void createPolicy_withMalformedOrOversizedDocument_throwsMalformedPolicy() {
        assertCode(() -> registry.createPolicy("p", "{not json"), RegistryException.MALFORMED_POLICY, 400);
        assertCode(() -> registry.createPolicy("p", "{\"Version\":\"2012-10-17\"}"), RegistryException.MALFORMED_POLICY,
                400);
        String big = POLICY.replace("\"*\"", "\"" + "x".repeat(2100) + "\"");
        assertThatThrownBy(() -> registry.createPolicy("p", big)).isInstanceOf(RegistryException.class)
                .hasMessageContaining("2048");
    }

    @Test
    void attachPolicy_limitsTenPerTargetAndRefusesUnknownTargets() {
        Certificate cert = registry.registerCertificate(newCertificate().certificatePem(), CertificateStatus.ACTIVE);
        for (int i = 0; i < 10; i++) {
            registry.createPolicy("p" + i, POLICY);
            registry.attachPolicy("p" + i, cert.certificateArn());
        }
        registry.createPolicy("p10", POLICY);

        assertCode(() -> registry.attachPolicy("p10", cert.certificateArn()), RegistryException.LIMIT_EXCEEDED, 410);
        assertCode(() -> registry.attachPolicy("p10", registry.arn("cert", "0".repeat(64))),
                RegistryException.RESOURCE_NOT_FOUND, 404);
        assertCode(() -> registry.attachPolicy("p10", "not-an-arn"), RegistryException.INVALID_REQUEST, 400);
        assertCode(() -> registry.deletePolicy("p0"), RegistryException.DELETE_CONFLICT, 409);
    }

    @Test
    void effectivePolicies_includeThoseOfTheThingGroupsOfAttachedThings() {
        Certificate cert = registry.registerCertificate(newCertificate().certificatePem(), CertificateStatus.ACTIVE);
        registry.createPolicy("direct", POLICY);
        registry.createPolicy("fleet", POLICY);
        registry.attachPolicy("direct", cert.certificateArn());
        ThingGroup group = registry.createThingGroup("fleet-group", "", Map.of());
        registry.attachPolicy("fleet", group.thingGroupArn());
        registry.createThing("t");
        registry.addThingToThingGroup("fleet-group", "t");
        registry.attachThingPrincipal("t", cert.certificateArn());

        assertThat(registry.effectivePolicies(cert.certificateId())).extracting(Policy::policyName)
                .containsExactly("direct", "fleet");
        assertThat(registry.listThingsInThingGroup("fleet-group")).containsExactly("t");
    }

    @Test
    void provisioningTemplates_keepFiveVersionsAndSwitchDefault() {
        ProvisioningTemplateRecord t = registry.createProvisioningTemplate(ProvisioningTemplateSpec.builder()
                .templateName("tmpl").templateBody(TEMPLATE).provisioningRoleArn("arn:aws:iam::111122223333:role/r")
                .build());
        for (int i = 0; i < 4; i++) {
            registry.createProvisioningTemplateVersion("tmpl", TEMPLATE, false);
        }
        ProvisioningTemplateRecord updated = registry.updateProvisioningTemplate("tmpl",
                ProvisioningTemplateUpdate.builder().enabled(true).defaultVersionId(3).build());

        assertThat(t.enabled()).isFalse();
        assertThat(t.templateArn()).isEqualTo("arn:aws:iot:eu-west-1:111122223333:provisioningtemplate/tmpl");
        assertThat(updated.enabled()).isTrue();
        assertThat(updated.defaultVersionId()).isEqualTo(3);
        assertCode(() -> registry.createProvisioningTemplateVersion("tmpl", TEMPLATE, false),
                RegistryException.VERSIONS_LIMIT_EXCEEDED, 409);
        assertCode(() -> registry.deleteProvisioningTemplateVersion("tmpl", 3), RegistryException.DELETE_CONFLICT, 409);
    }

    @Test
    void provisioningTemplateSpec_withBadNameOrBody_throwsInvalidRequestNamingTheField() {
        assertThatThrownBy(() -> ProvisioningTemplateSpec.builder().templateName("has space").templateBody(TEMPLATE)
                .provisioningRoleArn("arn:aws:iam::111122223333:role/r").build())
                .isInstanceOf(RegistryException.class).hasMessageContaining("templateName");
        assertThatThrownBy(() -> registry.createProvisioningTemplate(ProvisioningTemplateSpec.builder()
                .templateName("t").templateBody("[]").provisioningRoleArn("arn:aws:iam::111122223333:role/r").build()))
                .isInstanceOf(RegistryException.class).hasMessageContaining("templateBody");
    }

    @Test
    void hooks_canBeJavaCallbacksOrRegisteredFunctionArns() {
        String arn = "arn:aws:lambda:eu-west-1:111122223333:function:hook";
        registry.registerHookFunction(arn, request -> HookResponse.allow());
        ProvisioningTemplateRecord t = registry.createProvisioningTemplate(ProvisioningTemplateSpec.builder()
                .templateName("tmpl").templateBody(TEMPLATE).provisioningRoleArn("arn:aws:iam::111122223333:role/r")
                .preProvisioningHook(PreProvisioningHookConfig.ofArn(arn)).build());

        assertThat(t.preProvisioningHook()).hasValueSatisfying(h -> {
            assertThat(h.targetArn()).contains(arn);
            assertThat(h.payloadVersion()).isEqualTo("2020-04-01");
            assertThat(h.hook()).isEmpty();
        });
        assertThat(registry.findHookFunction(arn)).isPresent();
    }

    @Test
    void roleAliases_validateDurationAndRoleArn() {
        RoleAlias alias = registry.createRoleAlias("edge", "arn:aws:iam::111122223333:role/edge", 3600);

        assertThat(alias.roleAliasArn()).isEqualTo("arn:aws:iot:eu-west-1:111122223333:rolealias/edge");
        assertCode(() -> registry.createRoleAlias("short", "arn:aws:iam::111122223333:role/edge", 899),
                RegistryException.INVALID_REQUEST, 400);
        assertCode(() -> registry.createRoleAlias("bad", "arn:aws:s3:::bucket", 3600), RegistryException.INVALID_REQUEST,
                400);
        assertThat(registry.updateRoleAlias("edge", null, 7200).credentialDurationSeconds()).isEqualTo(7200);
        registry.deleteRoleAlias("edge");
        assertCode(() -> registry.describeRoleAlias("edge"), RegistryException.RESOURCE_NOT_FOUND, 404);
    }

    @Test
    void everyChange_isRecordedInTheEventLog() {
        registry.createThing("t");
        registry.createPolicy("p", POLICY);

        assertThat(events.ofType(EventType.REGISTRY)).extracting(e -> e.operation())
                .containsExactly("CreateThing", "CreatePolicy");
    }

    @Test
    void provisioningClaims_areNotListed() {
        IssuedCertificate claim = newCertificate();
        registry.registerCertificate(CertificateRegistration.builder(claim.certificatePem())
                .provisioningClaimFor("tmpl").claimExpiry(registry.clock().instant().plusSeconds(300)).build());

        assertThat(registry.listCertificates()).isEmpty();
        assertThat(registry.findCertificate(Certificates.awsCertificateId(claim.certificate())))
                .hasValueSatisfying(c -> assertThat(c.isProvisioningClaim()).isTrue());
    }
}
