package io.github.fleetprov.testkit.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.core.pki.IssuedCertificate;
import io.github.fleetprov.core.pki.KeyAlgorithm;
import io.github.fleetprov.core.pki.KeyPairs;
import io.github.fleetprov.core.pki.SelfSignedCertificates;
import io.github.fleetprov.core.pki.Subject;
import io.github.fleetprov.testkit.controlplane.ControlPlaneFixture;
import io.github.fleetprov.testkit.event.EventType;
import java.io.IOException;
import java.net.http.HttpClient;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CertificateStatus;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The credentials provider over real mutual TLS, set up through the control plane and IAM with the
 * AWS SDK v2 clients, called the way curl does with Java's HttpClient.
 */
class CredentialsProviderTest {

    private static final String ARN_PREFIX = "arn:aws:iot:us-east-1:123456789012:";
    private static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"credentials.iot.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}}";
    private static final AtomicInteger NAMES = new AtomicInteger();

    private static ControlPlaneFixture fixture;
    private static IotClient iot;
    private static String roleArn;

    @BeforeAll
    static void start() {
        fixture = ControlPlaneFixture.start();
        iot = fixture.iot();
        roleArn = fixture.iam().createRole(r -> r.roleName("EdgeDeviceRole").assumeRolePolicyDocument(TRUST)
                .maxSessionDuration(7200)).role().arn();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    /** A device: a thing, a CA-issued certificate attached to it, and an alias its policy may assume. */
    private record Device(String thingName, String alias, IssuedCertificate certificate, String certificateArn) {
    }

    private static Device device(int durationSeconds, boolean allowAlias) {
        int n = NAMES.incrementAndGet();
        String thing = "edge-device-" + n;
        String alias = "EdgeAlias" + n;
        iot.createRoleAlias(r -> r.roleAlias(alias).roleArn(roleArn).credentialDurationSeconds(durationSeconds));
        IssuedCertificate certificate = fixture.authority().issueWithKey(Subject.ofCommonName(thing), KeyAlgorithm.EC_P256,
                Duration.ofDays(30));
        String certArn = iot.registerCertificateWithoutCA(r -> r.certificatePem(certificate.certificatePem())
                .status(CertificateStatus.ACTIVE)).certificateArn();
        String resource = allowAlias ? ARN_PREFIX + "rolealias/" + alias : ARN_PREFIX + "rolealias/some-other-alias";
        String policy = "AliasPolicy" + n;
        iot.createPolicy(r -> r.policyName(policy).policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
                + "\"Allow\",\"Action\":\"iot:AssumeRoleWithCertificate\",\"Resource\":\"" + resource + "\"}]}"));
        iot.attachPolicy(r -> r.policyName(policy).target(certArn));
        iot.createThing(r -> r.thingName(thing));
        iot.attachThingPrincipal(r -> r.thingName(thing).principal(certArn));
        return new Device(thing, alias, certificate, certArn);
    }

    private static HttpClient client(IssuedCertificate certificate) throws Exception {
        return MtlsHttp.client(certificate.certificate(), certificate.keyPair().getPrivate(), fixture.authority().certificate());
    }

    private static String endpoint() {
        return fixture.credentialsServer().endpoint();
    }

    @Test
    void fetchCredentials_forAttachedThingAndAllowedAlias_returnsCredentialsExpiringAfterAliasDuration() throws Exception {
        Device device = device(1800, true);
        Instant before = Instant.now();

        MtlsHttp.Answer answer = MtlsHttp.fetchCredentials(client(device.certificate()), endpoint(), device.alias(), device.thingName());

        assertThat(answer.status()).isEqualTo(200);
        var credentials = answer.body().path("credentials");
        assertThat(credentials.path("accessKeyId").asText()).startsWith("ASIA").hasSize(20);
        assertThat(credentials.path("secretAccessKey").asText()).hasSize(40);
        assertThat(credentials.path("sessionToken").asText()).isNotBlank();
        Instant expiration = Instant.parse(credentials.path("expiration").asText());
        assertThat(expiration).isBetween(before.plusSeconds(1800).minusSeconds(2), Instant.now().plusSeconds(1801));
    }

    @Test
    void fetchedCredentials_signStsCalls_asTheAssumedRoleWithCertificateIdSession() throws Exception {
        Device device = device(3600, true);
        var credentials = MtlsHttp.fetchCredentials(client(device.certificate()), endpoint(), device.alias(), device.thingName())
                .body().path("credentials");
        AwsSessionCredentials session = AwsSessionCredentials.create(credentials.path("accessKeyId").asText(),
                credentials.path("secretAccessKey").asText(), credentials.path("sessionToken").asText());

        try (StsClient sts = StsClient.builder().endpointOverride(fixture.iamEndpoint())
                .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(session)).build()) {
            assertThat(sts.getCallerIdentity().arn()).isEqualTo("arn:aws:sts::123456789012:assumed-role/EdgeDeviceRole/"
                    + device.certificate().certificateId());
        }
    }

    @Test
    void fetchCredentials_withoutThingName_isAllowedByCertificatePolicy() throws Exception {
        Device device = device(900, true);

        MtlsHttp.Answer answer = MtlsHttp.fetchCredentials(client(device.certificate()), endpoint(), device.alias(), null);

        assertThat(answer.status()).isEqualTo(200);
    }

    @Test
    void fetchCredentials_whenThingNameNotAttached_returns403() throws Exception {
        Device device = device(900, true);

        MtlsHttp.Answer answer = MtlsHttp.fetchCredentials(client(device.certificate()), endpoint(), device.alias(), "someone-else");

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.errorType()).isEqualTo("AccessDeniedException");
        assertThat(answer.body().toString()).isEqualTo("{\"message\":\"Invalid thing name passed\"}");
        assertThat(deniedExplanation(device.alias())).contains("someone-else").contains("not attached");
    }

    @Test
    void fetchCredentials_whenPolicyDoesNotAllowAlias_returns403NamingTheAction() throws Exception {
        Device device = device(900, false);

        MtlsHttp.Answer answer = MtlsHttp.fetchCredentials(client(device.certificate()), endpoint(), device.alias(), device.thingName());

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.errorType()).isEqualTo("AccessDeniedException");
        assertThat(answer.body().path("message").asText()).isEqualTo("Access Denied");
        assertThat(deniedExplanation(device.alias())).contains("iot:AssumeRoleWithCertificate")
                .contains("rolealias/" + device.alias());
    }

    @Test
    void fetchCredentials_whenAliasUnknown_returns404() throws Exception {
        Device device = device(900, true);

        // The policy allows the alias; the alias itself is gone.
        iot.deleteRoleAlias(r -> r.roleAlias(device.alias()));

        MtlsHttp.Answer answer = MtlsHttp.fetchCredentials(client(device.certificate()), endpoint(), device.alias(), device.thingName());

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.errorType()).isNotEmpty();
        assertThat(answer.body().path("message").asText()).isEqualTo("Role alias does not exist");
    }

    @Test
    void fetchCredentials_whenAliasDurationExceedsRoleMaxSession_returns400() throws Exception {
        Device device = device(10_800, true);

        MtlsHttp.Answer answer = MtlsHttp.fetchCredentials(client(device.certificate()), endpoint(), device.alias(), device.thingName());

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().path("message").asText())
                .isEqualTo("The requested CredentialDurationSeconds exceeds the MaxSessionDuration set for the role");
        assertThat(deniedExplanation(device.alias())).contains("10800").contains("7200");
    }

    @Test
    void fetchCredentials_whenCertificateInactive_returns403() throws Exception {
        Device device = device(900, true);
        iot.updateCertificate(r -> r.certificateId(device.certificate().certificateId()).newStatus(CertificateStatus.INACTIVE));

        MtlsHttp.Answer answer = MtlsHttp.fetchCredentials(client(device.certificate()), endpoint(), device.alias(), device.thingName());

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.errorType()).isEqualTo("AccessDeniedException");
        assertThat(answer.body().path("message").asText()).isEqualTo("Certificate is invalid on this endpoint");
        assertThat(deniedExplanation(device.alias())).contains("INACTIVE");
    }

    @Test
    void fetchCredentials_whenCertificateNotRegistered_returns403() throws Exception {
        KeyPair keys = KeyPairs.generate();
        X509Certificate stranger = SelfSignedCertificates.create(keys, "stranger", Duration.ofDays(1));

        MtlsHttp.Answer answer = MtlsHttp.fetchCredentials(
                MtlsHttp.client(stranger, keys.getPrivate(), fixture.authority().certificate()), endpoint(), "AnyAlias", null);

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.body().path("message").asText()).isEqualTo("Certificate is invalid on this endpoint");
        assertThat(deniedExplanation("AnyAlias")).contains("not registered");
    }

    @Test
    void fetchCredentials_whenRoleDoesNotTrustCredentialsProvider_returns400UnableToAssume() throws Exception {
        String untrusting = fixture.iam().createRole(r -> r.roleName("LambdaOnly").assumeRolePolicyDocument(
                TRUST.replace("credentials.iot.amazonaws.com", "lambda.amazonaws.com"))).role().arn();
        Device device = device(900, true);
        iot.deleteRoleAlias(r -> r.roleAlias(device.alias()));
        iot.createRoleAlias(r -> r.roleAlias(device.alias()).roleArn(untrusting));

        MtlsHttp.Answer answer = MtlsHttp.fetchCredentials(client(device.certificate()), endpoint(), device.alias(), device.thingName());

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().path("message").asText())
                .isEqualTo("Unable to assume the role, or the role to assume does not exist");
        assertThat(deniedExplanation(device.alias())).contains("credentials.iot.amazonaws.com");
    }

    @Test
    void fetchCredentials_whenRoleDoesNotExist_returns400UnableToAssume() throws Exception {
        Device device = device(900, true);
        iot.deleteRoleAlias(r -> r.roleAlias(device.alias()));
        iot.createRoleAlias(r -> r.roleAlias(device.alias()).roleArn("arn:aws:iam::123456789012:role/NoSuchRole"));

        MtlsHttp.Answer answer = MtlsHttp.fetchCredentials(client(device.certificate()), endpoint(), device.alias(), device.thingName());

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().path("message").asText())
                .isEqualTo("Unable to assume the role, or the role to assume does not exist");
    }

    @Test
    void fetchCredentials_forAnAliasThePolicyDoesNotAllow_returns403BeforeLookingTheAliasUp() throws Exception {
        Device device = device(900, true);

        MtlsHttp.Answer answer = MtlsHttp.fetchCredentials(client(device.certificate()), endpoint(), "NoSuchAlias",
                device.thingName());

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.body().path("message").asText()).isEqualTo("Access Denied");
    }

    @Test
    void fetchCredentials_checksTheThingNameBeforeTheAlias_asAwsDoes() throws Exception {
        Device device = device(900, true);

        MtlsHttp.Answer answer = MtlsHttp.fetchCredentials(client(device.certificate()), endpoint(), "NoSuchAlias",
                "not-my-thing");

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.body().path("message").asText()).isEqualTo("Invalid thing name passed");
    }

    /** The explanation the last refusal for an alias left in the event log. */
    private static String deniedExplanation(String alias) {
        return fixture.registry().events().all().stream()
                .filter(e -> e.type() == EventType.AUTHORIZATION && e.resource().endsWith("rolealias/" + alias)
                        && e.outcome().equals("DENIED"))
                .reduce((a, b) -> b).map(e -> e.message()).orElse("");
    }

    @Test
    void fetchCredentials_withoutClientCertificate_failsTheHandshake() throws Exception {
        HttpClient anonymous = MtlsHttp.client(null, null, fixture.authority().certificate());

        assertThatThrownBy(() -> MtlsHttp.fetchCredentials(anonymous, endpoint(), "AnyAlias", null))
                .isInstanceOf(IOException.class);
    }

    @Test
    void fetchCredentials_recordsAuthorizationEvents_withoutSecrets() throws Exception {
        Device device = device(900, true);

        var credentials = MtlsHttp.fetchCredentials(client(device.certificate()), endpoint(), device.alias(), device.thingName())
                .body().path("credentials");

        assertThat(fixture.registry().events().all()).filteredOn(e -> e.type() == EventType.AUTHORIZATION
                        && e.resource().endsWith("rolealias/" + device.alias()))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.outcome()).isEqualTo("ALLOWED");
                    assertThat(e.toString()).doesNotContain(credentials.path("secretAccessKey").asText())
                            .doesNotContain(credentials.path("sessionToken").asText());
                });
    }
}
