package io.github.fleetprov.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.pki.ExternalPrivateKey;
import io.github.fleetprov.core.pki.IssuedCertificate;
import io.github.fleetprov.core.pki.Pem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An identity whose key lives in a secure element is stored as a reference, never as a key file. */
class ExternalKeyStoreTest {

    private static final String REF = "pkcs11:slot-id=7;object=device;type=private?module-path=/usr/lib/x.so";

    @TempDir
    Path dir;

    private static DeviceIdentity device(IssuedCertificate c, ExternalPrivateKey key) {
        return DeviceIdentity.builder().certificatePem(c.certificatePem()).privateKey(key).thingName("t1")
                .endpoint("abc123-ats.iot.eu-west-1.amazonaws.com").build();
    }

    @Test
    void writeDevice_withExternalKey_storesTheReferenceAndNoKeyFile() throws Exception {
        IssuedCertificate c = StoreFixtures.issue("t1");
        ExternalPrivateKey key = ExternalPrivateKey.of(REF, c.keyPair().getPublic());
        CredentialStore store = CredentialStore.open(dir);

        store.writeDevice(device(c, key));

        IdentityFiles files = store.deviceFiles().orElseThrow();
        assertThat(files.privateKey()).doesNotExist();
        assertThat(Files.readString(files.metadata(), StandardCharsets.US_ASCII)).contains("privateKeyReference")
                .contains("slot-id=7");
        DeviceIdentity read = store.readDevice().orElseThrow();
        assertThat(read.privateKey()).isInstanceOfSatisfying(ExternalPrivateKey.class, k -> {
            assertThat(k.reference()).isEqualTo(REF);
            assertThat(k.publicKey().getEncoded()).isEqualTo(c.keyPair().getPublic().getEncoded());
        });
        assertThat(read).isEqualTo(device(c, key));
    }

    @Test
    void build_withExternalKeyOfAnotherCertificate_namesPrivateKey() {
        IssuedCertificate c = StoreFixtures.issue("t1");
        IssuedCertificate other = StoreFixtures.issue("t2");

        assertThatThrownBy(() -> device(c, ExternalPrivateKey.of(REF, other.keyPair().getPublic())))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("privateKey");
    }

    @Test
    void externalKey_isNotExported() {
        IssuedCertificate c = StoreFixtures.issue("t1");
        ExternalPrivateKey key = ExternalPrivateKey.of(REF, c.keyPair().getPublic());

        assertThat(key.getEncoded()).isNull();
        assertThat(key.getAlgorithm()).isEqualTo("EC");
        assertThatThrownBy(() -> Pem.privateKeyToPem(key)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("cannot be exported");
        assertThatThrownBy(() -> ExternalPrivateKey.of(" ", c.keyPair().getPublic()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("reference");
        assertThat(Map.of("k", key)).containsValue(ExternalPrivateKey.of(REF, c.keyPair().getPublic()));
    }
}
