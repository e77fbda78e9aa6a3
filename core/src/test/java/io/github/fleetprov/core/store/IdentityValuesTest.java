package io.github.fleetprov.core.store;

import static io.github.fleetprov.core.store.StoreFixtures.issue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.pki.IssuedCertificate;
import io.github.fleetprov.core.pki.KeyPairs;
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
