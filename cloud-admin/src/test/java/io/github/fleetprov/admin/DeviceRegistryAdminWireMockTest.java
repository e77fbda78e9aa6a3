package io.github.fleetprov.admin;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.verify;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.github.fleetprov.admin.AwsStubs.iotError;
import static io.github.fleetprov.admin.AwsStubs.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import io.github.fleetprov.core.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CertificateStatus;

@WireMockTest
class DeviceRegistryAdminWireMockTest {

    private static final String CERT_ID = "4f3c1e8a9b2d7c6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e";
    private static final String CERT_ARN = "arn:aws:iot:us-east-1:123456789012:cert/" + CERT_ID;
    private static final String CERT_PEM = "-----BEGIN CERTIFICATE-----\\nMIIBszCCAVmgAwIBAgIUQ==\\n-----END CERTIFICATE-----\\n";
    private static final String KEY_PEM = "-----BEGIN RSA PRIVATE KEY-----\\nMIIEowIBAAKCAQEAsecret\\n-----END RSA PRIVATE KEY-----\\n";
    private static final String POLICY_V1 = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":\"iot:Connect\",\"Resource\":\"*\"}]}";
    private static final String POLICY_V2 = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":\"iot:Publish\",\"Resource\":\"*\"}]}";

    private static String getPolicyAnswer(String document, String defaultVersion) {
        return "{\"policyName\":\"DevicePolicy\",\"policyArn\":\"arn:aws:iot:us-east-1:123456789012:policy/DevicePolicy\","
                + "\"policyDocument\":" + quote(document) + ",\"defaultVersionId\":\"" + defaultVersion + "\","
                + "\"creationDate\":1.7637696E9,\"lastModifiedDate\":1.7637696E9,\"generationId\":\"0a1b2c\"}";
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    @Test
    void ensurePolicy_whenMissing_createsIt(WireMockRuntimeInfo wm) {
        stubFor(get(urlPathEqualTo("/policies/DevicePolicy"))
                .willReturn(iotError(404, "ResourceNotFoundException", "Policy not found")));
        stubFor(post(urlPathEqualTo("/policies/DevicePolicy")).withRequestBody(matchingJsonPath("$.policyDocument"))
                .willReturn(json("{\"policyName\":\"DevicePolicy\",\"policyArn\":\"arn:aws:iot:us-east-1:123456789012:"
                        + "policy/DevicePolicy\",\"policyDocument\":" + quote(POLICY_V1) + ",\"policyVersionId\":\"1\"}")));

        try (IotClient iot = AwsStubs.iot(wm)) {
            EnsuredPolicy p = DeviceRegistryAdmin.create(iot).ensurePolicy("DevicePolicy", POLICY_V1);

            assertThat(p.outcome()).isEqualTo(Outcome.CREATED);
            assertThat(p.defaultVersionId()).isEqualTo("1");
        }
    }

    @Test
    void ensurePolicy_whenSameDocumentWithOtherWhitespace_changesNothing(WireMockRuntimeInfo wm) {
        stubFor(get(urlPathEqualTo("/policies/DevicePolicy"))
                .willReturn(json(getPolicyAnswer(POLICY_V1.replace(",", ",\n  "), "3"))));

        try (IotClient iot = AwsStubs.iot(wm)) {
            EnsuredPolicy p = DeviceRegistryAdmin.create(iot).ensurePolicy("DevicePolicy", POLICY_V1);

            assertThat(p.outcome()).isEqualTo(Outcome.UNCHANGED);
            assertThat(p.defaultVersionId()).isEqualTo("3");
        }
        verify(exactly(0), postRequestedFor(urlPathEqualTo("/policies/DevicePolicy/version")));
    }

    @Test
    void ensurePolicy_whenChangedAndFiveVersionsExist_deletesOldestNonDefaultThenAddsDefaultVersion(
            WireMockRuntimeInfo wm) {
        stubFor(get(urlPathEqualTo("/policies/DevicePolicy")).willReturn(json(getPolicyAnswer(POLICY_V1, "5"))));
        stubFor(get(urlPathEqualTo("/policies/DevicePolicy/version")).willReturn(json("{\"policyVersions\":["
                + "{\"versionId\":\"5\",\"isDefaultVersion\":true,\"createDate\":1.7637700E9},"
                + "{\"versionId\":\"4\",\"isDefaultVersion\":false,\"createDate\":1.7637690E9},"
                + "{\"versionId\":\"3\",\"isDefaultVersion\":false,\"createDate\":1.7637680E9},"
                + "{\"versionId\":\"2\",\"isDefaultVersion\":false,\"createDate\":1.7637670E9},"
                + "{\"versionId\":\"1\",\"isDefaultVersion\":false,\"createDate\":1.7637660E9}]}")));
        stubFor(delete(urlPathEqualTo("/policies/DevicePolicy/version/1")).willReturn(json("")));
        stubFor(post(urlPathEqualTo("/policies/DevicePolicy/version")).withQueryParam("setAsDefault", equalTo("true"))
                .willReturn(json("{\"policyArn\":\"arn:aws:iot:us-east-1:123456789012:policy/DevicePolicy\","
                        + "\"policyDocument\":" + quote(POLICY_V2) + ",\"policyVersionId\":\"6\",\"isDefaultVersion\":true}")));

        try (IotClient iot = AwsStubs.iot(wm)) {
            EnsuredPolicy p = DeviceRegistryAdmin.create(iot).ensurePolicy("DevicePolicy", POLICY_V2);

            assertThat(p.outcome()).isEqualTo(Outcome.UPDATED);
            assertThat(p.defaultVersionId()).isEqualTo("6");
        }
        verify(exactly(1), deleteRequestedFor(urlPathEqualTo("/policies/DevicePolicy/version/1")));
        verify(exactly(0), deleteRequestedFor(urlPathEqualTo("/policies/DevicePolicy/version/2")));
        verify(postRequestedFor(urlPathEqualTo("/policies/DevicePolicy/version"))
                .withRequestBody(matchingJsonPath("$.policyDocument", containing("iot:Publish"))));
    }

    @Test
    void createKeysAndCertificate_toFiles_writesKeyOwnerOnlyAndNeverShowsItInToString(WireMockRuntimeInfo wm,
            @TempDir Path dir) throws Exception {
        stubFor(post(urlPathEqualTo("/keys-and-certificate")).withQueryParam("setAsActive", equalTo("true"))
                .willReturn(json("{\"certificateArn\":\"" + CERT_ARN + "\",\"certificateId\":\"" + CERT_ID + "\","
                        + "\"certificatePem\":\"" + CERT_PEM + "\",\"keyPair\":{\"PrivateKey\":\"" + KEY_PEM
                        + "\",\"PublicKey\":\"-----BEGIN PUBLIC KEY-----\\nMIIB\\n-----END PUBLIC KEY-----\\n\"}}")));

        try (IotClient iot = AwsStubs.iot(wm)) {
            DeviceRegistryAdmin registry = DeviceRegistryAdmin.create(iot);
            IotCertificate cert = registry.createKeysAndCertificate(dir.resolve("device.pem.crt"),
                    dir.resolve("private.pem.key"), true);

            assertThat(cert.id()).isEqualTo(CERT_ID);
            assertThat(cert.status()).isEqualTo(CertificateStatus.ACTIVE);
            assertThat(Files.readString(dir.resolve("private.pem.key"))).contains("BEGIN RSA PRIVATE KEY");
            assertThat(Files.readString(dir.resolve("device.pem.crt"))).contains("BEGIN CERTIFICATE");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("private.pem.key"))))
                    .isEqualTo("rw-------");
            assertThat(registry.createKeysAndCertificate(true).toString()).doesNotContain("secret", "PRIVATE KEY");
        }
    }

    @Test
    void createKeysAndCertificate_toFiles_whenKeyFileExists_refusesBeforeCallingAws(WireMockRuntimeInfo wm,
            @TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("private.pem.key"), "old");

        try (IotClient iot = AwsStubs.iot(wm)) {
            DeviceRegistryAdmin registry = DeviceRegistryAdmin.create(iot);

            assertThatThrownBy(() -> registry.createKeysAndCertificate(dir.resolve("device.pem.crt"),
                    dir.resolve("private.pem.key"), true))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("private.pem.key: the file exists already");
        }
        verify(exactly(0), postRequestedFor(urlPathEqualTo("/keys-and-certificate")));
    }

    @Test
    void registerCertificateWithoutCa_sendsPemAndStatus(WireMockRuntimeInfo wm) {
        stubFor(post(urlPathEqualTo("/certificate/register-no-ca"))
                .withRequestBody(equalToJson("{\"certificatePem\":\"" + CERT_PEM + "\",\"status\":\"ACTIVE\"}"))
                .willReturn(json("{\"certificateArn\":\"" + CERT_ARN + "\",\"certificateId\":\"" + CERT_ID + "\"}")));

        try (IotClient iot = AwsStubs.iot(wm)) {
            IotCertificate cert = DeviceRegistryAdmin.create(iot)
                    .registerCertificateWithoutCa(CERT_PEM.replace("\\n", "\n"), CertificateStatus.ACTIVE);

            assertThat(cert.arn()).isEqualTo(CERT_ARN);
        }
    }

    @Test
    void registerCertificateWithoutCa_whenAlreadyRegistered_throwsWithServiceCode(WireMockRuntimeInfo wm) {
        stubFor(post(urlPathEqualTo("/certificate/register-no-ca"))
                .willReturn(iotError(409, "ResourceAlreadyExistsException", "The certificate is already provisioned or registered")));

        try (IotClient iot = AwsStubs.iot(wm)) {
            DeviceRegistryAdmin registry = DeviceRegistryAdmin.create(iot);

            assertThatThrownBy(() -> registry.registerCertificateWithoutCa("pem", CertificateStatus.ACTIVE))
                    .isInstanceOf(AwsCallException.class)
                    .hasMessageContaining("RegisterCertificateWithoutCA")
                    .hasMessageContaining("ResourceAlreadyExistsException (HTTP 409)");
        }
    }

    @Test
    void deleteCertificate_whenStillAttachedToThings_detachesThemAndDeletesAgain(WireMockRuntimeInfo wm) {
        stubFor(get(urlPathEqualTo("/certificates/" + CERT_ID)).willReturn(json("{\"certificateDescription\":{"
                + "\"certificateArn\":\"" + CERT_ARN + "\",\"certificateId\":\"" + CERT_ID + "\",\"status\":\"ACTIVE\","
                + "\"certificatePem\":\"" + CERT_PEM + "\",\"ownedBy\":\"123456789012\",\"creationDate\":1.7637696E9,"
                + "\"certificateMode\":\"DEFAULT\"}}")));
        stubFor(post(urlPathEqualTo("/attached-policies/" + CERT_ARN.replace(":", "%3A").replace("/", "%2F")))
                .willReturn(json("{\"policies\":[{\"policyName\":\"DevicePolicy\",\"policyArn\":"
                        + "\"arn:aws:iot:us-east-1:123456789012:policy/DevicePolicy\"}]}")));
        stubFor(post(urlPathEqualTo("/target-policies/DevicePolicy")).willReturn(json("")));
        stubFor(get(urlPathEqualTo("/principals/things")).withHeader("x-amzn-principal", equalTo(CERT_ARN))
                .willReturn(json("{\"things\":[\"dev-1\"]}")));
        stubFor(delete(urlPathEqualTo("/things/dev-1/principals")).withHeader("x-amzn-principal", equalTo(CERT_ARN))
                .willReturn(json("")));
        stubFor(put(urlPathEqualTo("/certificates/" + CERT_ID)).withQueryParam("newStatus", equalTo("INACTIVE"))
                .willReturn(json("")));
        stubFor(delete(urlPathEqualTo("/certificates/" + CERT_ID)).inScenario("attached").whenScenarioStateIs(STARTED)
                .willReturn(iotError(409, "DeleteConflictException", "Certificate is attached to things"))
                .willSetStateTo("detached"));
        stubFor(delete(urlPathEqualTo("/certificates/" + CERT_ID)).inScenario("attached").whenScenarioStateIs("detached")
                .willReturn(json("")));

        try (IotClient iot = AwsStubs.iot(wm)) {
            assertThat(DeviceRegistryAdmin.create(iot).deleteCertificate(CERT_ID)).isTrue();
        }
        verify(postRequestedFor(urlPathEqualTo("/target-policies/DevicePolicy"))
                .withRequestBody(equalToJson("{\"target\":\"" + CERT_ARN + "\"}")));
        verify(putRequestedFor(urlPathEqualTo("/certificates/" + CERT_ID)).withQueryParam("newStatus", equalTo("INACTIVE")));
        verify(deleteRequestedFor(urlPathEqualTo("/things/dev-1/principals")));
        verify(exactly(2), deleteRequestedFor(urlPathEqualTo("/certificates/" + CERT_ID)));
    }

    @Test
    void deleteCertificate_whenNotAttachedToThings_neverListsThings(WireMockRuntimeInfo wm) {
        stubFor(get(urlPathEqualTo("/certificates/" + CERT_ID)).willReturn(json("{\"certificateDescription\":{"
                + "\"certificateArn\":\"" + CERT_ARN + "\",\"certificateId\":\"" + CERT_ID + "\",\"status\":\"INACTIVE\"}}")));
        stubFor(post(urlPathEqualTo("/attached-policies/" + CERT_ARN.replace(":", "%3A").replace("/", "%2F")))
                .willReturn(json("{\"policies\":[]}")));
        stubFor(delete(urlPathEqualTo("/certificates/" + CERT_ID)).willReturn(json("")));

        try (IotClient iot = AwsStubs.iot(wm)) {
            assertThat(DeviceRegistryAdmin.create(iot).deleteCertificate(CERT_ID)).isTrue();
        }
        verify(exactly(0), getRequestedFor(urlPathEqualTo("/principals/things")));
        verify(exactly(0), putRequestedFor(urlPathEqualTo("/certificates/" + CERT_ID)));
    }

    @Test
    void deleteCertificate_whenUnknown_returnsFalse(WireMockRuntimeInfo wm) {
        stubFor(get(urlPathEqualTo("/certificates/" + CERT_ID))
                .willReturn(iotError(404, "ResourceNotFoundException", "The certificate does not exist")));

        try (IotClient iot = AwsStubs.iot(wm)) {
            assertThat(DeviceRegistryAdmin.create(iot).deleteCertificate(CERT_ID)).isFalse();
        }
    }

    @Test
    void createThing_withTypeAttributesAndGroup_createsMissingTypeAndGroup(WireMockRuntimeInfo wm) {
        stubFor(post(urlPathEqualTo("/thing-types/sensor")).willReturn(json("{\"thingTypeName\":\"sensor\","
                + "\"thingTypeArn\":\"arn:aws:iot:us-east-1:123456789012:thingtype/sensor\",\"thingTypeId\":\"tt-1\"}")));
        stubFor(post(urlPathEqualTo("/things/dev-1")).withRequestBody(equalToJson(
                "{\"thingTypeName\":\"sensor\",\"attributePayload\":{\"attributes\":{\"serial\":\"123\"}}}"))
                .willReturn(json("{\"thingName\":\"dev-1\",\"thingArn\":\"arn:aws:iot:us-east-1:123456789012:thing/dev-1\","
                        + "\"thingId\":\"t-1\"}")));
        stubFor(post(urlPathEqualTo("/thing-groups/line-7")).willReturn(
                iotError(409, "ResourceAlreadyExistsException", "Thing group line-7 already exists")));
        stubFor(put(urlPathEqualTo("/thing-groups/addThingToThingGroup")).willReturn(json("{}")));

        try (IotClient iot = AwsStubs.iot(wm)) {
            IotThing thing = DeviceRegistryAdmin.create(iot).createThing(ThingSpec.named("dev-1")
                    .withThingType("sensor").withAttribute("serial", "123").withThingGroup("line-7"));

            assertThat(thing.thingTypeName()).isEqualTo("sensor");
            assertThat(thing.attributes()).containsEntry("serial", "123");
        }
        verify(putRequestedFor(urlPathEqualTo("/thing-groups/addThingToThingGroup"))
                .withRequestBody(equalToJson("{\"thingGroupName\":\"line-7\",\"thingName\":\"dev-1\"}", true, true)));
    }

    @Test
    void thingSpec_whenNameHasSpaces_throwsNamingField() {
        assertThatThrownBy(() -> ThingSpec.named("bad name"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("name: 'bad name' is not a valid thing name");
    }
}
