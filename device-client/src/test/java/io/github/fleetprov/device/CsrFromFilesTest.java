package io.github.fleetprov.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.pki.CertificateSigningRequest;
import io.github.fleetprov.core.pki.KeyAlgorithm;
import io.github.fleetprov.core.pki.KeyPairs;
import io.github.fleetprov.core.pki.Pem;
import io.github.fleetprov.core.pki.Subject;
import io.github.fleetprov.core.store.DeviceIdentity;
import io.github.fleetprov.testkit.event.Event;
import io.github.fleetprov.testkit.event.EventType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A CSR file and its key file made outside fleetprov: checked before use, then sent as they are. */
class CsrFromFilesTest {

    @TempDir
    Path dir;

    private Path csrFile(KeyPair pair, String commonName) throws Exception {
        return Files.writeString(dir.resolve("deviceCert.csr"),
                CertificateSigningRequest.create(pair, Subject.ofCommonName(commonName)).toPem());
    }

    private Path keyFile(KeyPair pair) throws Exception {
        return Files.writeString(dir.resolve("deviceCert.key"), Pem.privateKeyToPem(pair.getPrivate()));
    }

    @Test
    void provision_withCsrAndKeyFiles_sendsThatCsrAndStoresThatKey() throws Exception {
        Fleet fleet = Fleet.create();
        KeyPair pair = KeyPairs.generate(KeyAlgorithm.RSA_2048);
        KeyStrategy strategy = KeyStrategy.csrFromFiles(csrFile(pair, "made-by-openssl"), keyFile(pair));
        long mark = fleet.iot.events().lastSequence();

        DeviceIdentity device = fleet.client(dir.resolve("store")).keyStrategy(strategy).build().provision();

        assertThat(device.privateKey()).isEqualTo(pair.getPrivate());
        assertThat(device.certificate().getPublicKey()).isEqualTo(pair.getPublic());
        assertThat(fleet.iot.events().since(mark)).filteredOn(e -> e.type() == EventType.REPLY)
                .extracting(Event::operation).containsExactly("CreateCertificateFromCsr", "RegisterThing");
        assertThat(strategy.toString()).doesNotContain("PRIVATE").contains("CSR from file");
    }

    @Test
    void csrFromFiles_whenTheCsrWasMadeFromAnotherKey_namesBothFilesAndTheFix() throws Exception {
        Path csr = csrFile(KeyPairs.generate(KeyAlgorithm.RSA_2048), "device");
        Path key = keyFile(KeyPairs.generate(KeyAlgorithm.RSA_2048));

        assertThatThrownBy(() -> KeyStrategy.csrFromFiles(csr, key))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("csrFile: the CSR " + csr + " asks a certificate for another key than the private key "
                        + key + ". Make the CSR from this key (openssl req -new -key " + key + " -out " + csr
                        + ") or pass the key it was made from.");
    }

    @Test
    void csrFromFiles_whenTheCsrFileHoldsNoCsr_namesTheCsrFile() throws Exception {
        KeyPair pair = KeyPairs.generate();
        Path key = keyFile(pair);
        Path notCsr = Files.writeString(dir.resolve("not.csr"), Pem.publicKeyToPem(pair.getPublic()));

        assertThatThrownBy(() -> KeyStrategy.csrFromFiles(notCsr, key))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("csrFile: " + notCsr + " is not a usable CSR")
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("csrFile"));
    }

    @Test
    void csrFromFiles_whenTheKeyFileIsMissing_namesTheKeyFileAndNeverItsContent() throws Exception {
        KeyPair pair = KeyPairs.generate();
        Path csr = csrFile(pair, "device");
        Path missing = dir.resolve("missing.key");

        assertThatThrownBy(() -> KeyStrategy.csrFromFiles(csr, missing))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("privateKeyFile: cannot read " + missing);
    }
}
