package io.github.fleetprov.admin;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
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
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import io.github.fleetprov.core.pki.KeyPairs;
import io.github.fleetprov.core.pki.Pem;
import io.github.fleetprov.core.pki.SelfSignedCertificates;
import io.github.fleetprov.core.store.CredentialStore;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CertificateStatus;

@WireMockTest
class TearDownWireMockTest {

    private static final String A = AwsStubs.ACCOUNT;
    private static final String CERT_ID = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private static final String CERT_ARN = "arn:aws:iot:us-east-1:" + A + ":cert/" + CERT_ID;

    private static FleetSetup setup() {
        return FleetSetup.builder().fleetName("fleet1").partition("aws").region("us-east-1").accountId(A)
                .template(new FleetSetup.Template("fleet1", "arn:aws:iot:us-east-1:" + A + ":provisioningtemplate/fleet1",
                        "fleet1-ProvisioningRole", "arn:aws:iam::" + A + ":role/fleet1-ProvisioningRole"))
                .policies(new FleetSetup.Policies("fleet1-ClaimPolicy",
                        "arn:aws:iot:us-east-1:" + A + ":policy/fleet1-ClaimPolicy", List.of("fleet1-device")))
                .claim(new FleetSetup.Claim(CERT_ID, CERT_ARN, Path.of("target", "no-claim-store-here")))
                .roleAlias(new FleetSetup.RoleAlias("fleet1-RoleAlias",
                        "arn:aws:iot:us-east-1:" + A + ":rolealias/fleet1-RoleAlias", "fleet1-TokenExchangeRole",
                        "arn:aws:iam::" + A + ":role/fleet1-TokenExchangeRole", "fleet1-RoleAliasPolicy",
                        URI.create("https://c2.credentials.iot.us-east-1.amazonaws.com/role-aliases/fleet1-RoleAlias/credentials")))
                .endpoints(new FleetSetup.Endpoints("a1-ats.iot.us-east-1.amazonaws.com",
                        "c2.credentials.iot.us-east-1.amazonaws.com"))
                .build();
    }

    private static String versions(String... idsDefaultFirst) {
        StringBuilder sb = new StringBuilder("{\"policyVersions\":[");
        for (int i = 0; i < idsDefaultFirst.length; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"versionId\":\"").append(idsDefaultFirst[i])
                    .append("\",\"isDefaultVersion\":").append(i == 0).append(",\"createDate\":1.7637696E9}");
        }
        return sb.append("]}").toString();
    }

    @Test
    void tearDown_removesInDependencyOrderAndReportsAttachedPolicyAndMissingOne(WireMockRuntimeInfo wm) {
        stubFor(get(urlPathEqualTo("/certificates/" + CERT_ID)).willReturn(json("{\"certificateDescription\":{"
                + "\"certificateArn\":\"" + CERT_ARN + "\",\"certificateId\":\"" + CERT_ID + "\",\"status\":\"ACTIVE\"}}")));
        stubFor(post(urlPathEqualTo("/attached-policies/" + CERT_ARN.replace(":", "%3A").replace("/", "%2F")))
                .willReturn(json("{\"policies\":[{\"policyName\":\"fleet1-ClaimPolicy\",\"policyArn\":"
                        + "\"arn:aws:iot:us-east-1:" + A + ":policy/fleet1-ClaimPolicy\"}]}")));
        stubFor(post(urlPathEqualTo("/target-policies/fleet1-ClaimPolicy")).willReturn(json("")));
        stubFor(put(urlPathEqualTo("/certificates/" + CERT_ID)).willReturn(json("")));
        stubFor(delete(urlPathEqualTo("/certificates/" + CERT_ID)).willReturn(json("")));
        stubFor(delete(urlPathEqualTo("/provisioning-templates/fleet1")).willReturn(json("")));
        stubFor(get(urlPathEqualTo("/policies/fleet1-ClaimPolicy/version")).willReturn(json(versions("1"))));
        stubFor(delete(urlPathEqualTo("/policies/fleet1-ClaimPolicy")).willReturn(json("")));
        stubFor(get(urlPathEqualTo("/policies/fleet1-RoleAliasPolicy/version")).willReturn(json(versions("2", "1"))));
        stubFor(delete(urlPathEqualTo("/policies/fleet1-RoleAliasPolicy/version/1")).willReturn(json("")));
        stubFor(delete(urlPathEqualTo("/policies/fleet1-RoleAliasPolicy")).willReturn(
                iotError(409, "DeleteConflictException", "The policy cannot be deleted as the policy is attached to one or more principals")));
        stubFor(post(urlPathEqualTo("/policy-targets/fleet1-RoleAliasPolicy")).willReturn(json(
                "{\"targets\":[\"arn:aws:iot:us-east-1:" + A + ":cert/abc\",\"arn:aws:iot:us-east-1:" + A + ":cert/def\"]}")));
        stubFor(get(urlPathEqualTo("/policies/fleet1-device/version"))
                .willReturn(iotError(404, "ResourceNotFoundException", "Policy not found")));
        stubFor(delete(urlPathEqualTo("/role-aliases/fleet1-RoleAlias")).willReturn(json("")));
        stubFor(post(urlPathEqualTo("/")).withRequestBody(containing("Action=ListAttachedRolePolicies&"))
                .withRequestBody(containing("RoleName=fleet1-TokenExchangeRole"))
                .willReturn(iamXml("ListAttachedRolePolicies", "<AttachedPolicies/><IsTruncated>false</IsTruncated>")));
        stubFor(post(urlPathEqualTo("/")).withRequestBody(containing("Action=ListAttachedRolePolicies&"))
                .withRequestBody(containing("RoleName=fleet1-ProvisioningRole"))
                .willReturn(iamXml("ListAttachedRolePolicies", "<AttachedPolicies><member><PolicyName>"
                        + "AWSIoTThingsRegistration</PolicyName><PolicyArn>arn:aws:iam::aws:policy/service-role/"
                        + "AWSIoTThingsRegistration</PolicyArn></member></AttachedPolicies><IsTruncated>false</IsTruncated>")));
        stubFor(post(urlPathEqualTo("/")).withRequestBody(containing("Action=DetachRolePolicy&"))
                .willReturn(iamXml("DetachRolePolicy", null)));
        stubFor(post(urlPathEqualTo("/")).withRequestBody(containing("Action=DeleteRolePolicy&"))
                .withRequestBody(containing("PolicyName=fleet1-TokenExchangeRoleAccess"))
                .willReturn(iamXml("DeleteRolePolicy", null)));
        stubFor(post(urlPathEqualTo("/")).withRequestBody(containing("Action=DeleteRolePolicy&"))
                .withRequestBody(containing("PolicyName=fleet1-ProvisioningRoleAccess"))
                .willReturn(iamError(404, "NoSuchEntity", "The role policy cannot be found.")));
        stubFor(post(urlPathEqualTo("/")).withRequestBody(containing("Action=DeleteRole&"))
                .willReturn(iamXml("DeleteRole", null)));

        TearDownReport report;
        try (IotClient iot = AwsStubs.iot(wm); IamClient iam = AwsStubs.iam(wm)) {
            report = FleetProvisioningAdmin.create(iot, iam).tearDown(setup());
        }

        assertThat(report.removed()).containsExactly("IoT claim certificate " + CERT_ID, "IoT provisioning template fleet1",
                "IoT policy fleet1-ClaimPolicy", "IoT role alias fleet1-RoleAlias", "IAM role fleet1-TokenExchangeRole",
                "IAM role fleet1-ProvisioningRole");
        assertThat(report.alreadyGone()).containsExactly("IoT policy fleet1-device");
        assertThat(report.notRemoved()).singleElement().satisfies(n -> {
            assertThat(n.resource()).isEqualTo("IoT policy fleet1-RoleAliasPolicy");
            assertThat(n.reason()).isEqualTo("DeleteConflictException: still attached to 2 target(s), e.g. arn:aws:iot:"
                    + "us-east-1:" + A + ":cert/abc");
            assertThat(n.fix()).contains("Detach");
        });
        assertThat(report.isComplete()).isFalse();
        verify(postRequestedFor(urlPathEqualTo("/target-policies/fleet1-ClaimPolicy"))
                .withRequestBody(equalToJson("{\"target\":\"" + CERT_ARN + "\"}")));
        verify(putRequestedFor(urlPathEqualTo("/certificates/" + CERT_ID)).withQueryParam("newStatus", equalTo("INACTIVE")));
        verify(deleteRequestedFor(urlPathEqualTo("/policies/fleet1-RoleAliasPolicy/version/1")));
        verify(postRequestedFor(urlPathEqualTo("/")).withRequestBody(containing("Action=DetachRolePolicy&"))
                .withRequestBody(containing("RoleName=fleet1-ProvisioningRole")));
    }

    @Test
    void createProvisioningClaim_writesTheClaimToTheStoreAndReturnsOnlyPublicFacts(WireMockRuntimeInfo wm,
            @TempDir Path app) {
        KeyPair keys = KeyPairs.generate();
        String pem = Pem.certificateToPem(SelfSignedCertificates.create(keys, "claim", Duration.ofMinutes(5)));
        stubFor(post(urlPathEqualTo("/provisioning-templates/fleet1/provisioning-claim")).willReturn(json(
                "{\"certificateId\":\"" + CERT_ID + "\",\"certificatePem\":\"" + pem.replace("\n", "\\n")
                        + "\",\"keyPair\":{\"PrivateKey\":\"" + Pem.privateKeyToPem(keys.getPrivate()).replace("\n", "\\n")
                        + "\",\"PublicKey\":\"x\"},\"expiration\":1.7637699E9}")));

        ProvisioningClaim claim;
        try (IotClient iot = AwsStubs.iot(wm); IamClient iam = AwsStubs.iam(wm)) {
            claim = FleetProvisioningAdmin.create(iot, iam).createProvisioningClaim(setup(), app);
        }

        assertThat(claim.expiration()).isEqualTo(Instant.ofEpochSecond(1763769900L));
        assertThat(claim.toString()).doesNotContain("PRIVATE KEY");
        assertThat(CredentialStore.open(app).readClaim()).hasValueSatisfying(c -> {
            assertThat(c.templateName()).contains("fleet1");
            assertThat(c.privateKey()).isEqualTo(keys.getPrivate());
        });
    }

    @Test
    void registryCalls_describeThingPrincipalsRegisterWithCaRevokeAndDelete(WireMockRuntimeInfo wm) {
        stubFor(get(urlPathEqualTo("/things/dev-1")).willReturn(json("{\"defaultClientId\":\"dev-1\",\"thingName\":"
                + "\"dev-1\",\"thingId\":\"t-1\",\"thingArn\":\"arn:aws:iot:us-east-1:" + A + ":thing/dev-1\","
                + "\"thingTypeName\":\"sensor\",\"attributes\":{\"serial\":\"7\"},\"version\":3}")));
        stubFor(get(urlPathEqualTo("/things/dev-1/principals")).willReturn(json("{\"principals\":[\"" + CERT_ARN + "\"]}")));
        stubFor(delete(urlPathEqualTo("/things/dev-1/principals")).willReturn(json("")));
        stubFor(put(urlPathEqualTo("/things/dev-1/principals")).willReturn(json("")));
        stubFor(delete(urlPathEqualTo("/things/dev-1")).willReturn(json("")));
        stubFor(post(urlPathEqualTo("/certificate/register")).willReturn(json(
                "{\"certificateArn\":\"" + CERT_ARN + "\",\"certificateId\":\"" + CERT_ID + "\"}")));
        stubFor(put(urlPathEqualTo("/certificates/" + CERT_ID)).willReturn(json("")));

        try (IotClient iot = AwsStubs.iot(wm)) {
            DeviceRegistryAdmin registry = DeviceRegistryAdmin.create(iot);
            assertThat(registry.describeThing("dev-1")).hasValueSatisfying(t -> {
                assertThat(t.thingTypeName()).isEqualTo("sensor");
                assertThat(t.attributes()).containsEntry("serial", "7");
            });
            registry.attachPrincipal("dev-1", CERT_ARN);
            IotCertificate cert = registry.registerCertificate("DEVICE-PEM", "CA-PEM", CertificateStatus.ACTIVE);
            registry.revoke(cert.id());
            assertThat(registry.deleteThing("dev-1")).isTrue();
        }
        verify(putRequestedFor(urlPathEqualTo("/things/dev-1/principals")).withHeader("x-amzn-principal", equalTo(CERT_ARN)));
        verify(postRequestedFor(urlPathEqualTo("/certificate/register"))
                .withRequestBody(equalToJson("{\"certificatePem\":\"DEVICE-PEM\",\"caCertificatePem\":\"CA-PEM\","
                        + "\"status\":\"ACTIVE\"}")));
        verify(putRequestedFor(urlPathEqualTo("/certificates/" + CERT_ID)).withQueryParam("newStatus", equalTo("REVOKED")));
        verify(deleteRequestedFor(urlPathEqualTo("/things/dev-1/principals")).withHeader("x-amzn-principal", equalTo(CERT_ARN)));
        verify(deleteRequestedFor(urlPathEqualTo("/things/dev-1")));
    }
}
