package io.github.fleetprov.testkit.internal.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.testkit.TestClock;
import io.github.fleetprov.testkit.internal.iam.IamRole;
import io.github.fleetprov.testkit.internal.iam.IamSession;
import io.github.fleetprov.testkit.internal.iam.IamState;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.crt.auth.credentials.Credentials;
import software.amazon.awssdk.crt.auth.signing.AwsSigner;
import software.amazon.awssdk.crt.auth.signing.AwsSigningConfig;
import software.amazon.awssdk.crt.http.HttpHeader;
import software.amazon.awssdk.crt.http.HttpRequest;

/**
 * The upgrade's SigV4 query signature, made by aws-crt's signer with the Device SDK's websocket
 * settings, is accepted; every way of getting it wrong is refused with AWS's reason.
 */
class SigV4QueryVerifierTest {

    private static final String REGION = "us-east-1";
    private static final String HOST = "localhost:8443";
    private static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"credentials.iot.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}}";

    private final TestClock clock = TestClock.system();
    private IamState iam;
    private IamSession session;
    private SigV4QueryVerifier verifier;

    @BeforeEach
    void session() {
        iam = new IamState("aws", "123456789012", clock);
        IamRole role = iam.createRole("DeviceRole", null, TRUST, null, null, Map.of());
        session = iam.issueSession(role, "thing-1", Duration.ofHours(1));
        verifier = new SigV4QueryVerifier(iam, REGION, clock);
    }

    /** Signs GET /mqtt as the Device SDK's websocket handshake does, and returns the path with its query. */
    private String sign(String secret, String region, String service, Instant time, boolean omitSessionToken)
            throws Exception {
        AwsSigningConfig config = new AwsSigningConfig();
        try {
            config.setAlgorithm(AwsSigningConfig.AwsSigningAlgorithm.SIGV4);
            config.setSignatureType(AwsSigningConfig.AwsSignatureType.HTTP_REQUEST_VIA_QUERY_PARAMS);
            config.setRegion(region);
            config.setService(service);
            config.setTime(time.toEpochMilli());
            config.setCredentials(new Credentials(session.accessKeyId().getBytes(StandardCharsets.UTF_8),
                    secret.getBytes(StandardCharsets.UTF_8), session.sessionToken().getBytes(StandardCharsets.UTF_8)));
            config.setSignedBodyValue(AwsSigningConfig.AwsSignedBodyValue.EMPTY_SHA256);
            config.setOmitSessionToken(omitSessionToken);
            HttpRequest request = new HttpRequest("GET", "/mqtt", new HttpHeader[] {new HttpHeader("host", HOST)}, null);
            return AwsSigner.signRequest(request, config).get().getEncodedPath();
        } finally {
            config.close();
        }
    }

    private String sign() throws Exception {
        return sign(session.secretAccessKey(), REGION, SigV4QueryVerifier.SERVICE, clock.instant(), true);
    }

    private IamSession verify(String pathAndQuery) throws SigV4QueryVerifier.SignatureRefusedException {
        return verify(pathAndQuery, HOST);
    }

    private IamSession verify(String pathAndQuery, String host) throws SigV4QueryVerifier.SignatureRefusedException {
        URI uri = URI.create(pathAndQuery);
        return verifier.verify("GET", uri.getRawPath(), uri.getRawQuery(), name -> "host".equals(name) ? host : null);
    }

    @Test
    void verify_deviceSdkSignature_returnsTheIssuedSession() throws Exception {
        String signed = sign();

        assertThat(signed).contains("X-Amz-Security-Token=").contains("X-Amz-SignedHeaders=host");
        assertThat(verify(signed).accessKeyId()).isEqualTo(session.accessKeyId());
    }

    @Test
    void verify_signatureWithTheTokenAmongTheSignedParameters_isAccepted() throws Exception {
        String signed = sign(session.secretAccessKey(), REGION, SigV4QueryVerifier.SERVICE, clock.instant(), false);

        assertThat(verify(signed).roleArn()).endsWith(":role/DeviceRole");
    }

    @Test
    void verify_signedWithAWrongSecretKey_isRefused() throws Exception {
        String secret = session.secretAccessKey();
        String wrong = (secret.charAt(0) == 'x' ? "y" : "x") + secret.substring(1);   // differs whatever it was
        String signed = sign(wrong, REGION, SigV4QueryVerifier.SERVICE, clock.instant(), true);

        assertThatThrownBy(() -> verify(signed))
                .isInstanceOf(SigV4QueryVerifier.SignatureRefusedException.class)
                .hasMessageContaining("signature we calculated does not match");
    }

    @Test
    void verify_forAnotherHostThanSigned_isRefused() throws Exception {
        String signed = sign();

        assertThatThrownBy(() -> verify(signed, "evil.example:8443"))
                .hasMessageContaining("signature we calculated does not match");
    }

    @Test
    void verify_withATamperedQueryParameter_isRefused() throws Exception {
        String signed = sign().replace("X-Amz-SignedHeaders=host", "X-Amz-SignedHeaders=host&extra=1");

        assertThatThrownBy(() -> verify(signed)).hasMessageContaining("signature we calculated does not match");
    }

    @Test
    void verify_signedMoreThan15MinutesAgo_isRefusedAsExpired() throws Exception {
        String signed = sign(session.secretAccessKey(), REGION, SigV4QueryVerifier.SERVICE,
                clock.instant().minus(Duration.ofMinutes(16)), true);

        assertThatThrownBy(() -> verify(signed)).hasMessageContaining("Signature expired");
    }

    @Test
    void verify_signedForAnotherService_isRefusedNamingTheService() throws Exception {
        String signed = sign(session.secretAccessKey(), REGION, "iot", clock.instant(), true);

        assertThatThrownBy(() -> verify(signed)).hasMessageContaining("iotdevicegateway");
    }

    @Test
    void verify_signedForAnotherRegion_isRefusedNamingTheRegion() throws Exception {
        String signed = sign(session.secretAccessKey(), "eu-west-1", SigV4QueryVerifier.SERVICE, clock.instant(), true);

        assertThatThrownBy(() -> verify(signed)).hasMessageContaining("eu-west-1").hasMessageContaining(REGION);
    }

    @Test
    void verify_withoutTheSessionToken_isRefused() throws Exception {
        String signed = sign().replaceAll("&?X-Amz-Security-Token=[^&]*", "");

        assertThatThrownBy(() -> verify(signed)).hasMessageContaining("X-Amz-Security-Token is missing");
    }

    @Test
    void verify_afterTheSessionExpired_isRefused() throws Exception {
        clock.advance(Duration.ofHours(1).plusMinutes(1));
        String signed = sign();

        assertThatThrownBy(() -> verify(signed)).hasMessageContaining("security token included in the request is invalid");
    }

    @Test
    void verify_afterTheEmulatorClockWasMovedForward_acceptsASignatureCurrentByTheMachineClock() throws Exception {
        clock.advance(Duration.ofHours(2));
        session = iam.issueSession(iam.findRole("DeviceRole").orElseThrow(), "thing-1", Duration.ofHours(1));
        String machineTime = sign(session.secretAccessKey(), REGION, SigV4QueryVerifier.SERVICE, Instant.now(), true);
        String stale = sign(session.secretAccessKey(), REGION, SigV4QueryVerifier.SERVICE,
                Instant.now().minus(Duration.ofMinutes(16)), true);

        assertThat(verify(machineTime).accessKeyId()).isEqualTo(session.accessKeyId());
        assertThatThrownBy(() -> verify(stale)).hasMessageContaining("Signature expired");
    }

    @Test
    void verify_unsignedRequest_isRefusedNamingTheParameters() {
        assertThatThrownBy(() -> verify("/mqtt"))
                .hasMessageContaining("X-Amz-Algorithm").hasMessageContaining("X-Amz-Signature");
    }

    @Test
    void refusals_neverContainTheSecretOrTheToken() throws Exception {
        String secret = session.secretAccessKey();
        String wrong = (secret.charAt(0) == 'x' ? "y" : "x") + secret.substring(1);   // differs whatever it was
        String signed = sign(wrong, REGION, SigV4QueryVerifier.SERVICE, clock.instant(), true);

        assertThatThrownBy(() -> verify(signed))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(session.secretAccessKey())
                        .doesNotContain(session.sessionToken()));
    }
}
