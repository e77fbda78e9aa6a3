package io.github.fleetprov.admin;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.verify;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.github.fleetprov.admin.AwsStubs.iamError;
import static io.github.fleetprov.admin.AwsStubs.iamXml;
import static io.github.fleetprov.admin.AwsStubs.iotError;
import static io.github.fleetprov.admin.AwsStubs.json;
import static io.github.fleetprov.admin.AwsStubs.roleXml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.pki.KeyPairs;
import io.github.fleetprov.core.pki.Pem;
import io.github.fleetprov.core.pki.SelfSignedCertificates;
import io.github.fleetprov.core.store.CredentialStore;
import io.github.fleetprov.policy.IotPolicy;
import io.github.fleetprov.template.ProvisioningTemplate;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iot.IotClient;

@WireMockTest
class FleetProvisioningAdminWireMockTest {

    private static final String ACCOUNT = AwsStubs.ACCOUNT;
    private static final String TEMPLATE_ARN = "arn:aws:iot:us-east-1:" + ACCOUNT + ":provisioningtemplate/fleet1";
    private static final String HOOK = "arn:aws:lambda:us-east-1:" + ACCOUNT + ":function:check-serial";

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    private static FleetSpec.Builder spec(String version) {
        return FleetSpec.builder().fleetName("fleet1").accountId(ACCOUNT).clientIdPattern("fleet1-*")
                .template(ProvisioningTemplate.fromJson(FleetProvisioningAdminTestkitTest.templateJson("fleet1", version)));
    }

    private static void stubEndpoints() {
        stubFor(get(urlPathEqualTo("/endpoint")).withQueryParam("endpointType", equalTo("iot:Data-ATS"))
                .willReturn(json("{\"endpointAddress\":\"a1b2c3d4e5f6g7-ats.iot.us-east-1.amazonaws.com\"}")));
        stubFor(get(urlPathEqualTo("/endpoint")).withQueryParam("endpointType", equalTo("iot:CredentialProvider"))
                .willReturn(json("{\"endpointAddress\":\"c2ab3cd4ef5gh6.credentials.iot.us-east-1.amazonaws.com\"}")));
    }

    private static void stubMissingPolicy(String name) {
        stubFor(get(urlPathEqualTo("/policies/" + name))
                .willReturn(iotError(404, "ResourceNotFoundException", "Policy not found")));
        stubFor(post(urlPathEqualTo("/policies/" + name)).willReturn(json("{\"policyName\":\"" + name + "\","
                + "\"policyArn\":\"arn:aws:iot:us-east-1:" + ACCOUNT + ":policy/" + name + "\",\"policyVersionId\":\"1\"}")));
    }

    private static void stubMissingRole(String name) {
        stubFor(post(urlPathEqualTo("/")).withRequestBody(containing("Action=GetRole&"))
                .withRequestBody(containing("RoleName=" + name))
                .willReturn(iamError(404, "NoSuchEntity", "The role with name " + name + " cannot be found.")));
        stubFor(post(urlPathEqualTo("/")).withRequestBody(containing("Action=CreateRole&"))
                .withRequestBody(containing("RoleName=" + name)).willReturn(iamXml("CreateRole", roleXml(name, null))));
    }

    @Test
    void setUp_onFreshAccount_makesEachCallWithAwsShapes(WireMockRuntimeInfo wm, @TempDir Path claimDir) {
        stubMissingRole("fleet1-ProvisioningRole");
        stubMissingRole("fleet1-TokenExchangeRole");
        stubFor(post(urlPathEqualTo("/")).withRequestBody(containing("Action=AttachRolePolicy&"))
                .willReturn(iamXml("AttachRolePolicy", null)));
        stubFor(post(urlPathEqualTo("/")).withRequestBody(containing("Action=PutRolePolicy&"))
                .willReturn(iamXml("PutRolePolicy", null)));
        stubMissingPolicy("fleet1-device");
        stubMissingPolicy("fleet1-RoleAliasPolicy");
        stubMissingPolicy("fleet1-ClaimPolicy");
        stubFor(get(urlPathEqualTo("/role-aliases/fleet1-RoleAlias"))
                .willReturn(iotError(404, "ResourceNotFoundException", "Role alias not found")));
        stubFor(post(urlPathEqualTo("/role-aliases/fleet1-RoleAlias")).willReturn(json("{\"roleAlias\":\"fleet1-RoleAlias\","
                + "\"roleAliasArn\":\"arn:aws:iot:us-east-1:" + ACCOUNT + ":rolealias/fleet1-RoleAlias\"}")));
        stubFor(get(urlPathEqualTo("/provisioning-templates/fleet1"))
                .willReturn(iotError(404, "ResourceNotFoundException", "The template fleet1 does not exist")));
        stubFor(post(urlPathEqualTo("/provisioning-templates")).willReturn(json("{\"templateArn\":\"" + TEMPLATE_ARN
                + "\",\"templateName\":\"fleet1\",\"defaultVersionId\":1}")));
        stubEndpoints();
        KeyPair keys = KeyPairs.generate();
        String certPem = Pem.certificateToPem(SelfSignedCertificates.create(keys, "claim", Duration.ofDays(365)));
        String certId = io.github.fleetprov.core.pki.Certificates.awsCertificateId(Pem.readCertificate(certPem));
        String certArn = "arn:aws:iot:us-east-1:" + ACCOUNT + ":cert/" + certId;
        stubFor(post(urlPathEqualTo("/keys-and-certificate")).withQueryParam("setAsActive", equalTo("true"))
                .willReturn(json("{\"certificateArn\":\"" + certArn + "\",\"certificateId\":\"" + certId + "\","
                        + "\"certificatePem\":" + quote(certPem) + ",\"keyPair\":{\"PrivateKey\":"
                        + quote(Pem.privateKeyToPem(keys.getPrivate())) + ",\"PublicKey\":\"unused\"}}")));
        stubFor(put(urlPathEqualTo("/target-policies/fleet1-ClaimPolicy")).willReturn(json("")));

        FleetSetup setup;
        try (IotClient iot = AwsStubs.iot(wm); IamClient iam = AwsStubs.iam(wm)) {
            setup = FleetProvisioningAdmin.create(iot, iam).setUp(spec("v1")
                    .devicePolicy("fleet1-device", IotPolicy.fromJson("{\"Version\":\"2012-10-17\",\"Statement\":[{"
                            + "\"Effect\":\"Allow\",\"Action\":\"iot:Connect\",\"Resource\":\"*\"}]}"))
                    .tokenExchangeAccess("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                            + "\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}")
                    .preProvisioningHookArn(HOOK).templateDescription("sensors")
                    .claimCertificate(claimDir).build());
        }

        assertThat(setup.template().arn()).isEqualTo(TEMPLATE_ARN);
        assertThat(setup.claim().orElseThrow().certificateId()).isEqualTo(certId);
        assertThat(setup.roleAlias().orElseThrow().credentialsUrl().toString()).isEqualTo("https://c2ab3cd4ef5gh6.credentials.iot.us-east-1.amazonaws.com"
                + "/role-aliases/fleet1-RoleAlias/credentials");
        assertThat(setup.changes()).extracting(c -> c.service() + " " + c.operation()).containsExactly(
                "IAM CreateRole", "IAM AttachRolePolicy", "IoT CreatePolicy", "IAM CreateRole", "IAM PutRolePolicy",
                "IoT CreateRoleAlias", "IoT CreatePolicy", "IoT CreateProvisioningTemplate", "IoT CreatePolicy",
                "IoT CreateKeysAndCertificate", "IoT AttachPolicy");
        assertThat(CredentialStore.open(claimDir).readClaim()).hasValueSatisfying(c -> {
            assertThat(c.certificateId()).isEqualTo(certId);
            assertThat(c.endpoint()).isEqualTo("a1b2c3d4e5f6g7-ats.iot.us-east-1.amazonaws.com");
        });
        verify(postRequestedFor(urlPathEqualTo("/")).withRequestBody(containing("Action=CreateRole&"))
                .withRequestBody(containing("RoleName=fleet1-ProvisioningRole"))
                .withRequestBody(containing(URLEncoder.encode("\"iot.amazonaws.com\"", StandardCharsets.UTF_8))));
        verify(postRequestedFor(urlPathEqualTo("/")).withRequestBody(containing("Action=AttachRolePolicy&"))
                .withRequestBody(containing(URLEncoder.encode(
                        "arn:aws:iam::aws:policy/service-role/AWSIoTThingsRegistration", StandardCharsets.UTF_8))));
        verify(postRequestedFor(urlPathEqualTo("/provisioning-templates"))
                .withRequestBody(matchingJsonPath("$.templateName", equalTo("fleet1")))
                .withRequestBody(matchingJsonPath("$.provisioningRoleArn",
                        equalTo("arn:aws:iam::" + ACCOUNT + ":role/fleet1-ProvisioningRole")))
                .withRequestBody(matchingJsonPath("$.enabled", equalTo("true")))
                .withRequestBody(matchingJsonPath("$.type", equalTo("FLEET_PROVISIONING")))
                .withRequestBody(matchingJsonPath("$.description", equalTo("sensors")))
                .withRequestBody(matchingJsonPath("$.preProvisioningHook.targetArn", equalTo(HOOK)))
                .withRequestBody(matchingJsonPath("$.preProvisioningHook.payloadVersion", equalTo("2020-04-01"))));
        verify(postRequestedFor(urlPathEqualTo("/policies/fleet1-RoleAliasPolicy"))
                .withRequestBody(matchingJsonPath("$.policyDocument", containing("iot:AssumeRoleWithCertificate"))));
        verify(postRequestedFor(urlPathEqualTo("/policies/fleet1-ClaimPolicy"))
                .withRequestBody(matchingJsonPath("$.policyDocument",
                        containing("topic/$aws/provisioning-templates/fleet1/provision/json"))));
        verify(putRequestedFor(urlPathEqualTo("/target-policies/fleet1-ClaimPolicy"))
                .withRequestBody(matchingJsonPath("$.target", equalTo(certArn))));
    }

    @Test
    void setUp_whenTemplateChangedAtVersionLimit_deletesOldestNonDefaultAndRetries(WireMockRuntimeInfo wm) {
        String trust = io.github.fleetprov.policy.iam.IamPolicies.fleetProvisioningRoleTrust()
                .toJson(software.amazon.awssdk.policybuilder.iam.IamPolicyWriter.builder().prettyPrint(true).build());
        stubFor(post(urlPathEqualTo("/")).withRequestBody(containing("Action=GetRole&"))
                .willReturn(iamXml("GetRole", roleXml("fleet1-ProvisioningRole",
                        URLEncoder.encode(trust, StandardCharsets.UTF_8)))));
        stubFor(post(urlPathEqualTo("/")).withRequestBody(containing("Action=ListAttachedRolePolicies&"))
                .willReturn(iamXml("ListAttachedRolePolicies", "<AttachedPolicies><member><PolicyName>"
                        + "AWSIoTThingsRegistration</PolicyName><PolicyArn>arn:aws:iam::aws:policy/service-role/"
                        + "AWSIoTThingsRegistration</PolicyArn></member></AttachedPolicies><IsTruncated>false</IsTruncated>")));
        stubFor(get(urlPathEqualTo("/provisioning-templates/fleet1")).willReturn(json("{\"templateArn\":\""
                + TEMPLATE_ARN + "\",\"templateName\":\"fleet1\",\"creationDate\":1.7637696E9,\"lastModifiedDate\":"
                + "1.7637696E9,\"defaultVersionId\":6,\"templateBody\":" + quote(spec("v1").build().template().toJson())
                + ",\"enabled\":true,\"provisioningRoleArn\":\"arn:aws:iam::" + ACCOUNT
                + ":role/fleet1-ProvisioningRole\",\"type\":\"FLEET_PROVISIONING\"}")));
        String versions = "/provisioning-templates/fleet1/versions";
        stubFor(post(urlPathEqualTo(versions)).inScenario("limit").whenScenarioStateIs(STARTED)
                .willReturn(iotError(409, "VersionsLimitExceededException", "The policy has too many versions"))
                .willSetStateTo("pruned"));
        stubFor(post(urlPathEqualTo(versions)).inScenario("limit").whenScenarioStateIs("pruned")
                .willReturn(json("{\"templateArn\":\"" + TEMPLATE_ARN + "\",\"templateName\":\"fleet1\","
                        + "\"versionId\":7,\"isDefaultVersion\":true}")));
        stubFor(get(urlPathEqualTo(versions)).willReturn(json("{\"versions\":["
                + "{\"versionId\":6,\"creationDate\":1.76377E9,\"isDefaultVersion\":true},"
                + "{\"versionId\":5,\"creationDate\":1.76376E9,\"isDefaultVersion\":false},"
                + "{\"versionId\":3,\"creationDate\":1.76374E9,\"isDefaultVersion\":false},"
                + "{\"versionId\":4,\"creationDate\":1.76375E9,\"isDefaultVersion\":false},"
                + "{\"versionId\":2,\"creationDate\":1.76373E9,\"isDefaultVersion\":false}]}")));
        stubFor(delete(urlPathEqualTo(versions + "/2")).willReturn(json("")));
        stubMissingPolicy("fleet1-ClaimPolicy");
        stubEndpoints();

        FleetSetup setup;
        try (IotClient iot = AwsStubs.iot(wm); IamClient iam = AwsStubs.iam(wm)) {
            setup = FleetProvisioningAdmin.create(iot, iam).setUp(spec("v2").trustedUserClaims().build());
        }

        assertThat(setup.changes()).extracting(PlannedCall::operation)
                .containsExactly("CreateProvisioningTemplateVersion", "CreatePolicy");
        verify(exactly(1), deleteRequestedFor(urlPathEqualTo(versions + "/2")));
        verify(exactly(2), postRequestedFor(urlPathEqualTo(versions)).withQueryParam("setAsDefault", equalTo("true"))
                .withRequestBody(matchingJsonPath("$.templateBody", containing("v2"))));
        verify(exactly(0), postRequestedFor(urlPathEqualTo("/")).withRequestBody(containing("Action=CreateRole&")));
        verify(exactly(0), putRequestedFor(urlPathEqualTo("/provisioning-templates/fleet1")));
    }

    @Test
    void setUp_whenProvisioningRoleCannotBeCreated_throwsWithIamCode(WireMockRuntimeInfo wm) {
        stubFor(post(urlPathEqualTo("/")).withRequestBody(containing("Action=GetRole&"))
                .willReturn(iamError(404, "NoSuchEntity", "The role cannot be found.")));
        stubFor(post(urlPathEqualTo("/")).withRequestBody(containing("Action=CreateRole&"))
                .willReturn(iamError(403, "AccessDenied", "User is not authorized to perform: iam:CreateRole")));

        try (IotClient iot = AwsStubs.iot(wm); IamClient iam = AwsStubs.iam(wm)) {
            FleetProvisioningAdmin admin = FleetProvisioningAdmin.create(iot, iam);

            assertThatThrownBy(() -> admin.setUp(spec("v1").trustedUserClaims().build()))
                    .isInstanceOf(AwsCallException.class)
                    .hasMessageContaining("IAM CreateRole (fleet1-ProvisioningRole) failed with AccessDenied (HTTP 403)");
        }
        verify(exactly(0), postRequestedFor(urlPathEqualTo("/provisioning-templates")));
    }

    @Test
    void spec_withoutClientIdPattern_throwsNamingFieldAndFix() {
        assertThatThrownBy(() -> FleetSpec.builder().fleetName("fleet1").accountId(ACCOUNT)
                .template(spec("v1").build().template()).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("clientIdPattern: is missing")
                .hasMessageContaining("fleet1-*");
    }

    @Test
    void spec_withWildcardClientIdOrBadAccount_throwsNamingField() {
        assertThatThrownBy(() -> spec("v1").clientIdPattern("*").build())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("clientIdPattern");
        assertThatThrownBy(() -> spec("v1").accountId("12345").build())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("accountId: '12345'");
        assertThatThrownBy(() -> spec("v1").credentialDuration(Duration.ofMinutes(5)).build())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("credentialDuration");
    }

    @Test
    void fleetSetupJson_whenMemberHasWrongType_throwsNamingPointer() {
        assertThatThrownBy(() -> FleetSetup.fromJson("{\"fleetName\":1}"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("/fleetName: is not a string");
        assertThatThrownBy(() -> FleetSetup.fromJson("not json"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("json: is not JSON");
    }
}
