package io.github.fleetprov.core.store;

import static io.github.fleetprov.core.store.StoreFixtures.issue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.pki.IssuedCertificate;
import io.github.fleetprov.core.pki.Pem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemFilesTest {

    private static final IssuedCertificate A = issue("a");
    private static final IssuedCertificate B = issue("b");

    @TempDir
    Path dir;

    @Test
    void writeNew_writesBothFiles_keyOwnerOnly_andNoTemporaryFile() throws Exception {
        Path cert = dir.resolve("certs/device.pem.crt");
        Path key = dir.resolve("certs/private.pem.key");

        PemFiles.writeNew(cert, A.certificatePem(), key, A.privateKeyPem());

        assertThat(Pem.readCertificate(Files.readString(cert))).isEqualTo(A.certificate());
        assertThat(Pem.readPrivateKey(Files.readString(key))).isEqualTo(A.keyPair().getPrivate());
        try (var files = Files.list(cert.getParent())) {
            assertThat(files).hasSize(2);
        }
        assumeTrue(Files.getFileStore(dir).supportsFileAttributeView("posix"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cert))).isEqualTo("rw-r--r--");
    }

    @Test
    void writeNew_whenAFileExists_refusesNamingIt_andWritesNothing() throws Exception {
        Path cert = dir.resolve("device.pem.crt");
        Path key = dir.resolve("private.pem.key");
        Files.writeString(cert, "old");

        assertThatThrownBy(() -> PemFiles.writeNew(cert, A.certificatePem(), key, A.privateKeyPem()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(cert + ": the file exists already");
        assertThat(Files.readString(cert)).isEqualTo("old");
        assertThat(key).doesNotExist();
    }

    @Test
    void writeNew_whenTheCertificateCannotBeWritten_removesTheKeyFile() throws Exception {
        Path blocker = dir.resolve("not-a-directory");
        Files.writeString(blocker, "x");
        Path key = dir.resolve("private.pem.key");

        assertThatThrownBy(() -> PemFiles.writeNew(blocker.resolve("device.pem.crt"), A.certificatePem(), key,
                A.privateKeyPem()))
                .isInstanceOf(CredentialStoreException.class)
                .hasMessageNotContaining(A.privateKeyPem());
        assertThat(key).doesNotExist();
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(blocker);
        }
    }

    @Test
    void replace_replacesExistingFiles() throws Exception {
        Path cert = dir.resolve("device.pem.crt");
        Path key = dir.resolve("private.pem.key");
        PemFiles.writeNew(cert, A.certificatePem(), key, A.privateKeyPem());

        PemFiles.replace(cert, B.certificatePem(), key, B.privateKeyPem());

        assertThat(Pem.readCertificate(Files.readString(cert))).isEqualTo(B.certificate());
        assertThat(Pem.readPrivateKey(Files.readString(key))).isEqualTo(B.keyPair().getPrivate());
        try (var files = Files.list(dir)) {
            assertThat(files).hasSize(2);
        }
    }

    @Test
    void writeNew_withTheSamePathTwice_namesPrivateKeyFile() {
        Path same = dir.resolve("both.pem");
        assertThatThrownBy(() -> PemFiles.writeNew(same, A.certificatePem(), same, A.privateKeyPem()))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("privateKeyFile: ");
    }
}
