package io.github.fleetprov.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.pki.CertificateInfo;
import io.github.fleetprov.core.pki.KeyAlgorithm;
import io.github.fleetprov.core.pki.Pem;
import io.github.fleetprov.core.store.DeviceIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code tedge cert create} / {@code tedge cert show} equivalents. */
class DeviceCertificatesTest {

    @TempDir
    Path dir;

    @Test
    void createSelfSigned_usesTheDeviceIdAsCommonNameAndIsItsOwnIssuer() {
        SelfSignedIdentity identity = DeviceCertificates.createSelfSigned("my-device");

        CertificateInfo details = identity.details();
        assertThat(details.subject()).isEqualTo("CN=my-device");
        assertThat(details.issuer()).isEqualTo("CN=my-device");
        assertThat(details.isSelfSigned()).isTrue();
        assertThat(Duration.between(details.notBefore(), details.notAfter())).isGreaterThanOrEqualTo(
                Duration.ofDays(364));
        assertThat(identity.toString()).contains("my-device").doesNotContain("PRIVATE");
    }

    @Test
    void describe_printsWhatTedgeCertShowPrints() {
        SelfSignedIdentity identity = DeviceCertificates.createSelfSigned("my-device", Duration.ofDays(30),
                KeyAlgorithm.RSA_2048);

        String text = DeviceCertificates.describe(identity.certificate()).toString();

        CertificateInfo info = CertificateInfo.of(identity.certificate());
        assertThat(text).startsWith("Subject: CN=my-device\nIssuer: CN=my-device\nValid from: ")
                .contains("\nValid up to: ")
                .contains("\nThumbprint: " + info.sha1Thumbprint() + "\n")
                .endsWith("\nCertificate id: " + info.certificateId())
                .containsPattern("Valid from: [A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} \\+0000");
        assertThat(info.sha1Thumbprint()).matches("[0-9A-F]{40}");
    }

    @Test
    void writeTo_writesReadablePemFilesWithAPrivateKeyFile() throws Exception {
        SelfSignedIdentity identity = DeviceCertificates.createSelfSigned("my-device");
        Path cert = dir.resolve("device-certs/tedge-certificate.pem");
        Path key = dir.resolve("device-certs/tedge-private-key.pem");

        identity.writeTo(cert, key);

        assertThat(Pem.readCertificate(Files.readString(cert))).isEqualTo(identity.certificate());
        assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        try (var files = Files.list(cert.getParent())) {
            assertThat(files).hasSize(2);
        }
    }

    @Test
    void toDevice_connectsAsTheDeviceId() {
        SelfSignedIdentity identity = DeviceCertificates.createSelfSigned("my-device");

        DeviceIdentity device = identity.toDevice("iot.example.com", 8883);

        assertThat(device.thingName()).isEqualTo("my-device");
        assertThat(device.certificateId()).isEqualTo(identity.details().certificateId());
    }

    @Test
    void createSelfSigned_withBlankId_namesTheField() {
        assertThatThrownBy(() -> DeviceCertificates.createSelfSigned(" "))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("deviceId");
    }
}
