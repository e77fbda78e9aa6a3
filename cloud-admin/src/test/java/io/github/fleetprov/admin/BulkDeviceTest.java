package io.github.fleetprov.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.pki.CertificateSigningRequest;
import io.github.fleetprov.core.pki.KeyAlgorithm;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BulkDeviceTest {

    @Test
    void withNewKey_putsASignedCsrForTheThingIntoTheParameters() {
        BulkDevice d = BulkDevice.withNewKey("foo", Map.of("SerialNumber", "123"), KeyAlgorithm.EC_P256);

        assertThat(d.parameters()).containsEntry("ThingName", "foo").containsEntry("SerialNumber", "123");
        CertificateSigningRequest csr = CertificateSigningRequest.parse(d.parameters().get("CSR"));
        assertThat(csr.verifySignature()).isTrue();
        assertThat(csr.publicKey().getAlgorithm()).isEqualTo(d.privateKey().getAlgorithm());
        assertThat(d.toString()).contains("foo").doesNotContain("PRIVATE").contains("<redacted>");
    }

    @Test
    void withNewKey_whenCsrGiven_throwsNamingField() {
        assertThatThrownBy(() -> BulkDevice.withNewKey("foo", Map.of("CSR", "x"), KeyAlgorithm.EC_P256))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("parameters.CSR: is given already");
    }
}
