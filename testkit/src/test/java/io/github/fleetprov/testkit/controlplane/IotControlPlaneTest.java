package io.github.fleetprov.testkit.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.core.pki.Certificates;
import io.github.fleetprov.core.pki.KeyAlgorithm;
import io.github.fleetprov.core.pki.KeyPairs;
import io.github.fleetprov.core.pki.Pem;
import io.github.fleetprov.core.pki.SelfSignedCertificates;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.ActionType;
import software.amazon.awssdk.services.iot.model.AuthDecision;
import software.amazon.awssdk.services.iot.model.AuthInfo;
import software.amazon.awssdk.services.iot.model.AuthResult;
import software.amazon.awssdk.services.iot.model.CertificateStateException;
import software.amazon.awssdk.services.iot.model.CertificateStatus;
import software.amazon.awssdk.services.iot.model.CertificateValidationException;
import software.amazon.awssdk.services.iot.model.CreateKeysAndCertificateResponse;
import software.amazon.awssdk.services.iot.model.CreatePolicyResponse;
import software.amazon.awssdk.services.iot.model.CreatePolicyVersionResponse;
import software.amazon.awssdk.services.iot.model.CreateProvisioningClaimResponse;
import software.amazon.awssdk.services.iot.model.CreateProvisioningTemplateResponse;
import software.amazon.awssdk.services.iot.model.CreateProvisioningTemplateVersionResponse;
import software.amazon.awssdk.services.iot.model.CreateRoleAliasResponse;
import software.amazon.awssdk.services.iot.model.CreateThingResponse;
import software.amazon.awssdk.services.iot.model.CreateThingTypeResponse;
import software.amazon.awssdk.services.iot.model.DeleteConflictException;
import software.amazon.awssdk.services.iot.model.DescribeCertificateResponse;
import software.amazon.awssdk.services.iot.model.DescribeProvisioningTemplateResponse;
import software.amazon.awssdk.services.iot.model.DescribeRoleAliasResponse;
import software.amazon.awssdk.services.iot.model.DescribeThingResponse;
import software.amazon.awssdk.services.iot.model.GetPolicyResponse;
import software.amazon.awssdk.services.iot.model.InvalidRequestException;
import software.amazon.awssdk.services.iot.model.IotException;
import software.amazon.awssdk.services.iot.model.MalformedPolicyException;
import software.amazon.awssdk.services.iot.model.Policy;
import software.amazon.awssdk.services.iot.model.PolicyVersion;
import software.amazon.awssdk.services.iot.model.ProvisioningTemplateSummary;
import software.amazon.awssdk.services.iot.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;
import software.amazon.awssdk.services.iot.model.TemplateType;
import software.amazon.awssdk.services.iot.model.VersionConflictException;
import software.amazon.awssdk.services.iot.model.VersionsLimitExceededException;

/** Drives every control-plane operation with the AWS SDK for Java v2 {@code IotClient}. */
class IotControlPlaneTest {

    private static final String ARN_PREFIX = "arn:aws:iot:us-east-1:123456789012:";
    private static final String ROLE_ARN = "arn:aws:iam::123456789012:role/Provisioning";
    private static final String POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":\"iot:Connect\",\"Resource\":\"" + ARN_PREFIX + "client/${iot:Connection.Thing.ThingName}\"}]}";
    private static final String TEMPLATE = "{\"Parameters\":{\"SerialNumber\":{\"Type\":\"String\"}},"
            + "\"Resources\":{\"thing\":{\"Type\":\"AWS::IoT::Thing\",\"Properties\":{\"ThingName\":{\"Ref\":\"SerialNumber\"}}},"
            + "\"certificate\":{\"Type\":\"AWS::IoT::Certificate\",\"Properties\":{\"CertificateId\":"
            + "{\"Ref\":\"AWS::IoT::Certificate::Id\"},\"Status\":\"ACTIVE\"}}}}";
    private static final AtomicInteger NAMES = new AtomicInteger();

    @RegisterExtension
    static final ControlPlaneExtension plane = ControlPlaneExtension.perClass();

    private static String unique(String prefix) {
        return prefix + NAMES.incrementAndGet();
    }

    // ------------------------------------------------------------------ things and thing types

    @Test
    void createThingType_thenCreateThingWithIt_describeThingShowsTypeAndAttributes() {
        String type = unique("Sensor");
        String thing = unique("device-");

        CreateThingTypeResponse createdType = plane.iot().createThingType(r -> r.thingTypeName(type)
                .thingTypeProperties(p -> p.thingTypeDescription("temperature sensors").searchableAttributes("model")));
        CreateThingResponse created = plane.iot().createThing(r -> r.thingName(thing).thingTypeName(type)
                .attributePayload(a -> a.attributes(Map.of("model", "T1000"))));
        DescribeThingResponse described = plane.iot().describeThing(r -> r.thingName(thing));

        assertThat(createdType.thingTypeArn()).isEqualTo(ARN_PREFIX + "thingtype/" + type);
        assertThat(createdType.thingTypeId()).isNotBlank();
        assertThat(created.thingArn()).isEqualTo(ARN_PREFIX + "thing/" + thing);
        assertThat(described.thingName()).isEqualTo(thing);
        assertThat(described.thingId()).isEqualTo(created.thingId());
        assertThat(described.defaultClientId()).isEqualTo(thing);
        assertThat(described.thingTypeName()).isEqualTo(type);
        assertThat(described.attributes()).containsEntry("model", "T1000");
        assertThat(described.version()).isEqualTo(1L);
    }

    @Test
    void createThingType_whenExistsWithAnotherConfiguration_throwsResourceAlreadyExists() {
        String type = unique("Dup");
        plane.iot().createThingType(r -> r.thingTypeName(type));

        assertThatThrownBy(() -> plane.iot().createThingType(r -> r.thingTypeName(type)
                .thingTypeProperties(p -> p.thingTypeDescription("another description"))))
                .isInstanceOf(ResourceAlreadyExistsException.class)
                .satisfies(e -> assertThat(((IotException) e).statusCode()).isEqualTo(409));
    }

    @Test
    void createThing_whenNameHasSpaces_throwsInvalidRequestNamingTheField() {
        assertThatThrownBy(() -> plane.iot().createThing(r -> r.thingName("bad name")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("thingName")
                .hasMessageContaining("[a-zA-Z0-9:_-]");
    }

    @Test
    void createThing_whenThingTypeMissing_throwsResourceNotFound() {
        assertThatThrownBy(() -> plane.iot().createThing(r -> r.thingName(unique("t")).thingTypeName("NoSuchType")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void createThing_whenSameNameDifferentAttributes_throwsResourceAlreadyExists() {
        String thing = unique("device-");
        plane.iot().createThing(r -> r.thingName(thing).attributePayload(a -> a.attributes(Map.of("a", "1"))));

        assertThatThrownBy(() -> plane.iot().createThing(r -> r.thingName(thing).attributePayload(a -> a.attributes(Map.of("a", "2")))))
                .isInstanceOf(ResourceAlreadyExistsException.class);
    }

    @Test
    void createThing_twiceWithSameConfiguration_returnsTheSameThing() {
        String thing = unique("device-");

        CreateThingResponse first = plane.iot().createThing(r -> r.thingName(thing).attributePayload(a -> a.attributes(Map.of("a", "1"))));
        CreateThingResponse second = plane.iot().createThing(r -> r.thingName(thing).attributePayload(a -> a.attributes(Map.of("a", "1"))));

        assertThat(second.thingId()).isEqualTo(first.thingId());
        assertThat(second.thingArn()).isEqualTo(first.thingArn());
    }

    @Test
    void describeThing_whenMissing_throwsResourceNotFound() {
        assertThatThrownBy(() -> plane.iot().describeThing(r -> r.thingName("ghost")))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("ghost")
                .satisfies(e -> assertThat(((IotException) e).awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException"));
    }

    @Test
    void deleteThing_removesThing_andWrongExpectedVersionThrowsVersionConflict() {
        String thing = unique("device-");
        plane.iot().createThing(r -> r.thingName(thing));

        assertThatThrownBy(() -> plane.iot().deleteThing(r -> r.thingName(thing).expectedVersion(7L)))
                .isInstanceOf(VersionConflictException.class);

        plane.iot().deleteThing(r -> r.thingName(thing).expectedVersion(1L));

        assertThat(plane.fixture().registry().findThing(thing)).isEmpty();
    }

    // ------------------------------------------------------------------ certificates

    @Test
    void createKeysAndCertificate_returnsKeyPairAndActiveRegisteredCertificate() {
        CreateKeysAndCertificateResponse created = plane.iot().createKeysAndCertificate(r -> r.setAsActive(true));

        X509Certificate certificate = Pem.readCertificate(created.certificatePem());
        assertThat(created.certificateId()).hasSize(64).isEqualTo(Certificates.awsCertificateId(certificate));
        assertThat(created.certificateArn()).isEqualTo(ARN_PREFIX + "cert/" + created.certificateId());
        assertThat(Certificates.matches(certificate, Pem.readPrivateKey(created.keyPair().privateKey()))).isTrue();
        assertThat(certificate.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(created.keyPair().publicKey()).startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(plane.iot().describeCertificate(r -> r.certificateId(created.certificateId())).certificateDescription().status())
                .isEqualTo(CertificateStatus.ACTIVE);
    }

    @Test
    void createKeysAndCertificate_withoutSetAsActive_isInactive() {
        CreateKeysAndCertificateResponse created = plane.iot().createKeysAndCertificate(r -> { });

        assertThat(plane.iot().describeCertificate(r -> r.certificateId(created.certificateId())).certificateDescription().status())
                .isEqualTo(CertificateStatus.INACTIVE);
    }

    @Test
    void registerCertificateWithoutCa_selfSigned_thenDescribe_showsPemValidityAndOwner() {
        KeyPair keys = KeyPairs.generate(KeyAlgorithm.EC_P256);
        X509Certificate selfSigned = SelfSignedCertificates.create(keys, unique("thin-edge-"), Duration.ofDays(365));
        String pem = Pem.certificateToPem(selfSigned);

        String id = plane.iot().registerCertificateWithoutCA(r -> r.certificatePem(pem).status(CertificateStatus.ACTIVE)).certificateId();
        DescribeCertificateResponse described = plane.iot().describeCertificate(r -> r.certificateId(id));

        assertThat(id).isEqualTo(Certificates.awsCertificateId(selfSigned));
        assertThat(described.certificateDescription().certificatePem()).isEqualTo(pem);
        assertThat(described.certificateDescription().ownedBy()).isEqualTo(ControlPlaneFixture.ACCOUNT);
        assertThat(described.certificateDescription().validity().notAfter())
                .isEqualTo(selfSigned.getNotAfter().toInstant());
        assertThat(described.certificateDescription().creationDate()).isBeforeOrEqualTo(Instant.now());
    }

    @Test
    void registerCertificateWithoutCa_twice_throwsResourceAlreadyExists() {
        String pem = Pem.certificateToPem(SelfSignedCertificates.create(KeyPairs.generate(), unique("d"), Duration.ofDays(1)));
        plane.iot().registerCertificateWithoutCA(r -> r.certificatePem(pem));

        assertThatThrownBy(() -> plane.iot().registerCertificateWithoutCA(r -> r.certificatePem(pem)))
                .isInstanceOf(ResourceAlreadyExistsException.class);
    }

    @Test
    void registerCertificateWithoutCa_whenNotACertificate_throwsCertificateValidation() {
        assertThatThrownBy(() -> plane.iot().registerCertificateWithoutCA(r -> r.certificatePem("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")))
                .isInstanceOf(CertificateValidationException.class);
    }

    @Test
    void registerCertificate_signedByRegisteredCa_isRegisteredWithCaId() {
        String caId = plane.fixture().registry().registerCaCertificate(plane.fixture().authority().certificatePem(), true, false).certificateId();
        String pem = plane.fixture().authority().issueWithKey(io.github.fleetprov.core.pki.Subject.ofCommonName(unique("dev")),
                KeyAlgorithm.EC_P256, Duration.ofDays(30)).certificatePem();

        String id = plane.iot().registerCertificate(r -> r.certificatePem(pem).caCertificatePem(plane.fixture().authority().certificatePem())
                .status(CertificateStatus.ACTIVE)).certificateId();

        assertThat(plane.iot().describeCertificate(r -> r.certificateId(id)).certificateDescription().caCertificateId()).isEqualTo(caId);
    }

    @Test
    void registerCertificate_whenNoRegisteredCaSignedIt_throwsCertificateValidation() {
        String pem = Pem.certificateToPem(SelfSignedCertificates.create(KeyPairs.generate(), unique("d"), Duration.ofDays(1)));

        assertThatThrownBy(() -> plane.iot().registerCertificate(r -> r.certificatePem(pem)))
                .isInstanceOf(CertificateValidationException.class)
                .hasMessageContaining("RegisterCertificateWithoutCA");
    }

    @Test
    void updateCertificate_changesStatus_andRevokedCannotBeReactivated() {
        String id = plane.iot().createKeysAndCertificate(r -> r.setAsActive(true)).certificateId();

        plane.iot().updateCertificate(r -> r.certificateId(id).newStatus(CertificateStatus.REVOKED));

        assertThat(plane.iot().describeCertificate(r -> r.certificateId(id)).certificateDescription().status())
                .isEqualTo(CertificateStatus.REVOKED);
        assertThatThrownBy(() -> plane.iot().updateCertificate(r -> r.certificateId(id).newStatus(CertificateStatus.ACTIVE)))
                .isInstanceOf(CertificateStateException.class)
                .satisfies(e -> assertThat(((IotException) e).statusCode()).isEqualTo(406));
    }

    @Test
    void describeCertificate_whenIdIsNotHex_throwsInvalidRequest() {
        assertThatThrownBy(() -> plane.iot().describeCertificate(r -> r.certificateId("not-an-id")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("certificateId");
    }

    @Test
    void describeCertificate_whenUnknown_throwsResourceNotFound() {
        assertThatThrownBy(() -> plane.iot().describeCertificate(r -> r.certificateId("a".repeat(64))))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void deleteCertificate_whenActive_throwsCertificateState_andSucceedsWhenInactive() {
        String id = plane.iot().createKeysAndCertificate(r -> r.setAsActive(true)).certificateId();

        assertThatThrownBy(() -> plane.iot().deleteCertificate(r -> r.certificateId(id)))
                .isInstanceOf(CertificateStateException.class);

        plane.iot().updateCertificate(r -> r.certificateId(id).newStatus(CertificateStatus.INACTIVE));
        plane.iot().deleteCertificate(r -> r.certificateId(id));

        assertThat(plane.fixture().registry().findCertificate(id)).isEmpty();
    }

    @Test
    void deleteCertificate_withPolicyAttached_needsForceDelete() {
        CreateKeysAndCertificateResponse cert = plane.iot().createKeysAndCertificate(r -> { });
        String policy = unique("p");
        plane.iot().createPolicy(r -> r.policyName(policy).policyDocument(POLICY));
        plane.iot().attachPolicy(r -> r.policyName(policy).target(cert.certificateArn()));

        assertThatThrownBy(() -> plane.iot().deleteCertificate(r -> r.certificateId(cert.certificateId())))
                .isInstanceOf(DeleteConflictException.class);

        plane.iot().deleteCertificate(r -> r.certificateId(cert.certificateId()).forceDelete(true));

        assertThat(plane.fixture().registry().findCertificate(cert.certificateId())).isEmpty();
    }

    // ------------------------------------------------------------------ policies

    @Test
    void createPolicy_thenGetPolicy_returnsDocumentAndVersion1() {
        String name = unique("DevicePolicy");

        CreatePolicyResponse created = plane.iot().createPolicy(r -> r.policyName(name).policyDocument(POLICY));
        GetPolicyResponse got = plane.iot().getPolicy(r -> r.policyName(name));

        assertThat(created.policyArn()).isEqualTo(ARN_PREFIX + "policy/" + name);
        assertThat(created.policyVersionId()).isEqualTo("1");
        assertThat(got.policyDocument()).isEqualTo(POLICY);
        assertThat(got.defaultVersionId()).isEqualTo("1");
        assertThat(got.creationDate()).isNotNull();
        assertThat(got.generationId()).isNotBlank();
    }

    @Test
    void createPolicy_whenDocumentHasTrailingComma_throwsMalformedPolicySayingWhere() {
        String bad = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iot:Connect\","
                + "\"Resource\":\"*\",}]}";

        assertThatThrownBy(() -> plane.iot().createPolicy(r -> r.policyName(unique("bad")).policyDocument(bad)))
                .isInstanceOf(MalformedPolicyException.class)
                .hasMessageContaining("not valid")
                .hasMessageContaining("line 1");
    }

    @Test
    void createPolicy_whenEffectIsNotAllowOrDeny_throwsMalformedPolicy() {
        String bad = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Maybe\",\"Action\":\"iot:Connect\","
                + "\"Resource\":\"*\"}]}";

        assertThatThrownBy(() -> plane.iot().createPolicy(r -> r.policyName(unique("bad")).policyDocument(bad)))
                .isInstanceOf(MalformedPolicyException.class)
                .hasMessageContaining("Effect");
    }

    @Test
    void createPolicy_whenDocumentTooLong_throwsMalformedPolicy() {
        StringBuilder resources = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            resources.append(i == 0 ? "" : ",").append('"').append(ARN_PREFIX).append("topic/devices/").append(i).append('"');
        }
        String big = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iot:Publish\","
                + "\"Resource\":[" + resources + "]}]}";

        assertThatThrownBy(() -> plane.iot().createPolicy(r -> r.policyName(unique("big")).policyDocument(big)))
                .isInstanceOf(MalformedPolicyException.class)
                .hasMessageContaining("2048");
    }

    @Test
    void createPolicy_whenExists_throwsResourceAlreadyExists() {
        String name = unique("p");
        plane.iot().createPolicy(r -> r.policyName(name).policyDocument(POLICY));

        assertThatThrownBy(() -> plane.iot().createPolicy(r -> r.policyName(name).policyDocument(POLICY)))
                .isInstanceOf(ResourceAlreadyExistsException.class);
    }

    @Test
    void createPolicyVersion_setAsDefault_listsVersions_andDeleteNonDefaultVersion() {
        String name = unique("p");
        plane.iot().createPolicy(r -> r.policyName(name).policyDocument(POLICY));
        String v2Document = POLICY.replace("\"iot:Connect\"", "\"iot:*\"");

        CreatePolicyVersionResponse v2 = plane.iot().createPolicyVersion(r -> r.policyName(name).policyDocument(v2Document).setAsDefault(true));

        assertThat(v2.policyVersionId()).isEqualTo("2");
        assertThat(v2.isDefaultVersion()).isTrue();
        assertThat(plane.iot().getPolicy(r -> r.policyName(name)).policyDocument()).isEqualTo(v2Document);
        assertThat(plane.iot().listPolicyVersions(r -> r.policyName(name)).policyVersions())
                .extracting(PolicyVersion::versionId, PolicyVersion::isDefaultVersion)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("1", false), org.assertj.core.groups.Tuple.tuple("2", true));

        plane.iot().deletePolicyVersion(r -> r.policyName(name).policyVersionId("1"));

        assertThat(plane.iot().listPolicyVersions(r -> r.policyName(name)).policyVersions()).extracting(PolicyVersion::versionId)
                .containsExactly("2");
        assertThatThrownBy(() -> plane.iot().deletePolicyVersion(r -> r.policyName(name).policyVersionId("2")))
                .isInstanceOf(DeleteConflictException.class);
    }

    @Test
    void createPolicyVersion_sixthVersion_throwsVersionsLimitExceeded() {
        String name = unique("p");
        plane.iot().createPolicy(r -> r.policyName(name).policyDocument(POLICY));
        for (int i = 0; i < 4; i++) {
            plane.iot().createPolicyVersion(r -> r.policyName(name).policyDocument(POLICY));
        }

        assertThatThrownBy(() -> plane.iot().createPolicyVersion(r -> r.policyName(name).policyDocument(POLICY)))
                .isInstanceOf(VersionsLimitExceededException.class);
    }

    @Test
    void createPolicyVersion_whenPolicyMissing_throwsResourceNotFound() {
        assertThatThrownBy(() -> plane.iot().createPolicyVersion(r -> r.policyName("absent").policyDocument(POLICY)))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void deletePolicy_whenAttached_throwsDeleteConflict_andAfterDetachGetPolicyIsNotFound() {
        String name = unique("p");
        String certArn = plane.iot().createKeysAndCertificate(r -> { }).certificateArn();
        plane.iot().createPolicy(r -> r.policyName(name).policyDocument(POLICY));
        plane.iot().attachPolicy(r -> r.policyName(name).target(certArn));

        assertThatThrownBy(() -> plane.iot().deletePolicy(r -> r.policyName(name))).isInstanceOf(DeleteConflictException.class);

        plane.iot().detachPolicy(r -> r.policyName(name).target(certArn));
        plane.iot().deletePolicy(r -> r.policyName(name));

        assertThatThrownBy(() -> plane.iot().getPolicy(r -> r.policyName(name))).isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void attachPolicy_thenListAttachedPolicies_showsPolicyByName() {
        String name = unique("p");
        String certArn = plane.iot().createKeysAndCertificate(r -> { }).certificateArn();
        CreatePolicyResponse policy = plane.iot().createPolicy(r -> r.policyName(name).policyDocument(POLICY));

        plane.iot().attachPolicy(r -> r.policyName(name).target(certArn));

        assertThat(plane.iot().listAttachedPolicies(r -> r.target(certArn)).policies())
                .extracting(Policy::policyName, Policy::policyArn)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(name, policy.policyArn()));
    }

    @Test
    void attachPolicy_whenPolicyMissing_throwsResourceNotFound() {
        String certArn = plane.iot().createKeysAndCertificate(r -> { }).certificateArn();

        assertThatThrownBy(() -> plane.iot().attachPolicy(r -> r.policyName("missing").target(certArn)))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void attachPolicy_eleventhPolicy_throwsLimitExceededWithStatus410() {
        String certArn = plane.iot().createKeysAndCertificate(r -> { }).certificateArn();
        for (int i = 0; i < 10; i++) {
            String name = unique("p");
            plane.iot().createPolicy(r -> r.policyName(name).policyDocument(POLICY));
            plane.iot().attachPolicy(r -> r.policyName(name).target(certArn));
        }
        String eleventh = unique("p");
        plane.iot().createPolicy(r -> r.policyName(eleventh).policyDocument(POLICY));

        assertThatThrownBy(() -> plane.iot().attachPolicy(r -> r.policyName(eleventh).target(certArn)))
                .isInstanceOf(software.amazon.awssdk.services.iot.model.LimitExceededException.class)
                .satisfies(e -> assertThat(((IotException) e).statusCode()).isEqualTo(410));
    }

    @Test
    void listAttachedPolicies_whenCertificateUnknown_throwsResourceNotFound() {
        assertThatThrownBy(() -> plane.iot().listAttachedPolicies(r -> r.target(ARN_PREFIX + "cert/" + "b".repeat(64))))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    // ------------------------------------------------------------------ thing principals

    @Test
    void attachThingPrincipal_thenList_andDetach() {
        String thing = unique("device-");
        String certArn = plane.iot().createKeysAndCertificate(r -> { }).certificateArn();
        plane.iot().createThing(r -> r.thingName(thing));

        plane.iot().attachThingPrincipal(r -> r.thingName(thing).principal(certArn));

        assertThat(plane.iot().listThingPrincipals(r -> r.thingName(thing)).principals()).containsExactly(certArn);

        plane.iot().detachThingPrincipal(r -> r.thingName(thing).principal(certArn));

        assertThat(plane.iot().listThingPrincipals(r -> r.thingName(thing)).principals()).isEmpty();
    }

    @Test
    void attachThingPrincipal_whenThingMissing_throwsResourceNotFound() {
        String certArn = plane.iot().createKeysAndCertificate(r -> { }).certificateArn();

        assertThatThrownBy(() -> plane.iot().attachThingPrincipal(r -> r.thingName("nothing-here").principal(certArn)))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void listThingPrincipals_whenThingMissing_throwsResourceNotFound() {
        assertThatThrownBy(() -> plane.iot().listThingPrincipals(r -> r.thingName("nothing-here")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    // ------------------------------------------------------------------ role aliases and endpoints

    @Test
    void createRoleAlias_thenDescribe_returnsDurationAndOwner_andDeleteRemovesIt() {
        String alias = unique("TokenExchangeRoleAlias");

        CreateRoleAliasResponse created = plane.iot().createRoleAlias(r -> r.roleAlias(alias).roleArn(ROLE_ARN).credentialDurationSeconds(7200));
        DescribeRoleAliasResponse described = plane.iot().describeRoleAlias(r -> r.roleAlias(alias));

        assertThat(created.roleAliasArn()).isEqualTo(ARN_PREFIX + "rolealias/" + alias);
        assertThat(described.roleAliasDescription().roleArn()).isEqualTo(ROLE_ARN);
        assertThat(described.roleAliasDescription().credentialDurationSeconds()).isEqualTo(7200);
        assertThat(described.roleAliasDescription().owner()).isEqualTo(ControlPlaneFixture.ACCOUNT);

        plane.iot().deleteRoleAlias(r -> r.roleAlias(alias));

        assertThatThrownBy(() -> plane.iot().describeRoleAlias(r -> r.roleAlias(alias))).isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void createRoleAlias_defaultDurationIsOneHour() {
        String alias = unique("alias");

        plane.iot().createRoleAlias(r -> r.roleAlias(alias).roleArn(ROLE_ARN));

        assertThat(plane.iot().describeRoleAlias(r -> r.roleAlias(alias)).roleAliasDescription().credentialDurationSeconds())
                .isEqualTo(3600);
    }

    @Test
    void createRoleAlias_whenDurationBelow900_throwsInvalidRequest() {
        assertThatThrownBy(() -> plane.iot().createRoleAlias(r -> r.roleAlias(unique("a")).roleArn(ROLE_ARN).credentialDurationSeconds(60)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("credentialDurationSeconds");
    }

    @Test
    void createRoleAlias_whenExists_throwsResourceAlreadyExists() {
        String alias = unique("a");
        plane.iot().createRoleAlias(r -> r.roleAlias(alias).roleArn(ROLE_ARN));

        assertThatThrownBy(() -> plane.iot().createRoleAlias(r -> r.roleAlias(alias).roleArn(ROLE_ARN)))
                .isInstanceOf(ResourceAlreadyExistsException.class);
    }

    @Test
    void deleteRoleAlias_whenMissing_throwsResourceNotFound() {
        assertThatThrownBy(() -> plane.iot().deleteRoleAlias(r -> r.roleAlias("never-created")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void describeEndpoint_returnsLocalAddresses_andCredentialProviderCarriesItsPort() {
        assertThat(plane.iot().describeEndpoint(r -> r.endpointType("iot:Data-ATS")).endpointAddress()).isEqualTo("127.0.0.1");
        assertThat(plane.iot().describeEndpoint(r -> r.endpointType("iot:CredentialProvider")).endpointAddress())
                .isEqualTo(plane.fixture().credentialsServer().endpoint());
    }

    @Test
    void describeEndpoint_whenTypeUnknown_throwsInvalidRequest() {
        assertThatThrownBy(() -> plane.iot().describeEndpoint(r -> r.endpointType("iot:Nonsense")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("iot:Nonsense");
    }

    // ------------------------------------------------------------------ provisioning templates and claims

    @Test
    void createProvisioningTemplate_thenDescribe_returnsBodyRoleAndVersion1() {
        String name = unique("FleetTemplate");

        CreateProvisioningTemplateResponse created = plane.iot().createProvisioningTemplate(r -> r.templateName(name)
                .templateBody(TEMPLATE).provisioningRoleArn(ROLE_ARN).enabled(true).description("fleet"));
        DescribeProvisioningTemplateResponse described = plane.iot().describeProvisioningTemplate(r -> r.templateName(name));

        assertThat(created.templateArn()).isEqualTo(ARN_PREFIX + "provisioningtemplate/" + name);
        assertThat(created.defaultVersionId()).isEqualTo(1);
        assertThat(described.templateBody()).isEqualTo(TEMPLATE);
        assertThat(described.provisioningRoleArn()).isEqualTo(ROLE_ARN);
        assertThat(described.enabled()).isTrue();
        assertThat(described.description()).isEqualTo("fleet");
        assertThat(described.type()).isEqualTo(TemplateType.FLEET_PROVISIONING);
        assertThat(described.creationDate()).isNotNull();
    }

    @Test
    void createProvisioningTemplate_withHook_describeShowsHook() {
        String name = unique("Hooked");
        String hookArn = "arn:aws:lambda:us-east-1:123456789012:function:check-serial";

        plane.iot().createProvisioningTemplate(r -> r.templateName(name).templateBody(TEMPLATE).provisioningRoleArn(ROLE_ARN)
                .preProvisioningHook(h -> h.targetArn(hookArn)));

        assertThat(plane.iot().describeProvisioningTemplate(r -> r.templateName(name)).preProvisioningHook().targetArn()).isEqualTo(hookArn);
    }

    @Test
    void createProvisioningTemplate_whenBodyRefsUndeclaredParameter_throwsInvalidRequestSayingWhat() {
        String bad = TEMPLATE.replace("{\"Ref\":\"SerialNumber\"}", "{\"Ref\":\"Undeclared\"}");

        assertThatThrownBy(() -> plane.iot().createProvisioningTemplate(r -> r.templateName(unique("bad")).templateBody(bad)
                .provisioningRoleArn(ROLE_ARN)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("Undeclared");
    }

    @Test
    void createProvisioningTemplate_whenBodyIsNotJson_throwsInvalidRequest() {
        assertThatThrownBy(() -> plane.iot().createProvisioningTemplate(r -> r.templateName(unique("bad")).templateBody("{not json")
                .provisioningRoleArn(ROLE_ARN)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("template body is not valid");
    }

    @Test
    void createProvisioningTemplate_whenNameTooLong_throwsInvalidRequest() {
        assertThatThrownBy(() -> plane.iot().createProvisioningTemplate(r -> r.templateName("x".repeat(37)).templateBody(TEMPLATE)
                .provisioningRoleArn(ROLE_ARN)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("templateName");
    }

    @Test
    void createProvisioningTemplate_whenExists_throwsResourceAlreadyExists() {
        String name = unique("t");
        plane.iot().createProvisioningTemplate(r -> r.templateName(name).templateBody(TEMPLATE).provisioningRoleArn(ROLE_ARN));

        assertThatThrownBy(() -> plane.iot().createProvisioningTemplate(r -> r.templateName(name).templateBody(TEMPLATE)
                .provisioningRoleArn(ROLE_ARN)))
                .isInstanceOf(ResourceAlreadyExistsException.class);
    }

    @Test
    void createProvisioningTemplateVersion_setAsDefault_becomesDescribedBody() {
        String name = unique("t");
        plane.iot().createProvisioningTemplate(r -> r.templateName(name).templateBody(TEMPLATE).provisioningRoleArn(ROLE_ARN));
        String v2 = TEMPLATE.replace("\"Status\":\"ACTIVE\"", "\"Status\":\"INACTIVE\"");

        CreateProvisioningTemplateVersionResponse version = plane.iot().createProvisioningTemplateVersion(r -> r.templateName(name)
                .templateBody(v2).setAsDefault(true));

        assertThat(version.versionId()).isEqualTo(2);
        assertThat(version.isDefaultVersion()).isTrue();
        assertThat(plane.iot().describeProvisioningTemplate(r -> r.templateName(name)).templateBody()).isEqualTo(v2);
        assertThat(plane.iot().describeProvisioningTemplate(r -> r.templateName(name)).defaultVersionId()).isEqualTo(2);
    }

    @Test
    void createProvisioningTemplateVersion_whenTemplateMissing_throwsResourceNotFound() {
        assertThatThrownBy(() -> plane.iot().createProvisioningTemplateVersion(r -> r.templateName("absent").templateBody(TEMPLATE)))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void listProvisioningTemplates_pagesThroughAll() {
        for (int i = 0; i < 3; i++) {
            String name = unique("listed");
            plane.iot().createProvisioningTemplate(r -> r.templateName(name).templateBody(TEMPLATE).provisioningRoleArn(ROLE_ARN));
        }

        assertThat(plane.iot().listProvisioningTemplatesPaginator(r -> r.maxResults(2)).templates().stream()
                .map(ProvisioningTemplateSummary::templateName).filter(n -> n.startsWith("listed")))
                .hasSize(3);
    }

    @Test
    void deleteProvisioningTemplate_thenDescribe_throwsResourceNotFound() {
        String name = unique("t");
        plane.iot().createProvisioningTemplate(r -> r.templateName(name).templateBody(TEMPLATE).provisioningRoleArn(ROLE_ARN));

        plane.iot().deleteProvisioningTemplate(r -> r.templateName(name));

        assertThatThrownBy(() -> plane.iot().describeProvisioningTemplate(r -> r.templateName(name)))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> plane.iot().deleteProvisioningTemplate(r -> r.templateName(name)))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void createProvisioningClaim_returnsKeyAndCertificateExpiringInFiveMinutes() {
        String name = unique("claimable");
        plane.iot().createProvisioningTemplate(r -> r.templateName(name).templateBody(TEMPLATE).provisioningRoleArn(ROLE_ARN).enabled(true));
        Instant before = Instant.now();

        CreateProvisioningClaimResponse claim = plane.iot().createProvisioningClaim(r -> r.templateName(name));

        X509Certificate certificate = Pem.readCertificate(claim.certificatePem());
        assertThat(claim.certificateId()).isEqualTo(Certificates.awsCertificateId(certificate));
        assertThat(Certificates.matches(certificate, Pem.readPrivateKey(claim.keyPair().privateKey()))).isTrue();
        assertThat(claim.expiration()).isBetween(before.plus(Duration.ofMinutes(5)).minusSeconds(1),
                Instant.now().plus(Duration.ofMinutes(5)).plusSeconds(1));
        assertThat(plane.fixture().registry().findCertificate(claim.certificateId()))
                .hasValueSatisfying(c -> assertThat(c.isProvisioningClaim()).isTrue());
    }

    @Test
    void createProvisioningClaim_whenTemplateMissing_throwsResourceNotFound() {
        assertThatThrownBy(() -> plane.iot().createProvisioningClaim(r -> r.templateName("no-such-template")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    // ------------------------------------------------------------------ TestAuthorization

    @Test
    void testAuthorization_answersFromTheCertificatesPolicies() {
        String thing = unique("sensor-");
        CreateKeysAndCertificateResponse cert = plane.iot().createKeysAndCertificate(r -> r.setAsActive(true));
        String policy = unique("connect");
        plane.iot().createPolicy(r -> r.policyName(policy).policyDocument(POLICY));
        plane.iot().attachPolicy(r -> r.policyName(policy).target(cert.certificateArn()));
        plane.iot().createThing(r -> r.thingName(thing));
        plane.iot().attachThingPrincipal(r -> r.thingName(thing).principal(cert.certificateArn()));

        AuthResult own = plane.iot().testAuthorization(r -> r.principal(cert.certificateArn()).clientId(thing)
                .authInfos(AuthInfo.builder().actionType(ActionType.CONNECT).resources(ARN_PREFIX + "client/" + thing).build())).authResults().get(0);
        AuthResult other = plane.iot().testAuthorization(r -> r.principal(cert.certificateArn()).clientId(thing)
                .authInfos(AuthInfo.builder().actionType(ActionType.CONNECT).resources(ARN_PREFIX + "client/someone-else").build())).authResults().get(0);

        assertThat(own.authDecision()).isEqualTo(AuthDecision.ALLOWED);
        assertThat(own.allowed().policies()).extracting(Policy::policyName).containsExactly(policy);
        assertThat(other.authDecision()).isEqualTo(AuthDecision.IMPLICIT_DENY);
        assertThat(other.denied().implicitDeny().policies()).extracting(Policy::policyName).containsExactly(policy);
    }

    @Test
    void testAuthorization_withPolicyNamesToAddContainingDeny_returnsExplicitDeny() {
        CreateKeysAndCertificateResponse cert = plane.iot().createKeysAndCertificate(r -> r.setAsActive(true));
        String allow = unique("allowAll");
        String deny = unique("denyTelemetry");
        plane.iot().createPolicy(r -> r.policyName(allow).policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
                + "\"Allow\",\"Action\":\"iot:Publish\",\"Resource\":\"" + ARN_PREFIX + "topic/*\"}]}"));
        plane.iot().createPolicy(r -> r.policyName(deny).policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
                + "\"Deny\",\"Action\":\"iot:Publish\",\"Resource\":\"" + ARN_PREFIX + "topic/telemetry\"}]}"));
        plane.iot().attachPolicy(r -> r.policyName(allow).target(cert.certificateArn()));

        AuthResult result = plane.iot().testAuthorization(r -> r.principal(cert.certificateArn()).policyNamesToAdd(deny)
                .authInfos(AuthInfo.builder().actionType(ActionType.PUBLISH).resources(ARN_PREFIX + "topic/telemetry").build())).authResults().get(0);

        assertThat(result.authDecision()).isEqualTo(AuthDecision.EXPLICIT_DENY);
        assertThat(result.denied().explicitDeny().policies()).extracting(Policy::policyName).containsExactly(deny);
    }

    @Test
    void testAuthorization_whenPrincipalUnknown_throwsResourceNotFound() {
        assertThatThrownBy(() -> plane.iot().testAuthorization(r -> r.principal(ARN_PREFIX + "cert/" + "c".repeat(64))
                .authInfos(AuthInfo.builder().actionType(ActionType.CONNECT).resources(ARN_PREFIX + "client/x").build())))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    // ------------------------------------------------------------------ events

    @Test
    void everyRequest_isRecordedAsRequestEvent_withStatusOrErrorCode() {
        String thing = unique("recorded-");
        plane.iot().createThing(r -> r.thingName(thing));
        assertThatThrownBy(() -> plane.iot().describeThing(r -> r.thingName(thing + "-missing")))
                .isInstanceOf(ResourceNotFoundException.class);

        assertThat(plane.fixture().registry().events().ofType(io.github.fleetprov.testkit.event.EventType.REQUEST))
                .filteredOn(e -> e.resource().contains(thing))
                .extracting(e -> e.operation(), e -> e.outcome())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("CreateThing", "200"),
                        org.assertj.core.groups.Tuple.tuple("DescribeThing", "ResourceNotFoundException"));
    }

    // ------------------------------------------------------------------ error shapes

    @Test
    void operationsOnMissingResources_allAnswer404ResourceNotFound() {
        String missingCert = "d".repeat(64);
        String certArn = plane.iot().createKeysAndCertificate(r -> { }).certificateArn();
        List<ThrowingCallable> calls = List.of(
                () -> plane.iot().listPolicyVersions(r -> r.policyName("missing-policy")),
                () -> plane.iot().deletePolicyVersion(r -> r.policyName("missing-policy").policyVersionId("2")),
                () -> plane.iot().deletePolicy(r -> r.policyName("missing-policy")),
                () -> plane.iot().updateCertificate(r -> r.certificateId(missingCert).newStatus(CertificateStatus.ACTIVE)),
                () -> plane.iot().deleteCertificate(r -> r.certificateId(missingCert)),
                () -> plane.iot().detachThingPrincipal(r -> r.thingName("missing-thing").principal(certArn)),
                () -> plane.iot().describeProvisioningTemplate(r -> r.templateName("missing-template")));

        for (ThrowingCallable call : calls) {
            assertThatThrownBy(call).isInstanceOf(ResourceNotFoundException.class)
                    .satisfies(e -> assertThat(((IotException) e).statusCode()).isEqualTo(404));
        }
    }

    @Test
    void errorResponse_carriesCodeInErrorTypeHeader_andMessageInJsonBody() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                plane.fixture().controlPlane().endpoint().resolve("/things/no-such-thing")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).contains("ResourceNotFoundException");
        assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
        assertThat(response.body()).contains("\"message\"").contains("no-such-thing");
    }

    @Test
    void unknownPath_answers404WithUnknownOperation() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                plane.fixture().controlPlane().endpoint().resolve("/no-such-api")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).contains("UnknownOperationException");
    }
}
