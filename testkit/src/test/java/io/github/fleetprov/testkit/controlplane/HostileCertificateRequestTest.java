package io.github.fleetprov.testkit.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.core.pki.CertificateAuthority;
import io.github.fleetprov.core.pki.KeyAlgorithm;
import io.github.fleetprov.core.pki.KeyPairs;
import io.github.fleetprov.core.pki.Pem;
import io.github.fleetprov.core.pki.SelfSignedCertificates;
import io.github.fleetprov.testkit.LocalIotCore;
import io.github.fleetprov.testkit.event.EventLog;
import io.github.fleetprov.testkit.internal.controlplane.ControlPlaneServer;
import io.github.fleetprov.testkit.internal.controlplane.IotOperations;
import io.github.fleetprov.testkit.internal.controlplane.PolicyAuthorization;
import io.github.fleetprov.testkit.registry.IotRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CertificateValidationException;
import software.amazon.awssdk.services.iot.model.IotException;
import software.amazon.awssdk.services.iot.model.RegisterCertificateWithoutCaResponse;

/**
 * Certificates built to crash parsers, sent with the AWS SDK v2 {@code IotClient} to LocalIotCore's
 * control plane: each gets an AWS-shaped 400, and the server keeps answering afterwards.
 */
class HostileCertificateRequestTest {

    private static IotClient iot;

    @BeforeAll
    static void connect() {
        iot = client(LocalIotCore.shared().controlPlaneEndpoint());
    }

    @AfterAll
    static void close() {
        iot.close();
    }

    private static IotClient client(java.net.URI endpoint) {
        return IotClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDLOCAL", "local-secret")))
                .build();
    }

    /** A certificate PEM of 5,000 nested indefinite-length SEQUENCEs (13.6 KB), as reported against the JDK parser. */
    static String nestedCertificatePem() {
        byte[] der = new byte[5_000 * 2];
        for (int i = 0; i < 5_000; i++) {
            der[2 * i] = 0x30;
            der[2 * i + 1] = (byte) 0x80;
        }
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END CERTIFICATE-----\n";
    }

    @Test
    void registerCertificateWithoutCa_whenPemNestsIndefinitely_answers400AndKeepsServing() {
        String hostile = nestedCertificatePem();

        assertThatThrownBy(() -> iot.registerCertificateWithoutCA(r -> r.certificatePem(hostile)))
                .isInstanceOf(CertificateValidationException.class)
                .satisfies(e -> assertThat(((IotException) e).statusCode()).isEqualTo(400))
                .hasMessageContaining("not a valid X.509 certificate")
                .hasMessageContaining("indefinite length");

        String real = Pem.certificateToPem(SelfSignedCertificates.create(KeyPairs.generate(), "device-after-attack",
                Duration.ofDays(1)));
        RegisterCertificateWithoutCaResponse registered = iot.registerCertificateWithoutCA(r -> r.certificatePem(real));
        assertThat(registered.certificateId()).hasSize(64);
    }

    @Test
    void registerCertificate_whenPemNestsIndefinitely_answers400() {
        String hostile = nestedCertificatePem();

        assertThatThrownBy(() -> iot.registerCertificate(r -> r.certificatePem(hostile)))
                .isInstanceOf(CertificateValidationException.class)
                .satisfies(e -> assertThat(((IotException) e).statusCode()).isEqualTo(400));
        assertThatThrownBy(() -> iot.registerCertificate(r -> r.certificatePem(
                Pem.certificateToPem(SelfSignedCertificates.create(KeyPairs.generate(), "d", Duration.ofDays(1))))
                .caCertificatePem(hostile)))
                .isInstanceOf(CertificateValidationException.class)
                .satisfies(e -> assertThat(((IotException) e).statusCode()).isEqualTo(400));
    }

    @Test
    void anyOperation_whenItsHandlerThrowsAnError_answersAwsShaped500() {
        Clock clock = Clock.systemUTC();
        IotRegistry registry = IotRegistry.inMemory("aws", "us-east-1", "123456789012", clock, EventLog.create(clock));
        IotOperations operations = new IotOperations(registry, CertificateAuthority.create("hostile test CA"),
                KeyAlgorithm.EC_P256, type -> Optional.empty(), new PolicyAuthorization(registry));
        // The fault gate runs inside the request handler, before the operation: let it fail the way a
        // recursive parser does.
        try (ControlPlaneServer server = ControlPlaneServer.start(operations, operation -> {
            if (operation.equals("DescribeThingType")) {
                throw new StackOverflowError();
            }
            return ControlPlaneServer.FaultOutcome.PROCEED;
        }); IotClient failing = IotClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDLOCAL", "s")))
                .build()) {

            assertThatThrownBy(() -> failing.describeThingType(r -> r.thingTypeName("Sensor")))
                    .isInstanceOf(IotException.class)
                    .satisfies(e -> assertThat(((IotException) e).statusCode()).isEqualTo(500))
                    .satisfies(e -> assertThat(((IotException) e).awsErrorDetails().errorCode())
                            .isEqualTo("InternalFailureException"))
                    .hasMessageContaining("StackOverflowError");
            assertThat(failing.createThingType(r -> r.thingTypeName("Sensor")).thingTypeName()).isEqualTo("Sensor");
        }
    }
}
