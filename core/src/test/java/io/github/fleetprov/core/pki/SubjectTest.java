package io.github.fleetprov.core.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.core.InvalidInputException;
import nl.jqno.equalsverifier.EqualsVerifier;
import org.junit.jupiter.api.Test;

class SubjectTest {

    private static final Subject FULL = Subject.builder().commonName("my-device").organization("Thin Edge")
            .organizationalUnit("Test Device").country("DE").state("Bavaria").locality("Munich")
            .serialNumber("SN-1").build();

    @Test
    void toString_listsMostSpecificFirst() {
        assertThat(Subject.builder().commonName("my-device").organization("Thin Edge")
                .organizationalUnit("Test Device").build())
                .hasToString("CN=my-device, O=Thin Edge, OU=Test Device");
    }

    @Test
    void toX500Principal_roundTripsThroughOf() {
        assertThat(Subject.of(FULL.toX500Principal())).isEqualTo(FULL);
        assertThat(FULL.toBuilder().build()).isEqualTo(FULL);
        assertThat(FULL.toX500Principal().getName())
                .isEqualTo("2.5.4.5=#1304534e2d31,CN=my-device,OU=Test Device,O=Thin Edge,L=Munich,ST=Bavaria,C=DE");
    }

    @Test
    void toString_escapesSpecialCharacters() {
        assertThat(Subject.ofCommonName("a,b")).hasToString("CN=a\\,b");
        assertThat(Subject.of(Subject.ofCommonName("a,b").toX500Principal()).commonName()).contains("a,b");
    }

    @Test
    void build_whenCountryNotTwoLetters_throwsNamingCountry() {
        assertThatThrownBy(() -> Subject.builder().country("Germany").build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("country: 'Germany' is not a two-letter country code");
    }

    @Test
    void build_whenCommonNameTooLongOrBlank_throwsNamingCommonName() {
        assertThatThrownBy(() -> Subject.ofCommonName("x".repeat(65)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("commonName: the value has 65 characters");
        assertThatThrownBy(() -> Subject.ofCommonName(" "))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("commonName: the value is blank");
    }

    @Test
    void build_whenNothingSet_throws() {
        assertThatThrownBy(() -> Subject.builder().build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("subject: no attribute is set");
    }

    @Test
    void build_whenSerialNumberNotPrintable_throws() {
        assertThatThrownBy(() -> Subject.builder().serialNumber("SN_1").build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("serialNumber:");
    }

    @Test
    void equalsAndHashCode() {
        EqualsVerifier.forClass(Subject.class).verify();
    }
}
