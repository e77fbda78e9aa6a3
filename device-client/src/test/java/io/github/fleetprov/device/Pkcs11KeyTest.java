package io.github.fleetprov.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.pki.KeyAlgorithm;
import io.github.fleetprov.device.internal.Pkcs11Uri;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PKCS#11 key settings as values: validation, copies, references and secrets kept out of text. */
class Pkcs11KeyTest {

    private static final PinSource PIN = PinSource.of("s3cret-pin".toCharArray());

    private static Pkcs11Key.Builder valid() {
        return Pkcs11Key.builder().library(Path.of("/usr/lib/softhsm/libsofthsm2.so")).slot(42).keyLabel("device")
                .pin(PIN);
    }

    @Test
    void build_withoutSlot_namesSlot() {
        assertThatThrownBy(() -> Pkcs11Key.builder().library(Path.of("/l.so")).keyLabel("d").pin(PIN).build())
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("slot"))
                .hasMessageContaining("--show-slots");
    }

    @Test
    void build_withoutKeyLabel_namesKeyLabel() {
        assertThatThrownBy(() -> Pkcs11Key.builder().library(Path.of("/l.so")).slot(1).pin(PIN).build())
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("keyLabel"));
        assertThatThrownBy(() -> valid().keyLabel("bad\nlabel").build())
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("keyLabel"));
    }

    @Test
    void build_withoutLibraryOrPin_namesTheField() {
        assertThatThrownBy(() -> Pkcs11Key.builder().slot(1).keyLabel("d").pin(PIN).build())
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("library"));
        assertThatThrownBy(() -> Pkcs11Key.builder().library(Path.of("/l.so")).slot(1).keyLabel("d").build())
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("pin"));
        assertThatThrownBy(() -> valid().slot(-1).build())
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("slot"));
    }

    @Test
    void toStringAndStrategy_neverShowThePin() {
        Pkcs11Key key = valid().build();

        assertThat(key.toString()).contains("device").contains("42").doesNotContain("s3cret-pin");
        assertThat(KeyStrategy.pkcs11(key).toString()).contains("pkcs11:").doesNotContain("s3cret-pin");
        assertThat(key.reference()).doesNotContain("s3cret-pin");
        assertThat(PinSource.environment("DEVICE_PIN").toString()).contains("DEVICE_PIN");
    }

    @Test
    void toBuilderAndCopy_keepEverySettingAndEqualsFollowsThem() {
        Pkcs11Key key = valid().keyAlgorithm(KeyAlgorithm.RSA_2048).generateIfMissing(false).build();

        assertThat(key.toBuilder().build()).isEqualTo(key).hasSameHashCodeAs(key);
        assertThat(key.copy(b -> b.keyLabel("other"))).isNotEqualTo(key)
                .satisfies(k -> assertThat(k.keyLabel()).isEqualTo("other"))
                .satisfies(k -> assertThat(k.keyAlgorithm()).isEqualTo(KeyAlgorithm.RSA_2048))
                .satisfies(k -> assertThat(k.generateIfMissing()).isFalse());
        assertThat(key.copy(b -> b.slot(43))).isNotEqualTo(key);
    }

    @Test
    void reference_isAnRfc7512UriThatReadsBack() {
        Pkcs11Key key = valid().library(Path.of("/opt/vendor lib/p11.so")).keyLabel("dev key;1/%").build();

        String reference = key.reference();
        Pkcs11Key back = Pkcs11Key.fromReference(reference, PIN);

        assertThat(reference).startsWith("pkcs11:slot-id=42;object=dev%20key%3B1%2F%25;type=private?module-path=")
                .endsWith("/opt/vendor%20lib/p11.so");
        assertThat(back.library()).isEqualTo(key.library());
        assertThat(back.keyLabel()).isEqualTo("dev key;1/%");
        assertThat(back.slot()).isEqualTo(42);
        assertThat(back.generateIfMissing()).isFalse();
    }

    @Test
    void parse_refusesUrisWithoutTheKeyOrWithAPin() {
        assertThatThrownBy(() -> Pkcs11Uri.parse("pkcs11:object=a?module-path=/l.so"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("slot-id");
        assertThatThrownBy(() -> Pkcs11Uri.parse("pkcs11:slot-id=1;object=a?module-path=/l.so&pin-value=1234"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("PIN")
                .hasMessageNotContaining("1234");
        assertThatThrownBy(() -> Pkcs11Uri.parse("file:/x")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> Pkcs11Uri.parse("pkcs11:slot-id=1;object=%zz?module-path=/l.so"))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void pinSources_readThePinAndNameWhatIsMissing(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("pin"), "from-file\n");

        assertThat(PinSource.file(file).pin()).containsExactly("from-file".toCharArray());
        assertThat(PIN.pin()).containsExactly("s3cret-pin".toCharArray());
        assertThatThrownBy(() -> PinSource.file(dir.resolve("absent")).pin())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("absent");
        assertThatThrownBy(() -> PinSource.environment("FLEETPROV_TEST_UNSET_PIN_VARIABLE").pin())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("FLEETPROV_TEST_UNSET_PIN_VARIABLE");
        assertThatThrownBy(() -> PinSource.of(new char[0])).isInstanceOf(InvalidInputException.class);
    }
}
