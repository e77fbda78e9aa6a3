package io.github.fleetprov.testkit.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.core.pki.KeyPairs;
import io.github.fleetprov.core.pki.Pem;
import io.github.fleetprov.core.pki.SelfSignedCertificates;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CertificateStatus;
import software.amazon.awssdk.services.iot.model.CreateThingGroupResponse;
import software.amazon.awssdk.services.iot.model.DeleteConflictException;
import software.amazon.awssdk.services.iot.model.DescribeProvisioningTemplateResponse;
import software.amazon.awssdk.services.iot.model.DescribeRoleAliasResponse;
import software.amazon.awssdk.services.iot.model.DescribeThingTypeResponse;
import software.amazon.awssdk.services.iot.model.InvalidRequestException;
import software.amazon.awssdk.services.iot.model.IotException;
import software.amazon.awssdk.services.iot.model.ListPrincipalThingsResponse;
import software.amazon.awssdk.services.iot.model.ListTargetsForPolicyResponse;
import software.amazon.awssdk.services.iot.model.ProvisioningTemplateVersionSummary;
import software.amazon.awssdk.services.iot.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;
import software.amazon.awssdk.services.iot.model.UpdateRoleAliasResponse;

/**
 * The registry queries and updates that fleet administration needs beyond the basic lifecycle
 * (ListPrincipalThings, ListTargetsForPolicy, DescribeThingType, thing groups, UpdateRoleAlias and
 * provisioning template versions), driven with the AWS SDK for Java v2 {@code IotClient}.
 */
class IotRegistryQueriesTest {

    private static final String ARN_PREFIX = "arn:aws:iot:us-east-1:123456789012:";
    private static final String ROLE_ARN = "arn:aws:iam::123456789012:role/Provisioning";
    private static final String POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":\"iot:Connect\",\"Resource\":\"*\"}]}";
    private static final String TEMPLATE = "{\"Parameters\":{\"SerialNumber\":{\"Type\":\"String\"}},"
            + "\"Resources\":{\"thing\":{\"Type\":\"AWS::IoT::Thing\",\"Properties\":{\"ThingName\":{\"Ref\":\"SerialNumber\"}}}}}";
    private static final AtomicInteger NAMES = new AtomicInteger();

    @RegisterExtension
    static final ControlPlaneExtension plane = ControlPlaneExtension.perClass();

    private static String unique(String prefix) {
        return prefix + NAMES.incrementAndGet();
    }

    private static String registeredCertificateArn() {
        String pem = Pem.certificateToPem(SelfSignedCertificates.create(KeyPairs.generate(), unique("cert-"), Duration.ofDays(1)));
        return plane.iot().registerCertificateWithoutCA(r -> r.certificatePem(pem).status(CertificateStatus.ACTIVE)).certificateArn();
    }

    private static int statusOf(Throwable e) {
        return ((IotException) e).statusCode();
    }

    private static String errorTypeOf(Throwable e) {
        return ((IotException) e).awsErrorDetails().errorCode();
    }

    // ------------------------------------------------------------------ ListPrincipalThings

    @Test
    void listPrincipalThings_returnsTheThingsAttachedToTheCertificate() {
        String cert = registeredCertificateArn();
        String first = unique("a-thing-");
        String second = unique("b-thing-");
        plane.iot().createThing(r -> r.thingName(first));
        plane.iot().createThing(r -> r.thingName(second));
        plane.iot().attachThingPrincipal(r -> r.thingName(first).principal(cert));
        plane.iot().attachThingPrincipal(r -> r.thingName(second).principal(cert));

        ListPrincipalThingsResponse listed = plane.iot().listPrincipalThings(r -> r.principal(cert));

        assertThat(listed.things()).containsExactly(first, second);
        assertThat(listed.nextToken()).isNull();
    }

    @Test
    void listPrincipalThings_whenCertificateHasNoThings_returnsEmptyList() {
        String cert = registeredCertificateArn();

        assertThat(plane.iot().listPrincipalThings(r -> r.principal(cert)).things()).isEmpty();
    }

    @Test
    void listPrincipalThings_withMaxResults_pagesThroughEveryThing() {
        String cert = registeredCertificateArn();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String name = unique("paged-") + "-" + i;
            names.add(name);
            plane.iot().createThing(r -> r.thingName(name));
            plane.iot().attachThingPrincipal(r -> r.thingName(name).principal(cert));
        }

        ListPrincipalThingsResponse firstPage = plane.iot().listPrincipalThings(r -> r.principal(cert).maxResults(2));
        List<String> all = new ArrayList<>();
        plane.iot().listPrincipalThingsPaginator(r -> r.principal(cert).maxResults(2)).things().forEach(all::add);

        assertThat(firstPage.things()).hasSize(2);
        assertThat(firstPage.nextToken()).isNotEmpty();
        assertThat(all).containsExactlyInAnyOrderElementsOf(names);
    }

    @Test
    void listPrincipalThings_whenCertificateUnknown_throwsResourceNotFound404() {
        String unknown = ARN_PREFIX + "cert/" + "0".repeat(64);

        assertThatThrownBy(() -> plane.iot().listPrincipalThings(r -> r.principal(unknown)))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining(unknown)
                .satisfies(e -> assertThat(statusOf(e)).isEqualTo(404))
                .satisfies(e -> assertThat(errorTypeOf(e)).isEqualTo("ResourceNotFoundException"));
    }

    @Test
    void listPrincipalThings_whenMaxResultsAbove250_throwsInvalidRequestNamingTheMember() {
        String cert = registeredCertificateArn();

        assertThatThrownBy(() -> plane.iot().listPrincipalThings(r -> r.principal(cert).maxResults(251)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("maxResults")
                .satisfies(e -> assertThat(statusOf(e)).isEqualTo(400));
    }

    @Test
    void listPrincipalThings_whenNextTokenForged_throwsInvalidRequest() {
        String cert = registeredCertificateArn();

        assertThatThrownBy(() -> plane.iot().listPrincipalThings(r -> r.principal(cert).nextToken("not-a-token")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("nextToken");
    }

    // ------------------------------------------------------------------ ListTargetsForPolicy

    @Test
    void listTargetsForPolicy_pagesWithMarkerThroughEveryTarget() {
        String policy = unique("targets-");
        plane.iot().createPolicy(r -> r.policyName(policy).policyDocument(POLICY));
        List<String> certs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String cert = registeredCertificateArn();
            certs.add(cert);
            plane.iot().attachPolicy(r -> r.policyName(policy).target(cert));
        }

        ListTargetsForPolicyResponse firstPage = plane.iot().listTargetsForPolicy(r -> r.policyName(policy).pageSize(2));
        ListTargetsForPolicyResponse secondPage = plane.iot().listTargetsForPolicy(r -> r.policyName(policy).pageSize(2)
                .marker(firstPage.nextMarker()));

        assertThat(firstPage.targets()).hasSize(2);
        assertThat(firstPage.nextMarker()).matches("[A-Za-z0-9+/]+={0,2}");
        assertThat(secondPage.targets()).hasSize(1);
        assertThat(secondPage.nextMarker()).isNull();
        List<String> all = new ArrayList<>(firstPage.targets());
        all.addAll(secondPage.targets());
        assertThat(all).containsExactlyInAnyOrderElementsOf(certs);
    }

    @Test
    void listTargetsForPolicy_whenPolicyUnknown_throwsResourceNotFound404() {
        assertThatThrownBy(() -> plane.iot().listTargetsForPolicy(r -> r.policyName(unique("missing-"))))
                .isInstanceOf(ResourceNotFoundException.class)
                .satisfies(e -> assertThat(statusOf(e)).isEqualTo(404));
    }

    // ------------------------------------------------------------------ DescribeThingType

    @Test
    void describeThingType_returnsPropertiesAndMetadata() {
        String type = unique("Meter");
        String arn = plane.iot().createThingType(r -> r.thingTypeName(type)
                .thingTypeProperties(p -> p.thingTypeDescription("power meters").searchableAttributes("model", "site")))
                .thingTypeArn();

        DescribeThingTypeResponse described = plane.iot().describeThingType(r -> r.thingTypeName(type));

        assertThat(described.thingTypeName()).isEqualTo(type);
        assertThat(described.thingTypeArn()).isEqualTo(arn).isEqualTo(ARN_PREFIX + "thingtype/" + type);
        assertThat(described.thingTypeId()).isNotBlank();
        assertThat(described.thingTypeProperties().thingTypeDescription()).isEqualTo("power meters");
        assertThat(described.thingTypeProperties().searchableAttributes()).containsExactly("model", "site");
        assertThat(described.thingTypeMetadata().deprecated()).isFalse();
        assertThat(described.thingTypeMetadata().creationDate()).isNotNull();
    }

    @Test
    void describeThingType_whenUnknown_throwsResourceNotFound404() {
        assertThatThrownBy(() -> plane.iot().describeThingType(r -> r.thingTypeName(unique("NoSuchType"))))
                .isInstanceOf(ResourceNotFoundException.class)
                .satisfies(e -> assertThat(statusOf(e)).isEqualTo(404));
    }

    // ------------------------------------------------------------------ thing groups

    @Test
    void createThingGroup_thenAddThingByName_andAgainByArn() {
        String group = unique("group-");
        String thing = unique("member-");
        String thingArn = plane.iot().createThing(r -> r.thingName(thing)).thingArn();

        CreateThingGroupResponse created = plane.iot().createThingGroup(r -> r.thingGroupName(group)
                .thingGroupProperties(p -> p.thingGroupDescription("line 1")
                        .attributePayload(a -> a.attributes(Map.of("site", "berlin")))));
        plane.iot().addThingToThingGroup(r -> r.thingGroupName(group).thingName(thing));
        plane.iot().addThingToThingGroup(r -> r.thingGroupArn(created.thingGroupArn()).thingArn(thingArn));

        assertThat(created.thingGroupName()).isEqualTo(group);
        assertThat(created.thingGroupArn()).isEqualTo(ARN_PREFIX + "thinggroup/" + group);
        assertThat(created.thingGroupId()).matches("[a-zA-Z0-9\\-]+");
        assertThat(plane.fixture().registry().listThingsInThingGroup(group)).containsExactly(thing);
        assertThat(plane.fixture().registry().describeThingGroup(group).attributes()).containsEntry("site", "berlin");
    }

    @Test
    void createThingGroup_whenExistsWithOtherProperties_throwsResourceAlreadyExists409() {
        String group = unique("taken-");
        plane.iot().createThingGroup(r -> r.thingGroupName(group).thingGroupProperties(p -> p.thingGroupDescription("one")));

        assertThatThrownBy(() -> plane.iot().createThingGroup(r -> r.thingGroupName(group)
                .thingGroupProperties(p -> p.thingGroupDescription("two"))))
                .isInstanceOf(ResourceAlreadyExistsException.class)
                .satisfies(e -> assertThat(statusOf(e)).isEqualTo(409));
    }

    @Test
    void addThingToThingGroup_whenGroupUnknown_throwsResourceNotFound404() {
        String thing = unique("orphan-");
        plane.iot().createThing(r -> r.thingName(thing));

        assertThatThrownBy(() -> plane.iot().addThingToThingGroup(r -> r.thingGroupName(unique("nogroup-")).thingName(thing)))
                .isInstanceOf(ResourceNotFoundException.class)
                .satisfies(e -> assertThat(statusOf(e)).isEqualTo(404));
    }

    @Test
    void addThingToThingGroup_whenNoThingGiven_throwsInvalidRequest() {
        String group = unique("group-");
        plane.iot().createThingGroup(r -> r.thingGroupName(group));

        assertThatThrownBy(() -> plane.iot().addThingToThingGroup(r -> r.thingGroupName(group)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("thingName or thingArn");
    }

    // ------------------------------------------------------------------ UpdateRoleAlias

    @Test
    void updateRoleAlias_changesRoleAndDuration() {
        String alias = unique("alias-");
        plane.iot().createRoleAlias(r -> r.roleAlias(alias).roleArn(ROLE_ARN));

        UpdateRoleAliasResponse updated = plane.iot().updateRoleAlias(r -> r.roleAlias(alias)
                .roleArn("arn:aws:iam::123456789012:role/Other").credentialDurationSeconds(900));
        DescribeRoleAliasResponse described = plane.iot().describeRoleAlias(r -> r.roleAlias(alias));

        assertThat(updated.roleAlias()).isEqualTo(alias);
        assertThat(updated.roleAliasArn()).isEqualTo(ARN_PREFIX + "rolealias/" + alias);
        assertThat(described.roleAliasDescription().roleArn()).isEqualTo("arn:aws:iam::123456789012:role/Other");
        assertThat(described.roleAliasDescription().credentialDurationSeconds()).isEqualTo(900);
    }

    @Test
    void updateRoleAlias_whenDurationOutOfRange_throwsInvalidRequestNamingTheMember() {
        String alias = unique("alias-");
        plane.iot().createRoleAlias(r -> r.roleAlias(alias).roleArn(ROLE_ARN));

        assertThatThrownBy(() -> plane.iot().updateRoleAlias(r -> r.roleAlias(alias).credentialDurationSeconds(60)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("credentialDurationSeconds");
    }

    @Test
    void updateRoleAlias_whenUnknown_throwsResourceNotFound404() {
        assertThatThrownBy(() -> plane.iot().updateRoleAlias(r -> r.roleAlias(unique("nope-")).credentialDurationSeconds(900)))
                .isInstanceOf(ResourceNotFoundException.class)
                .satisfies(e -> assertThat(statusOf(e)).isEqualTo(404));
    }

    // ------------------------------------------------------------------ provisioning template versions

    @Test
    void provisioningTemplateVersions_listThenDeleteNonDefault() {
        String template = unique("tmpl-");
        plane.iot().createProvisioningTemplate(r -> r.templateName(template).provisioningRoleArn(ROLE_ARN).templateBody(TEMPLATE));
        plane.iot().createProvisioningTemplateVersion(r -> r.templateName(template).templateBody(TEMPLATE).setAsDefault(true));

        List<ProvisioningTemplateVersionSummary> before = plane.iot().listProvisioningTemplateVersions(r -> r.templateName(template))
                .versions();
        plane.iot().deleteProvisioningTemplateVersion(r -> r.templateName(template).versionId(1));
        List<ProvisioningTemplateVersionSummary> after = plane.iot().listProvisioningTemplateVersions(r -> r.templateName(template))
                .versions();

        assertThat(before).extracting(ProvisioningTemplateVersionSummary::versionId).containsExactly(1, 2);
        assertThat(before).extracting(ProvisioningTemplateVersionSummary::isDefaultVersion).containsExactly(false, true);
        assertThat(before).allSatisfy(v -> assertThat(v.creationDate()).isNotNull());
        assertThat(after).extracting(ProvisioningTemplateVersionSummary::versionId).containsExactly(2);
    }

    @Test
    void deleteProvisioningTemplateVersion_whenDefault_throwsDeleteConflict409() {
        String template = unique("tmpl-");
        plane.iot().createProvisioningTemplate(r -> r.templateName(template).provisioningRoleArn(ROLE_ARN).templateBody(TEMPLATE));

        assertThatThrownBy(() -> plane.iot().deleteProvisioningTemplateVersion(r -> r.templateName(template).versionId(1)))
                .isInstanceOf(DeleteConflictException.class)
                .satisfies(e -> assertThat(statusOf(e)).isEqualTo(409));
    }

    @Test
    void listProvisioningTemplateVersions_whenTemplateUnknown_throwsResourceNotFound404() {
        assertThatThrownBy(() -> plane.iot().listProvisioningTemplateVersions(r -> r.templateName(unique("none-"))))
                .isInstanceOf(ResourceNotFoundException.class)
                .satisfies(e -> assertThat(statusOf(e)).isEqualTo(404));
    }

    @Test
    void updateProvisioningTemplate_changesDescriptionEnabledDefaultVersionAndHook() {
        String template = unique("tmpl-");
        String hookArn = "arn:aws:lambda:us-east-1:123456789012:function:hook";
        plane.iot().createProvisioningTemplate(r -> r.templateName(template).provisioningRoleArn(ROLE_ARN).templateBody(TEMPLATE)
                .preProvisioningHook(h -> h.targetArn(hookArn)));
        plane.iot().createProvisioningTemplateVersion(r -> r.templateName(template).templateBody(TEMPLATE));

        plane.iot().updateProvisioningTemplate(r -> r.templateName(template).description("second").enabled(true)
                .defaultVersionId(2).provisioningRoleArn("arn:aws:iam::123456789012:role/Other")
                .removePreProvisioningHook(true));
        DescribeProvisioningTemplateResponse described = plane.iot().describeProvisioningTemplate(r -> r.templateName(template));

        assertThat(described.description()).isEqualTo("second");
        assertThat(described.enabled()).isTrue();
        assertThat(described.defaultVersionId()).isEqualTo(2);
        assertThat(described.provisioningRoleArn()).isEqualTo("arn:aws:iam::123456789012:role/Other");
        assertThat(described.preProvisioningHook()).isNull();
    }

    @Test
    void updateProvisioningTemplate_whenHookAndRemoveHookBothGiven_throwsInvalidRequest() {
        String template = unique("tmpl-");
        plane.iot().createProvisioningTemplate(r -> r.templateName(template).provisioningRoleArn(ROLE_ARN).templateBody(TEMPLATE));

        assertThatThrownBy(() -> plane.iot().updateProvisioningTemplate(r -> r.templateName(template)
                .preProvisioningHook(h -> h.targetArn("arn:aws:lambda:us-east-1:123456789012:function:hook"))
                .removePreProvisioningHook(true)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("removePreProvisioningHook")
                .satisfies(e -> assertThat(statusOf(e)).isEqualTo(400));
    }

    @Test
    void updateProvisioningTemplate_whenUnknown_throwsResourceNotFound404() {
        assertThatThrownBy(() -> plane.iot().updateProvisioningTemplate(r -> r.templateName(unique("none-")).enabled(true)))
                .isInstanceOf(ResourceNotFoundException.class)
                .satisfies(e -> assertThat(statusOf(e)).isEqualTo(404));
    }
}
