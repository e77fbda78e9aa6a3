package io.github.fleetprov.core.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.Security;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KeyPairsTest {

    @Test
    void generate_defaultsToEcP256() {
        assertThat(KeyAlgorithm.of(KeyPairs.generate().getPublic())).isEqualTo(KeyAlgorithm.EC_P256);
        assertThat(KeyAlgorithm.defaultAlgorithm()).isEqualTo(KeyAlgorithm.EC_P256);
    }

    @ParameterizedTest
    @EnumSource(value = KeyAlgorithm.class, names = {"EC_P256", "EC_P384", "RSA_2048", "RSA_3072"})
    void generate_givesJdkKeysOfTheRequestedAlgorithm_thatEqualTheirPemRoundTrip(KeyAlgorithm algorithm) {
        KeyPair pair = KeyPairs.generate(algorithm);

        assertThat(KeyAlgorithm.of(pair.getPrivate())).isEqualTo(algorithm);
        assertThat(KeyAlgorithm.of(pair.getPublic())).isEqualTo(algorithm);
        assertThat(pair.getPrivate()).isInstanceOfAny(ECPrivateKey.class, RSAPrivateCrtKey.class);
        assertThat(pair.getPrivate().getClass().getName()).startsWith("sun.security.");
        KeyPair read = Pem.readKeyPair(Pem.privateKeyToPem(pair.getPrivate()));
        assertThat(read.getPrivate()).isEqualTo(pair.getPrivate());
        assertThat(read.getPublic()).isEqualTo(pair.getPublic());
    }

    @Test
    void usingThePkiApi_neverRegistersBouncyCastleGlobally() {
        KeyPair pair = KeyPairs.generate();
        CertificateSigningRequest.create(pair, Subject.ofCommonName("d")).verifySignature();
        Pem.readPrivateKey(Pem.privateKeyToPem(pair.getPrivate(), "pw".toCharArray()), "pw".toCharArray());
        CertificateAuthority.create("CA").issueServerWithKey(java.util.List.of("localhost"), Duration.ofDays(1));

        assertThat(Security.getProvider("BC")).isNull();
    }
}
