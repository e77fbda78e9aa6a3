package io.github.fleetprov.admin;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.verify;
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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iot.IotClient;

@WireMockTest
class RoleAliasAdminWireMockTest {

    private static final String ROLE_ARN = "arn:aws:iam::123456789012:role/FleetTokenExchangeRole";
    private static final String ALIAS_ARN = "arn:aws:iot:us-east-1:123456789012:rolealias/FleetTokenExchangeRoleAlias";
    private static final String ACCESS = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}";

    @Test
    void ensureTokenExchangeRole_whenMissing_createsRoleTrustedByCredentialsProviderWithInlinePolicy(
            WireMockRuntimeInfo wm) {
        stubFor(post(urlPathEqualTo("/")).withRequestBody(containing("Action=GetRole&"))
                .willReturn(iamError(404, "NoSuchEntity", "The role with name FleetTokenExchangeRole cannot be found.")));
        stubFor(post(urlPathEqualTo("/")).withRequestBody(containing("Action=CreateRole&"))
                .willReturn(iamXml("CreateRole", roleXml("FleetTokenExchangeRole", null))));
        stubFor(post(urlPathEqualTo("/")).withRequestBody(containing("Action=PutRolePolicy&"))
                .willReturn(iamXml("PutRolePolicy", null)));

        try (IotClient iot = AwsStubs.iot(wm); IamClient iam = AwsStubs.iam(wm)) {
            EnsuredResource role = RoleAliasAdmin.create(iot, iam).ensureTokenExchangeRole("FleetTokenExchangeRole", ACCESS);

            assertThat(role.arn()).isEqualTo(ROLE_ARN);
            assertThat(role.outcome()).isEqualTo(Outcome.CREATED);
        }
        verify(postRequestedFor(urlPathEqualTo("/")).withRequestBody(containing("Action=CreateRole&"))
                .withRequestBody(containing("credentials.iot.amazonaws.com")));
        verify(postRequestedFor(urlPathEqualTo("/")).withRequestBody(containing("Action=PutRolePolicy&"))
                .withRequestBody(containing("PolicyName=FleetTokenExchangeRoleAccess")));
    }

    @Test
    void ensureTokenExchangeRole_whenPresentAsIamReturnsItUrlEncoded_changesNothing(WireMockRuntimeInfo wm) {
        String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
                + "{\"Service\":\"credentials.iot.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
        stubFor(post(urlPathEqualTo("/")).withRequestBody(containing("Action=GetRole&"))
                .willReturn(iamXml("GetRole", roleXml("FleetTokenExchangeRole",
                        URLEncoder.encode(trust, StandardCharsets.UTF_8).replace("+", "%20")))));
        stubFor(post(urlPathEqualTo("/")).withRequestBody(containing("Action=ListAttachedRolePolicies&"))
                .willReturn(iamXml("ListAttachedRolePolicies", "<AttachedPolicies/><IsTruncated>false</IsTruncated>")));
        stubFor(post(urlPathEqualTo("/")).withRequestBody(containing("Action=GetRolePolicy&"))
                .willReturn(iamXml("GetRolePolicy", "<RoleName>FleetTokenExchangeRole</RoleName><PolicyName>"
                        + "FleetTokenExchangeRoleAccess</PolicyName><PolicyDocument>"
                        + URLEncoder.encode(ACCESS, StandardCharsets.UTF_8) + "</PolicyDocument>")));

        try (IotClient iot = AwsStubs.iot(wm); IamClient iam = AwsStubs.iam(wm)) {
            EnsuredResource role = RoleAliasAdmin.create(iot, iam).ensureTokenExchangeRole("FleetTokenExchangeRole", ACCESS);

            assertThat(role.outcome()).isEqualTo(Outcome.UNCHANGED);
        }
        verify(exactly(0), postRequestedFor(urlPathEqualTo("/")).withRequestBody(containing("Action=PutRolePolicy&")));
        verify(exactly(0), postRequestedFor(urlPathEqualTo("/")).withRequestBody(containing("Action=CreateRole&")));
    }

    @Test
    void ensureRoleAlias_whenMissing_createsWithDuration(WireMockRuntimeInfo wm) {
        stubFor(get(urlPathEqualTo("/role-aliases/FleetTokenExchangeRoleAlias"))
                .willReturn(iotError(404, "ResourceNotFoundException", "Role alias not found")));
        stubFor(post(urlPathEqualTo("/role-aliases/FleetTokenExchangeRoleAlias"))
                .withRequestBody(equalToJson("{\"roleArn\":\"" + ROLE_ARN + "\",\"credentialDurationSeconds\":3600}"))
                .willReturn(json("{\"roleAlias\":\"FleetTokenExchangeRoleAlias\",\"roleAliasArn\":\"" + ALIAS_ARN + "\"}")));

        try (IotClient iot = AwsStubs.iot(wm); IamClient iam = AwsStubs.iam(wm)) {
            EnsuredResource alias = RoleAliasAdmin.create(iot, iam)
                    .ensureRoleAlias("FleetTokenExchangeRoleAlias", ROLE_ARN, Duration.ofHours(1));

            assertThat(alias.arn()).isEqualTo(ALIAS_ARN);
            assertThat(alias.outcome()).isEqualTo(Outcome.CREATED);
        }
    }

    @Test
    void ensureRoleAlias_whenRoleChanged_updatesIt(WireMockRuntimeInfo wm) {
        stubFor(get(urlPathEqualTo("/role-aliases/FleetTokenExchangeRoleAlias")).willReturn(json(
                "{\"roleAliasDescription\":{\"roleAlias\":\"FleetTokenExchangeRoleAlias\",\"roleAliasArn\":\"" + ALIAS_ARN
                        + "\",\"roleArn\":\"arn:aws:iam::123456789012:role/OldRole\",\"owner\":\"123456789012\","
                        + "\"credentialDurationSeconds\":3600,\"creationDate\":1.7637696E9,\"lastModifiedDate\":1.7637696E9}}")));
        stubFor(put(urlPathEqualTo("/role-aliases/FleetTokenExchangeRoleAlias")).willReturn(json(
                "{\"roleAlias\":\"FleetTokenExchangeRoleAlias\",\"roleAliasArn\":\"" + ALIAS_ARN + "\"}")));

        try (IotClient iot = AwsStubs.iot(wm); IamClient iam = AwsStubs.iam(wm)) {
            EnsuredResource alias = RoleAliasAdmin.create(iot, iam)
                    .ensureRoleAlias("FleetTokenExchangeRoleAlias", ROLE_ARN, Duration.ofHours(1));

            assertThat(alias.outcome()).isEqualTo(Outcome.UPDATED);
        }
        verify(putRequestedFor(urlPathEqualTo("/role-aliases/FleetTokenExchangeRoleAlias"))
                .withRequestBody(equalToJson("{\"roleArn\":\"" + ROLE_ARN + "\",\"credentialDurationSeconds\":3600}")));
    }

    @Test
    void ensureRoleAlias_whenDurationOutOfRange_throwsNamingField(WireMockRuntimeInfo wm) {
        try (IotClient iot = AwsStubs.iot(wm); IamClient iam = AwsStubs.iam(wm)) {
            RoleAliasAdmin admin = RoleAliasAdmin.create(iot, iam);

            assertThatThrownBy(() -> admin.ensureRoleAlias("a", ROLE_ARN, Duration.ofHours(13)))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("credentialDuration: must be 15 minutes to 12 hours");
        }
    }

    @Test
    void ensureAliasPolicy_allowsAssumeRoleWithCertificateOnTheAliasOnly(WireMockRuntimeInfo wm) {
        stubFor(get(urlPathEqualTo("/policies/AliasPolicy"))
                .willReturn(iotError(404, "ResourceNotFoundException", "Policy not found")));
        stubFor(post(urlPathEqualTo("/policies/AliasPolicy")).willReturn(json("{\"policyName\":\"AliasPolicy\","
                + "\"policyArn\":\"arn:aws:iot:us-east-1:123456789012:policy/AliasPolicy\",\"policyVersionId\":\"1\"}")));

        try (IotClient iot = AwsStubs.iot(wm); IamClient iam = AwsStubs.iam(wm)) {
            RoleAliasAdmin.create(iot, iam).ensureAliasPolicy("AliasPolicy", ALIAS_ARN);
        }
        verify(postRequestedFor(urlPathEqualTo("/policies/AliasPolicy")).withRequestBody(equalToJson(
                "{\"policyDocument\":\"{\\\"Version\\\":\\\"2012-10-17\\\",\\\"Statement\\\":[{\\\"Effect\\\":\\\"Allow\\\","
                        + "\\\"Action\\\":\\\"iot:AssumeRoleWithCertificate\\\",\\\"Resource\\\":\\\"" + ALIAS_ARN
                        + "\\\"}]}\"}")));
    }

    @Test
    void credentialsUrl_isBuiltFromTheCredentialProviderEndpoint(WireMockRuntimeInfo wm) {
        stubFor(get(urlPathEqualTo("/endpoint")).withQueryParam("endpointType", equalTo("iot:CredentialProvider"))
                .willReturn(json("{\"endpointAddress\":\"c2ab3cd4ef5gh6.credentials.iot.us-east-1.amazonaws.com\"}")));
        stubFor(get(urlPathEqualTo("/endpoint")).withQueryParam("endpointType", equalTo("iot:Data-ATS"))
                .willReturn(json("{\"endpointAddress\":\"a1b2c3d4e5f6g7-ats.iot.us-east-1.amazonaws.com\"}")));

        try (IotClient iot = AwsStubs.iot(wm); IamClient iam = AwsStubs.iam(wm)) {
            RoleAliasAdmin admin = RoleAliasAdmin.create(iot, iam);

            assertThat(admin.credentialsUrl("FleetTokenExchangeRoleAlias")).hasToString(
                    "https://c2ab3cd4ef5gh6.credentials.iot.us-east-1.amazonaws.com/role-aliases/"
                            + "FleetTokenExchangeRoleAlias/credentials");
            assertThat(admin.dataEndpoint()).isEqualTo("a1b2c3d4e5f6g7-ats.iot.us-east-1.amazonaws.com");
        }
    }

    @Test
    void deleteRole_detachesManagedAndTriesTheKnownInlinePolicyFirst(WireMockRuntimeInfo wm) {
        stubFor(post(urlPathEqualTo("/")).withRequestBody(containing("Action=ListAttachedRolePolicies&"))
                .willReturn(iamXml("ListAttachedRolePolicies", "<AttachedPolicies><member><PolicyName>"
                        + "AWSIoTThingsRegistration</PolicyName><PolicyArn>arn:aws:iam::aws:policy/service-role/"
                        + "AWSIoTThingsRegistration</PolicyArn></member></AttachedPolicies><IsTruncated>false</IsTruncated>")));
        stubFor(post(urlPathEqualTo("/")).withRequestBody(containing("Action=DetachRolePolicy&"))
                .willReturn(iamXml("DetachRolePolicy", null)));
        stubFor(post(urlPathEqualTo("/")).withRequestBody(containing("Action=DeleteRolePolicy&"))
                .willReturn(iamError(404, "NoSuchEntity", "The role policy with name ProvisioningRoleAccess cannot be found.")));
        stubFor(post(urlPathEqualTo("/")).withRequestBody(containing("Action=DeleteRole&"))
                .willReturn(iamXml("DeleteRole", null)));

        try (IotClient iot = AwsStubs.iot(wm); IamClient iam = AwsStubs.iam(wm)) {
            assertThat(RoleAliasAdmin.create(iot, iam).deleteRole("ProvisioningRole")).isTrue();
        }
        verify(postRequestedFor(urlPathEqualTo("/")).withRequestBody(containing("Action=DetachRolePolicy&"))
                .withRequestBody(containing("AWSIoTThingsRegistration")));
        verify(postRequestedFor(urlPathEqualTo("/")).withRequestBody(containing("Action=DeleteRolePolicy&"))
                .withRequestBody(containing("PolicyName=ProvisioningRoleAccess")));
        verify(postRequestedFor(urlPathEqualTo("/")).withRequestBody(containing("Action=DeleteRole&")));
        verify(exactly(0), postRequestedFor(urlPathEqualTo("/")).withRequestBody(containing("Action=ListRolePolicies&")));
    }
}
