package io.github.fleetprov.device;

import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.pki.ExternalPrivateKey;
import io.github.fleetprov.core.pki.KeyAlgorithm;
import io.github.fleetprov.core.store.DeviceIdentity;
import io.github.fleetprov.device.internal.Pkcs11PrivateKey;
import io.github.fleetprov.device.internal.Pkcs11Uri;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A device key that lives in a PKCS#11 token (a secure element, an HSM, SoftHSM) and never leaves it:
 * which library speaks to the token, which slot the token is in, the label of the key object, and where
 * the user PIN comes from.
 *
 * <pre>{@code
 * Pkcs11Key key = Pkcs11Key.builder()
 *         .library(Path.of("/usr/lib/softhsm/libsofthsm2.so"))
 *         .slot(0x8c2a4fbL)                       // softhsm2-util --show-slots, pkcs11-tool -L
 *         .keyLabel("device")
 *         .pin(PinSource.environment("DEVICE_PIN"))
 *         .build();
 * FleetProvisioningClient.builder()...keyStrategy(KeyStrategy.pkcs11(key)).build().provision();
 * }</pre>
 *
 * <p>With {@link KeyStrategy#pkcs11(Pkcs11Key)} the device client uses the key with that label if the
 * token holds one, and otherwise generates a key pair of {@link Builder#keyAlgorithm(KeyAlgorithm)} in the
 * token (private key sensitive and not extractable) under that label, unless
 * {@link Builder#generateIfMissing(boolean)} is {@code false}. The CSR is signed by the token; the MQTT
 * connection's TLS is done by the token through aws-crt's PKCS#11 support
 * ({@code TlsContextPkcs11Options}), and the credentials provider's HTTPS through the JDK's SunPKCS11
 * provider. The stored identity names the key by {@link #reference()} (an RFC 7512 {@code pkcs11:} URI),
 * never the PIN and never a key file.
 *
 * <p>The token is named by slot id because the JDK's SunPKCS11 provider selects tokens by slot (its
 * configuration has {@code slot} and {@code slotListIndex}, no token label), and aws-crt takes the same
 * slot id. A key is named by its label ({@code CKA_LABEL}) because aws-crt selects the private key by
 * label ({@code TlsContextPkcs11Options.withPrivateKeyObjectLabel}) and SunPKCS11's key store names entries
 * by label. An existing key therefore needs both: {@code CKA_LABEL} on the private key object (aws-crt), and
 * a certificate object with the key's {@code CKA_ID} (SunPKCS11 lists a private key only with one). A key
 * the device client generates gets both, with a self-signed certificate until the device's own. A key made
 * by {@code keytool -genkeypair -storetype PKCS11} has no {@code CKA_LABEL} on its private key: it signs
 * the CSR, but connecting reports {@link Pkcs11KeyException.Problem#KEY_NOT_FOUND} naming the label.
 *
 * <p>Immutable; {@link #toString()} never shows the PIN.
 */
public final class Pkcs11Key {

    /** The longest label this class accepts. */
    private static final int MAX_LABEL = 64;

    private final Path library;
    private final long slot;
    private final String keyLabel;
    private final KeyAlgorithm keyAlgorithm;
    private final boolean generateIfMissing;
    private final PinSource pin;

    private Pkcs11Key(Builder b) {
        this.library = b.library;
        this.slot = b.slot;
        this.keyLabel = b.keyLabel;
        this.keyAlgorithm = b.keyAlgorithm;
        this.generateIfMissing = b.generateIfMissing;
        this.pin = b.pin;
    }

    /**
     * A new builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The key a stored reference names, with a PIN source to use it: for an identity read from a
     * {@link io.github.fleetprov.core.store.CredentialStore} by hand.
     *
     * @param reference a {@code pkcs11:} URI as {@link #reference()} writes it
     * @param pin where the PIN comes from
     * @return the key, with generation off
     * @throws InvalidInputException if the reference is not such a URI
     */
    public static Pkcs11Key fromReference(String reference, PinSource pin) {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(pin, "pin");
        Pkcs11Uri uri = Pkcs11Uri.parse(reference);
        return builder().library(Path.of(uri.library())).slot(uri.slot()).keyLabel(uri.object())
                .generateIfMissing(false).pin(pin).build();
    }

    /**
     * A builder holding this key's settings.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.library = library;
        b.slot = slot;
        b.slotSet = true;
        b.keyLabel = keyLabel;
        b.keyAlgorithm = keyAlgorithm;
        b.generateIfMissing = generateIfMissing;
        b.pin = pin;
        return b;
    }

    /**
     * A copy with some settings changed.
     *
     * @param edit changes to a builder holding this key's settings
     * @return the changed copy
     */
    public Pkcs11Key copy(Consumer<Builder> edit) {
        Objects.requireNonNull(edit, "edit");
        Builder b = toBuilder();
        edit.accept(b);
        return b.build();
    }

    /** @return the PKCS#11 library (the module the token's vendor ships) */
    public Path library() {
        return library;
    }

    /** @return the slot id of the token */
    public long slot() {
        return slot;
    }

    /** @return the label ({@code CKA_LABEL}) of the private key object */
    public String keyLabel() {
        return keyLabel;
    }

    /** @return the algorithm of a key generated in the token (default EC P-256) */
    public KeyAlgorithm keyAlgorithm() {
        return keyAlgorithm;
    }

    /** @return whether a missing key is generated in the token (default {@code true}) */
    public boolean generateIfMissing() {
        return generateIfMissing;
    }

    /** @return where the user PIN comes from */
    public PinSource pin() {
        return pin;
    }

    /**
     * The RFC 7512 URI of the key object: slot id, object label and type, and the library as the
     * {@code module-path} query attribute; no PIN.
     *
     * @return for example {@code pkcs11:slot-id=1;object=device;type=private?module-path=/usr/lib/softhsm/libsofthsm2.so}
     */
    public String reference() {
        return new Pkcs11Uri(library.toString(), slot, keyLabel).toString();
    }

    /**
     * The identity with its key bound to this token and PIN, so that connections and the credentials
     * provider can use it: for an identity read from a credential store, whose key is a bare reference.
     * The identity's reference (library, slot, label) is kept; only the PIN source is taken from here.
     *
     * @param device an identity whose key lives in a PKCS#11 token
     * @return the identity with a usable key
     * @throws InvalidInputException if the identity's key is not a {@code pkcs11:} reference
     */
    public DeviceIdentity bind(DeviceIdentity device) {
        Objects.requireNonNull(device, "device");
        if (!(device.privateKey() instanceof ExternalPrivateKey external)) {
            throw new InvalidInputException("device", "its key is a software key, not a key in a PKCS#11 token",
                    "Use the identity as it is.");
        }
        return device.toBuilder().privateKey(Pkcs11PrivateKey.bind(external, pin)).build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Pkcs11Key k && library.equals(k.library) && slot == k.slot && keyLabel.equals(k.keyLabel)
                && keyAlgorithm == k.keyAlgorithm && generateIfMissing == k.generateIfMissing && pin.equals(k.pin);
    }

    @Override
    public int hashCode() {
        return Objects.hash(library, slot, keyLabel, keyAlgorithm, generateIfMissing, pin);
    }

    /** @return library, slot, label, algorithm and the kind of PIN source; never the PIN */
    @Override
    public String toString() {
        return "Pkcs11Key[library=" + library + ", slot=" + slot + ", keyLabel=" + keyLabel + ", keyAlgorithm="
                + keyAlgorithm + ", generateIfMissing=" + generateIfMissing + ", pin=" + pin + "]";
    }

    /** Builds a {@link Pkcs11Key}. Not thread-safe. */
    public static final class Builder {
        private Path library;
        private long slot;
        private boolean slotSet;
        private String keyLabel;
        private KeyAlgorithm keyAlgorithm = KeyAlgorithm.EC_P256;
        private boolean generateIfMissing = true;
        private PinSource pin;

        private Builder() {
        }

        /**
         * The token vendor's PKCS#11 library (required), for example
         * {@code /usr/lib/softhsm/libsofthsm2.so}.
         *
         * @param library the shared library's path
         * @return this builder
         */
        public Builder library(Path library) {
            this.library = Objects.requireNonNull(library, "library");
            return this;
        }

        /**
         * The slot id of the token (required), as {@code softhsm2-util --show-slots} or
         * {@code pkcs11-tool -L} prints it.
         *
         * @param slot the slot id, not negative
         * @return this builder
         */
        public Builder slot(long slot) {
            this.slot = slot;
            this.slotSet = true;
            return this;
        }

        /**
         * The label of the private key object (required): 1 to 64 printable ASCII characters.
         *
         * @param keyLabel the label
         * @return this builder
         */
        public Builder keyLabel(String keyLabel) {
            this.keyLabel = Objects.requireNonNull(keyLabel, "keyLabel");
            return this;
        }

        /**
         * The algorithm of a key generated in the token (default {@link KeyAlgorithm#EC_P256}).
         *
         * @param keyAlgorithm the algorithm
         * @return this builder
         */
        public Builder keyAlgorithm(KeyAlgorithm keyAlgorithm) {
            this.keyAlgorithm = Objects.requireNonNull(keyAlgorithm, "keyAlgorithm");
            return this;
        }

        /**
         * Whether a key missing from the token is generated there (default {@code true}); with
         * {@code false} a missing key is a {@link Pkcs11KeyException} ({@code KEY_NOT_FOUND}).
         *
         * @param generateIfMissing whether to generate
         * @return this builder
         */
        public Builder generateIfMissing(boolean generateIfMissing) {
            this.generateIfMissing = generateIfMissing;
            return this;
        }

        /**
         * Where the user PIN comes from (required).
         *
         * @param pin the PIN source
         * @return this builder
         */
        public Builder pin(PinSource pin) {
            this.pin = Objects.requireNonNull(pin, "pin");
            return this;
        }

        /**
         * Validates and builds the key.
         *
         * @return the key
         * @throws InvalidInputException naming the missing or invalid setting
         */
        public Pkcs11Key build() {
            if (library == null) {
                throw new InvalidInputException("library", "is required", "Give the path of the token's PKCS#11"
                        + " library, e.g. /usr/lib/softhsm/libsofthsm2.so.");
            }
            if (!slotSet) {
                throw new InvalidInputException("slot", "is required", "Give the token's slot id (softhsm2-util"
                        + " --show-slots or pkcs11-tool -L list them).");
            }
            if (slot < 0) {
                throw new InvalidInputException("slot", "must not be negative, was " + slot,
                        "Give the token's slot id as the library lists it.");
            }
            if (keyLabel == null || keyLabel.isBlank()) {
                throw new InvalidInputException("keyLabel", "is required", "Give the label (CKA_LABEL) of the"
                        + " device's private key in the token, e.g. \"device\".");
            }
            if (keyLabel.length() > MAX_LABEL || !keyLabel.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                throw new InvalidInputException("keyLabel", "must be 1 to " + MAX_LABEL + " printable ASCII"
                        + " characters", "Use a short label such as \"device\".");
            }
            if (pin == null) {
                throw new InvalidInputException("pin", "is required", "Give the token's user PIN source, e.g."
                        + " PinSource.environment(\"DEVICE_PIN\").");
            }
            return new Pkcs11Key(this);
        }
    }
}
