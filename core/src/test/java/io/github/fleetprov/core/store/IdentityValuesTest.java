package io.github.fleetprov.core.store;

import static io.github.fleetprov.core.store.StoreFixtures.issue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.pki.IssuedCertificate;
import io.github.fleetprov.core.pki.KeyPairs;
import io.github.fleetprov.core.pki.Pem;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import nl.jqno.equalsverifier.EqualsVerifier;
import org.junit.jupiter.api.Test;

class IdentityValuesTest {

    private static final IssuedCertificate A = issue("a");
    private static final IssuedCertificate B = issue("b");

    @Test
    void deviceIdentity_whenKeyDoesNotMatchCertificate_throwsNamingPrivateKey() {
        assertThatThrownBy(() -> DeviceIdentity.builder().certificatePem(A.certificatePem())
                .privateKey(B.keyPair().getPrivate()).thingName("t").endpoint("e").build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("privateKey: the private key does not belong to the certificate");
    }

    @Test
    void deviceIdentity_whenFieldsMissing_throwsNamingField() {
        assertThatThrownBy(() -> DeviceIdentity.builder().certificatePem(A.certificatePem())
                .privateKey(A.keyPair().getPrivate()).endpoint("e").build())
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("thingName: thingName is required");
        assertThatThrownBy(() -> DeviceIdentity.builder().privateKey(A.keyPair().getPrivate()).thingName("t")
                .endpoint("e").build())
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("certificatePem: certificatePem is required");
        assertThatThrownBy(() -> DeviceIdentity.builder().certificatePem("garbage").privateKey(A.keyPair().getPrivate())
                .thingName("t").endpoint("e").build())
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("certificatePem: ");
        assertThatThrownBy(() -> DeviceIdentity.builder().certificatePem(A.certificatePem())
                .privateKey(A.keyPair().getPrivate()).thingName("t").endpoint("e").certificateId("abc").build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("certificateId: 'abc' is not the id of the certificate (" + A.certificateId() + ")");
    }

    @Test
    void pendingIdentity_whenTokenMissing_throws_andExpiryIsChecked() {
        assertThatThrownBy(() -> PendingIdentity.builder().certificatePem(A.certificatePem())
                .privateKey(A.keyPair().getPrivate()).templateName("T").tokenExpiry(Instant.now()).build())
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("ownershipToken: ");
        Instant expiry = Instant.parse("2026-01-01T01:00:00Z");
        PendingIdentity p = PendingIdentity.builder().certificatePem(A.certificatePem())
                .privateKey(A.keyPair().getPrivate()).templateName("T").ownershipToken("tok").tokenExpiry(expiry).build();
        assertThat(p.isExpired(expiry.minusSeconds(1))).isFalse();
        assertThat(p.isExpired(expiry)).isTrue();
        assertThat(p.toBuilder().build()).isEqualTo(p);
        assertThat(p.copy(b -> b.templateName("Other")).templateName()).isEqualTo("Other");
        assertThatThrownBy(() -> p.copy(b -> b.ownershipToken(" ")))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("ownershipToken: ");
    }

    @Test
    void deviceIdentity_builderRoundTrip_keepsPortAndDeviceConfiguration() {
        DeviceIdentity d = DeviceIdentity.builder().certificate(A.certificate()).privateKey(A.keyPair().getPrivate())
                .thingName("t").endpoint("iot.example.com").port(443)
                .deviceConfiguration(java.util.Map.of("topic", "dt/t")).build();

        assertThat(d.toBuilder().build()).isEqualTo(d).hasSameHashCodeAs(d);
        assertThat(d.port()).isEqualTo(443);
        assertThat(d.deviceConfiguration()).containsExactly(java.util.Map.entry("topic", "dt/t"));
        assertThat(d.certificatePem()).isEqualTo(Pem.certificateToPem(A.certificate()));
        assertThat(d.certificateId()).isEqualTo(A.certificateId());
        assertThat(d.copy(b -> b.port(8883))).isNotEqualTo(d);
        assertThat(d.copy(b -> b.putDeviceConfiguration("x", "y")).deviceConfiguration()).hasSize(2);
        assertThatThrownBy(() -> d.deviceConfiguration().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void deviceIdentity_portDefaultsTo8883_andOutOfRangePortNamesTheField() {
        DeviceIdentity d = DeviceIdentity.builder().certificatePem(A.certificatePem())
                .privateKey(A.keyPair().getPrivate()).thingName("t").endpoint("e").build();

        assertThat(d.port()).isEqualTo(8883);
        assertThat(d.deviceConfiguration()).isEmpty();
        assertThatThrownBy(() -> d.copy(b -> b.port(0))).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("port: must be between 1 and 65535, was 0");
        assertThatThrownBy(() -> d.copy(b -> b.port(65536))).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("port: ");
    }

    @Test
    void toString_neverShowsKeysOrTokens() {
        String keyPem = A.privateKeyPem();
        String keyBody = keyPem.split("\n")[1];
        DeviceIdentity d = DeviceIdentity.builder().certificatePem(A.certificatePem())
                .privateKey(A.keyPair().getPrivate()).thingName("t").endpoint("e").port(443)
                .putDeviceConfiguration("topic", "dt/t").build();
        PendingIdentity p = PendingIdentity.builder().certificatePem(A.certificatePem())
                .privateKey(A.keyPair().getPrivate()).templateName("T").ownershipToken("secret-token-value")
                .tokenExpiry(Instant.now()).build();
        ClaimIdentity c = ClaimIdentity.builder().certificatePem(A.certificatePem())
                .privateKey(A.keyPair().getPrivate()).endpoint("e").build();

        assertThat(d.toString()).contains("thingName=t", "e:443", "[topic]", "privateKey=***").doesNotContain(keyBody);
        assertThat(p.toString()).contains("ownershipToken=***").doesNotContain("secret-token-value", keyBody);
        assertThat(c.toString()).contains("privateKey=***").doesNotContain(keyBody);
        assertThat(c.templateName()).isEmpty();
    }

    @Test
    void pendingIdentity_fromCertificate_equalsFromPem() {
        Instant expiry = Instant.parse("2026-01-01T01:00:00Z");
        PendingIdentity fromPem = PendingIdentity.builder().certificatePem(Pem.certificateToPem(A.certificate()))
                .privateKey(A.keyPair().getPrivate()).templateName("T").ownershipToken("tok").tokenExpiry(expiry).build();
        PendingIdentity fromCert = PendingIdentity.builder().certificate(A.certificate())
                .privateKey(A.keyPair().getPrivate()).templateName("T").ownershipToken("tok").tokenExpiry(expiry).build();

        assertThat(fromCert).isEqualTo(fromPem);
    }

    @Test
    void identities_equalsAndHashCode() {
        PrivateKey k1 = KeyPairs.generate().getPrivate();
        PrivateKey k2 = KeyPairs.generate().getPrivate();
        X509Certificate c1 = A.certificate();
        X509Certificate c2 = B.certificate();
        EqualsVerifier.forClass(DeviceIdentity.class).withPrefabValues(PrivateKey.class, k1, k2)
                .withPrefabValues(X509Certificate.class, c1, c2).withIgnoredFields("certificate")
                .suppress(nl.jqno.equalsverifier.Warning.NULL_FIELDS).verify();
        EqualsVerifier.forClass(PendingIdentity.class).withPrefabValues(PrivateKey.class, k1, k2)
                .withPrefabValues(X509Certificate.class, c1, c2).withIgnoredFields("certificate")
                .suppress(nl.jqno.equalsverifier.Warning.NULL_FIELDS).verify();
        EqualsVerifier.forClass(ClaimIdentity.class).withPrefabValues(PrivateKey.class, k1, k2)
                .withPrefabValues(X509Certificate.class, c1, c2).withIgnoredFields("certificate", "certificateId")
                .suppress(nl.jqno.equalsverifier.Warning.NULL_FIELDS).verify();
        EqualsVerifier.forClass(AbandonedCertificate.class)
                .withPrefabValues(String.class, "a".repeat(64), "b".repeat(64))
                .suppress(nl.jqno.equalsverifier.Warning.NULL_FIELDS).verify();
    }
}
