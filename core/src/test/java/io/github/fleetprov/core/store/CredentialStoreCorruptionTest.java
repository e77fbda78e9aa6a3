package io.github.fleetprov.core.store;

import static io.github.fleetprov.core.store.StoreFixtures.device;
import static io.github.fleetprov.core.store.StoreFixtures.pending;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.core.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads validate what they load and name the bad file. */
class CredentialStoreCorruptionTest {

    @TempDir
    Path tmp;

    private CredentialStore store;
    private IdentityFiles files;

    @BeforeEach
    void writeDevice() {
        store = CredentialStore.open(tmp.resolve("store"));
        store.writeDevice(device("thing-1"));
        files = store.deviceFiles().orElseThrow();
    }

    @Test
    void readDevice_whenKeyIsGarbage_namesKeyFile() throws Exception {
        Files.writeString(files.privateKey(), "garbage");

        assertThatThrownBy(store::readDevice)
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(files.privateKey() + ": no PEM private key found");
    }

    @Test
    void readDevice_whenKeyIsTruncated_namesKeyFile() throws Exception {
        String key = Files.readString(files.privateKey());
        Files.writeString(files.privateKey(), key.substring(0, key.length() / 2));

        assertThatThrownBy(store::readDevice)
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(files.privateKey() + ": ");
    }

    @Test
    void readDevice_whenCertificateBelongsToAnotherKey_namesKeyFile() throws Exception {
        Files.writeString(files.certificate(), device("other").certificatePem());

        assertThatThrownBy(store::readDevice)
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(files.privateKey() + ": the private key does not belong to the certificate in "
                        + files.certificate());
    }

    @Test
    void readDevice_whenCertificateIsMissing_namesCertificateFile() throws Exception {
        Files.delete(files.certificate());

        assertThatThrownBy(store::readDevice)
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(files.certificate() + ": is missing");
    }

    @Test
    void readDevice_whenCertificateIsAKey_namesCertificateFile() throws Exception {
        Files.copy(files.privateKey(), files.certificate(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertThatThrownBy(store::readDevice)
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(files.certificate() + ": expected a certificate but found a PRIVATE KEY");
    }

    @Test
    void readDevice_whenMetadataIsNotJson_namesMetadataFile() throws Exception {
        Files.writeString(files.metadata(), "{\"thingName\": oops");

        assertThatThrownBy(store::readDevice)
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(files.metadata() + ": is not valid JSON at line 1");
    }

    @Test
    void readDevice_whenMetadataLacksThingName_namesMetadataFile() throws Exception {
        String json = Files.readString(files.metadata()).replace("\"thingName\"", "\"thingNam\"");
        Files.writeString(files.metadata(), json);

        assertThatThrownBy(store::readDevice)
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(files.metadata() + ": has no text field 'thingName'");
    }

    @Test
    void readDevice_whenMetadataHasWrongCertificateId_namesMetadataFile() throws Exception {
        String json = Files.readString(files.metadata()).replaceAll("\"certificateId\" : \"[0-9a-f]+\"",
                "\"certificateId\" : \"" + "0".repeat(64) + "\"");
        Files.writeString(files.metadata(), json);

        assertThatThrownBy(store::readDevice)
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(files.metadata() + ": does not match the stored identity")
                .hasMessageContaining("certificateId");
    }

    @Test
    void readDevice_whenPointerIsGarbage_namesPointerFile() throws Exception {
        Path pointer = tmp.resolve("store/device/current");
        Files.writeString(pointer, "../../etc");

        assertThatThrownBy(store::readDevice)
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(pointer + ": does not name a generation directory");
    }

    @Test
    void readPending_whenMetadataCorrupt_neverQuotesToken() throws Exception {
        store.writePending(pending("SECRET-TOKEN-VALUE"));
        Path meta = store.directory().resolve("pending").resolve(
                Files.readString(store.directory().resolve("pending/current")).strip()).resolve("identity.json");
        Files.writeString(meta, Files.readString(meta).replace("\"ownershipToken\" : \"SECRET-TOKEN-VALUE\"",
                "\"ownershipToken\" : SECRET-TOKEN-VALUE"));

        assertThatThrownBy(store::readPending)
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(meta + ": is not valid JSON")
                .hasMessageNotContaining("SECRET");
    }
}
