package io.github.fleetprov.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.pki.CertificateAuthority;
import io.github.fleetprov.core.pki.IssuedCertificate;
import io.github.fleetprov.core.pki.KeyAlgorithm;
import io.github.fleetprov.core.pki.KeyPairs;
import io.github.fleetprov.core.pki.Pem;
import io.github.fleetprov.core.pki.Subject;
import io.github.fleetprov.core.store.DeviceIdentity;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Public value types: validation that names the field, secrets kept out of toString, equality. */
class ValuesTest {

    private static final CertificateAuthority CA = CertificateAuthority.create("Values test CA");
    private static final IssuedCertificate CLAIM = CA.issueWithKey(Subject.ofCommonName("claim"),
            KeyAlgorithm.EC_P256, Duration.ofDays(1));

    @TempDir
    Path dir;

    @Test
    void claimCredentials_fromPemFiles_readsCertificateAndKey() throws Exception {
        Path cert = Files.writeString(dir.resolve("claim.pem.crt"), CLAIM.certificatePem());
        Path key = Files.writeString(dir.resolve("claim.private.key"), CLAIM.privateKeyPem());

        ClaimCredentials claim = ClaimCredentials.fromPemFiles(cert, key);

        assertThat(claim.certificate()).isEqualTo(CLAIM.certificate());
        assertThat(claim.toString()).contains("CN=claim").doesNotContain("PRIVATE");
    }

    @Test
    void claimCredentials_withWrongKey_namesTheFieldAndTheFix() {
        String otherKey = Pem.privateKeyToPem(KeyPairs.generate().getPrivate());

        assertThatThrownBy(() -> ClaimCredentials.fromPem(CLAIM.certificatePem(), otherKey))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("privateKeyPem: the private key does not belong to the certificate. Pass the private key"
                        + " that was issued with this claim certificate.");
    }

    @Test
    void claimCredentials_withMissingFile_namesTheFile() {
        Path missing = dir.resolve("missing.pem");

        assertThatThrownBy(() -> ClaimCredentials.fromPemFiles(missing, missing))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("certificateFile: cannot read " + missing);
    }

    @Test
    void claimCredentials_fromPkcs12AndKeyStore_readTheKeyEntry() throws Exception {
        char[] password = "changeit".toCharArray();
        KeyStore p12 = KeyStore.getInstance("PKCS12");
        p12.load(null, null);
        p12.setKeyEntry("claim", CLAIM.keyPair().getPrivate(), password, new X509Certificate[] {CLAIM.certificate()});
        Path file = dir.resolve("claim.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            p12.store(out, password);
        }

        assertThat(ClaimCredentials.fromPkcs12(file, password).certificate()).isEqualTo(CLAIM.certificate());
        assertThat(ClaimCredentials.fromKeyStore(p12, "claim", password).certificate()).isEqualTo(CLAIM.certificate());
        assertThatThrownBy(() -> ClaimCredentials.fromPkcs12(file, "wrong".toCharArray()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("Check the path and the password");
        assertThatThrownBy(() -> ClaimCredentials.fromKeyStore(p12, "nope", password))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("alias:");
    }

    @Test
    void deviceIdentity_toString_neverShowsTheKey() {
        DeviceIdentity device = DeviceIdentity.builder().thingName("thing-1").certificate(CLAIM.certificate())
                .privateKey(CLAIM.keyPair().getPrivate()).endpoint("iot.example.com").build();

        assertThat(device.toString()).contains("thing-1").contains(device.certificateId())
                .doesNotContain(CLAIM.privateKeyPem().substring(30, 60));
        assertThat(device.certificateId()).isEqualTo(CLAIM.certificateId());
        assertThat(device.port()).isEqualTo(8883);
    }

    @Test
    void deviceIdentity_equality_followsItsValues() {
        DeviceIdentity a = DeviceIdentity.builder().thingName("t").certificate(CLAIM.certificate())
                .privateKey(CLAIM.keyPair().getPrivate()).endpoint("e").build();
        DeviceIdentity same = a.toBuilder().build();
        DeviceIdentity otherPort = a.toBuilder().port(443).build();

        assertThat(a).isEqualTo(same).hasSameHashCodeAs(same).isNotEqualTo(otherPort);
    }

    @Test
    void deviceIdentity_withMismatchedKey_namesTheField() {
        assertThatThrownBy(() -> DeviceIdentity.builder().thingName("t").certificate(CLAIM.certificate())
                .privateKey(KeyPairs.generate().getPrivate()).endpoint("e").build())
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("privateKey:");
    }

    @Test
    void retryPolicy_delays_growExponentiallyWithinTheCap() {
        RetryPolicy policy = RetryPolicy.builder().initialBackoff(Duration.ofMillis(100))
                .maxBackoff(Duration.ofMillis(350)).maxAttempts(10).build();

        for (int i = 0; i < 200; i++) {
            assertThat(policy.delayBefore(1)).isBetween(Duration.ZERO, Duration.ofMillis(100));
            assertThat(policy.delayBefore(2)).isBetween(Duration.ZERO, Duration.ofMillis(200));
            assertThat(policy.delayBefore(8)).isBetween(Duration.ZERO, Duration.ofMillis(350));
        }
        assertThat(policy.toBuilder().build()).isEqualTo(policy).hasSameHashCodeAs(policy);
    }

    @Test
    void retryPolicy_retriesOnlyRetryableFailuresWithinTheAttempts() {
        RetryPolicy policy = RetryPolicy.builder().maxAttempts(2).build();
        ProvisioningTimeoutException timeout = new ProvisioningTimeoutException(ProvisioningStep.REGISTER_THING,
                Duration.ofSeconds(1));
        ProvisioningRejectedException invalid = new ProvisioningRejectedException(ProvisioningStep.REGISTER_THING,
                400, "InvalidParameters", "");

        assertThat(policy.shouldRetry(timeout, 1)).isTrue();
        assertThat(policy.shouldRetry(timeout, 2)).isFalse();
        assertThat(policy.shouldRetry(invalid, 1)).isFalse();
        assertThat(RetryPolicy.none().shouldRetry(timeout, 1)).isFalse();
    }

    @Test
    void retryPolicy_withZeroAttempts_namesTheField() {
        assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0).build())
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("retryPolicy.maxAttempts:");
    }

    @Test
    void httpProxy_toString_hidesThePassword() {
        HttpProxy proxy = HttpProxy.of("proxy.local", 3128).withBasicAuth("user", "hunter2".toCharArray());

        assertThat(proxy.toString()).contains("proxy.local:3128").contains("user").doesNotContain("hunter2");
        assertThat(proxy).isEqualTo(HttpProxy.of("proxy.local", 3128).withBasicAuth("user", "hunter2".toCharArray()));
        assertThatThrownBy(() -> HttpProxy.of("proxy.local", 0)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("httpProxy.port:");
    }

    @Test
    void keyStrategy_describesItselfWithoutTheKey() {
        assertThat(KeyStrategy.csrWithNewKey().toString()).isEqualTo("KeyStrategy[CSR, new EC_P256 key]");
        assertThat(KeyStrategy.csrWithKey(KeyPairs.generate()).toString()).isEqualTo("KeyStrategy[CSR, supplied key]");
        assertThat(KeyStrategy.createKeysAndCertificate().kind()).isEqualTo(KeyStrategy.Kind.CREATE_KEYS_AND_CERTIFICATE);
    }

    @Test
    void clientBuilder_withoutEndpoint_namesTheFieldAndTheFix() {
        FleetProvisioningClient.Builder builder = FleetProvisioningClient.builder()
                .claim(ClaimCredentials.of(CLAIM.certificate(), CLAIM.keyPair().getPrivate()))
                .templateName("T").credentialStore(dir);

        assertThatThrownBy(builder::build).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("endpoint: is required");
    }

    @Test
    void clientBuilder_withInvalidTemplateName_namesTheRule() {
        FleetProvisioningClient.Builder builder = FleetProvisioningClient.builder().endpoint("e")
                .claim(ClaimCredentials.of(CLAIM.certificate(), CLAIM.keyPair().getPrivate()))
                .templateName("bad name!").credentialStore(dir);

        assertThatThrownBy(builder::build).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("templateName:").hasMessageContaining("[0-9A-Za-z_-]");
    }

    @Test
    void clientBuilder_withoutCredentialStore_namesTheField() {
        FleetProvisioningClient.Builder builder = FleetProvisioningClient.builder().endpoint("e")
                .claim(ClaimCredentials.of(CLAIM.certificate(), CLAIM.keyPair().getPrivate())).templateName("T");

        assertThatThrownBy(builder::build).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("credentialStore: is required");
    }

    @Test
    void clientBuilder_withNonPositiveTimeout_namesTheStep() {
        assertThatThrownBy(() -> FleetProvisioningClient.builder().stepTimeout(ProvisioningStep.REGISTER_THING,
                Duration.ZERO)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("stepTimeout(REGISTER_THING): must be positive");
    }

    @Test
    void clientBuilder_withGarbageCa_namesTheField() {
        FleetProvisioningClient.Builder builder = FleetProvisioningClient.builder().endpoint("e")
                .claim(ClaimCredentials.of(CLAIM.certificate(), CLAIM.keyPair().getPrivate())).templateName("T")
                .credentialStore(dir).certificateAuthorityPem("not a certificate");

        assertThatThrownBy(builder::build).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("certificateAuthority");
    }

    @Test
    void clientBuilder_defaults_toAmazonRootCasAndMqtt5() {
        FleetProvisioningClient client = FleetProvisioningClient.builder().endpoint("e")
                .claim(ClaimCredentials.of(CLAIM.certificate(), CLAIM.keyPair().getPrivate())).templateName("T")
                .credentialStore(dir).build();

        assertThat(client.toString()).contains("mqtt=MQTT_5").contains("KeyStrategy[CSR, new EC_P256 key]");
        assertThat(client.storedDevice()).isEmpty();
    }
}
