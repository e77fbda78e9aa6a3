package io.github.fleetprov.testkit.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.core.pki.CertificateAuthority;
import io.github.fleetprov.core.pki.KeyAlgorithm;
import io.github.fleetprov.core.pki.KeyPairs;
import io.github.fleetprov.core.pki.Pem;
import io.github.fleetprov.core.pki.SelfSignedCertificates;
import io.github.fleetprov.core.pki.Subject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.AttributePayload;
import software.amazon.awssdk.services.iot.model.CertificateStatus;
import software.amazon.awssdk.services.iot.model.InvalidRequestException;
import software.amazon.awssdk.services.iot.model.ListCertificatesResponse;
import software.amazon.awssdk.services.iot.model.ListThingsResponse;
import software.amazon.awssdk.services.iot.model.ThingAttribute;

/**
 * Every list operation of the registry through the AWS SDK v2 IotClient: AWS's two pagination
 * styles (maxResults/nextToken and pageSize/marker, followed by the SDK's own paginators) and the
 * filters of the service model.
 */
class RegistryListOperationsTest {

    private static final String ROLE_ARN = "arn:aws:iam::123456789012:role/Provisioning";
    private static final String POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":\"iot:Connect\",\"Resource\":\"*\"}]}";
    private static final String TEMPLATE = "{\"Parameters\":{\"SerialNumber\":{\"Type\":\"String\"}},"
            + "\"Resources\":{\"thing\":{\"Type\":\"AWS::IoT::Thing\",\"Properties\":{\"ThingName\":{\"Ref\":\"SerialNumber\"}}}}}";

    @RegisterExtension
    static final ControlPlaneExtension plane = ControlPlaneExtension.perTest();

    private String registerCertificate(String name) {
        String pem = Pem.certificateToPem(SelfSignedCertificates.create(KeyPairs.generate(), name, Duration.ofDays(1)));
        return plane.iot().registerCertificateWithoutCA(r -> r.certificatePem(pem).status(CertificateStatus.ACTIVE)).certificateArn();
    }

    private static List<String> names(int n, String prefix) {
        return IntStream.range(0, n).mapToObj(i -> prefix + i).collect(Collectors.toList());
    }

    @Test
    void listThings_pagesWithMaxResultsAndNextToken_throughEveryThingOnce() {
        names(5, "thing-").forEach(n -> plane.iot().createThing(r -> r.thingName(n)));

        ListThingsResponse first = plane.iot().listThings(r -> r.maxResults(2));
        List<String> all = plane.iot().listThingsPaginator(r -> r.maxResults(2)).things().stream()
                .map(ThingAttribute::thingName).collect(Collectors.toList());

        assertThat(first.things()).extracting(ThingAttribute::thingName).containsExactly("thing-0", "thing-1");
        assertThat(first.nextToken()).isNotEmpty();
        assertThat(all).containsExactlyElementsOf(names(5, "thing-"));
    }

    @Test
    void listThings_filtersByAttributeValue_prefix_andThingType() {
        plane.iot().createThingType(r -> r.thingTypeName("sensor"));
        plane.iot().createThing(r -> r.thingName("a").thingTypeName("sensor")
                .attributePayload(AttributePayload.builder().attributes(java.util.Map.of("site", "berlin-1")).build()));
        plane.iot().createThing(r -> r.thingName("b")
                .attributePayload(AttributePayload.builder().attributes(java.util.Map.of("site", "berlin-2")).build()));
        plane.iot().createThing(r -> r.thingName("c")
                .attributePayload(AttributePayload.builder().attributes(java.util.Map.of("site", "paris")).build()));

        assertThat(plane.iot().listThings(r -> r.attributeName("site").attributeValue("berlin-2")).things())
                .extracting(ThingAttribute::thingName).containsExactly("b");
        assertThat(plane.iot().listThings(r -> r.attributeName("site").attributeValue("berlin").usePrefixAttributeValue(true))
                .things()).extracting(ThingAttribute::thingName).containsExactly("a", "b");
        ThingAttribute typed = plane.iot().listThings(r -> r.thingTypeName("sensor")).things().get(0);
        assertThat(typed.thingName()).isEqualTo("a");
        assertThat(typed.attributes()).containsEntry("site", "berlin-1");
        assertThat(typed.version()).isEqualTo(1L);
        assertThat(plane.iot().listThings(r -> r.thingTypeName("sensor")).things()).hasSize(1);
    }

    @Test
    void listThings_whenNextTokenForged_isRefusedWithInvalidRequest() {
        assertThatThrownBy(() -> plane.iot().listThings(r -> r.nextToken("bm90LWlzc3VlZA==")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("nextToken");
    }

    @Test
    void listThingTypes_pagesAndFiltersByName() {
        names(3, "type-").forEach(n -> plane.iot().createThingType(r -> r.thingTypeName(n)
                .thingTypeProperties(p -> p.thingTypeDescription("d " + n))));

        List<String> all = new ArrayList<>();
        plane.iot().listThingTypesPaginator(r -> r.maxResults(1)).thingTypes().forEach(t -> all.add(t.thingTypeName()));

        assertThat(all).containsExactly("type-0", "type-1", "type-2");
        assertThat(plane.iot().listThingTypes(r -> r.thingTypeName("type-1")).thingTypes())
                .singleElement().satisfies(t -> {
                    assertThat(t.thingTypeProperties().thingTypeDescription()).isEqualTo("d type-1");
                    assertThat(t.thingTypeMetadata().deprecated()).isFalse();
                });
    }

    @Test
    void listCertificates_pagesWithPageSizeAndMarker_inCreationOrder_eitherWay() throws Exception {
        List<String> arns = new ArrayList<>();
        for (String n : names(3, "cert-")) {
            arns.add(registerCertificate(n));
            Thread.sleep(2); // distinct creation dates
        }

        ListCertificatesResponse first = plane.iot().listCertificates(r -> r.pageSize(2));
        List<String> ascending = plane.iot().listCertificatesPaginator(r -> r.pageSize(2)).certificates().stream()
                .map(c -> c.certificateArn()).collect(Collectors.toList());
        List<String> descending = plane.iot().listCertificatesPaginator(r -> r.pageSize(1).ascendingOrder(false)).certificates()
                .stream().map(c -> c.certificateArn()).collect(Collectors.toList());

        assertThat(first.certificates()).hasSize(2);
        assertThat(first.nextMarker()).isNotEmpty();
        assertThat(ascending).containsExactlyElementsOf(arns);
        assertThat(descending).containsExactly(arns.get(2), arns.get(1), arns.get(0));
        assertThat(first.certificates().get(0).certificateModeAsString()).isEqualTo("SNI_ONLY");
    }

    @Test
    void listCertificatesByCA_listsOnlyTheCertificatesOfThatCa() {
        CertificateAuthority ca = CertificateAuthority.create("list test CA");
        String caId = plane.fixture().registry().registerCaCertificate(ca.certificatePem(), true, false).certificateId();
        String signed = ca.issueWithKey(Subject.ofCommonName("device"), KeyAlgorithm.EC_P256, Duration.ofDays(1))
                .certificatePem();
        String signedArn = plane.iot().registerCertificate(r -> r.certificatePem(signed).caCertificatePem(ca.certificatePem())
                .status(CertificateStatus.ACTIVE)).certificateArn();
        registerCertificate("not-by-the-ca");

        assertThat(plane.iot().listCertificatesByCA(r -> r.caCertificateId(caId)).certificates())
                .extracting(c -> c.certificateArn()).containsExactly(signedArn);
        assertThat(plane.iot().listCertificatesByCA(r -> r.caCertificateId("0".repeat(64))).certificates()).isEmpty();
    }

    @Test
    void listPolicies_andPolicyVersions_page() {
        names(3, "policy-").forEach(n -> plane.iot().createPolicy(r -> r.policyName(n).policyDocument(POLICY)));
        plane.iot().createPolicyVersion(r -> r.policyName("policy-0").policyDocument(POLICY).setAsDefault(true));

        List<String> all = new ArrayList<>();
        plane.iot().listPoliciesPaginator(r -> r.pageSize(2)).policies().forEach(p -> all.add(p.policyName()));

        assertThat(all).containsExactly("policy-0", "policy-1", "policy-2");
        assertThat(plane.iot().listPolicies(r -> r.ascendingOrder(false)).policies().get(0).policyName()).isEqualTo("policy-2");
        assertThat(plane.iot().listPolicyVersions(r -> r.policyName("policy-0")).policyVersions())
                .extracting(v -> v.versionId() + ":" + v.isDefaultVersion()).containsExactly("1:false", "2:true");
    }

    @Test
    void listRoleAliases_pagesWithMarker() {
        names(3, "alias-").forEach(n -> plane.iot().createRoleAlias(r -> r.roleAlias(n).roleArn(ROLE_ARN)));

        List<String> all = new ArrayList<>();
        plane.iot().listRoleAliasesPaginator(r -> r.pageSize(2)).roleAliases().forEach(all::add);

        assertThat(all).containsExactly("alias-0", "alias-1", "alias-2");
    }

    @Test
    void listProvisioningTemplates_andVersions_page() {
        names(3, "tpl-").forEach(n -> plane.iot().createProvisioningTemplate(r -> r.templateName(n).templateBody(TEMPLATE)
                .provisioningRoleArn(ROLE_ARN)));
        plane.iot().createProvisioningTemplateVersion(r -> r.templateName("tpl-0").templateBody(TEMPLATE));
        plane.iot().createProvisioningTemplateVersion(r -> r.templateName("tpl-0").templateBody(TEMPLATE));

        List<String> templates = new ArrayList<>();
        plane.iot().listProvisioningTemplatesPaginator(r -> r.maxResults(2)).templates().forEach(t -> templates.add(t.templateName()));
        List<Integer> versions = new ArrayList<>();
        plane.iot().listProvisioningTemplateVersionsPaginator(r -> r.templateName("tpl-0").maxResults(1)).versions()
                .forEach(v -> versions.add(v.versionId()));

        assertThat(templates).containsExactly("tpl-0", "tpl-1", "tpl-2");
        assertThat(versions).containsExactly(1, 2, 3);
    }

    @Test
    void listThingPrincipals_andPrincipalThings_page() {
        plane.iot().createThing(r -> r.thingName("hub"));
        List<String> certs = new ArrayList<>();
        for (String n : names(3, "principal-")) {
            String arn = registerCertificate(n);
            certs.add(arn);
            plane.iot().attachThingPrincipal(r -> r.thingName("hub").principal(arn));
        }
        names(3, "member-").forEach(n -> {
            plane.iot().createThing(r -> r.thingName(n));
            plane.iot().attachThingPrincipal(r -> r.thingName(n).principal(certs.get(0)));
        });

        List<String> principals = new ArrayList<>();
        plane.iot().listThingPrincipalsPaginator(r -> r.thingName("hub").maxResults(2)).principals().forEach(principals::add);
        List<String> things = new ArrayList<>();
        plane.iot().listPrincipalThingsPaginator(r -> r.principal(certs.get(0)).maxResults(2)).things().forEach(things::add);

        assertThat(principals).containsExactlyInAnyOrderElementsOf(certs).hasSize(3);
        assertThat(things).containsExactly("hub", "member-0", "member-1", "member-2");
        assertThat(plane.iot().listThingPrincipals(r -> r.thingName("hub").maxResults(2)).nextToken()).isNotEmpty();
    }

    @Test
    void listAttachedPolicies_andTargetsForPolicy_pageWithMarker() {
        String cert = registerCertificate("target-cert");
        names(3, "attached-").forEach(n -> {
            plane.iot().createPolicy(r -> r.policyName(n).policyDocument(POLICY));
            plane.iot().attachPolicy(r -> r.policyName(n).target(cert));
        });
        plane.iot().createThingGroup(r -> r.thingGroupName("fleet"));
        String groupArn = plane.iot().describeThingGroup(r -> r.thingGroupName("fleet")).thingGroupArn();
        plane.iot().attachPolicy(r -> r.policyName("attached-0").target(groupArn));

        List<String> attached = new ArrayList<>();
        plane.iot().listAttachedPoliciesPaginator(r -> r.target(cert).pageSize(2)).policies().forEach(p -> attached.add(p.policyName()));
        List<String> targets = new ArrayList<>();
        plane.iot().listTargetsForPolicyPaginator(r -> r.policyName("attached-0").pageSize(1)).targets().forEach(targets::add);

        assertThat(attached).containsExactly("attached-0", "attached-1", "attached-2");
        assertThat(targets).containsExactlyInAnyOrder(cert, groupArn);
    }

    @Test
    void listWithNonNumericMaxResults_answersInvalidRequestTheAwsWay() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(plane.fixture().controlPlane().endpoint() + "/things?maxResults=ten")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).contains("InvalidRequestException");
        assertThat(response.body()).startsWith("{\"message\":").contains("maxResults");
    }

    @Test
    void listWithMaxResultsAbove250_isRefusedNamingTheMember() {
        assertThatThrownBy(() -> plane.iot().listThingTypes(r -> r.maxResults(251)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("maxResults");
    }
}
