package io.github.fleetprov.device.internal;

import io.github.fleetprov.core.pki.ExternalPrivateKey;
import io.github.fleetprov.device.PinSource;
import io.github.fleetprov.device.Pkcs11Key;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Objects;

/**
 * A device key in a PKCS#11 token that fleetprov can use: its {@link Pkcs11Key} (library, slot, the
 * object's label, PIN source) and its public key. The token's own key object (SunPKCS11) is looked up
 * when first needed and kept.
 */
public final class Pkcs11PrivateKey implements ExternalPrivateKey {

    private static final long serialVersionUID = 1L;

    private final transient Pkcs11Key key;
    private final PublicKey publicKey;
    private transient volatile PrivateKey tokenKey;

    Pkcs11PrivateKey(Pkcs11Key key, PublicKey publicKey, PrivateKey tokenKey) {
        this.key = Objects.requireNonNull(key, "key");
        this.publicKey = Objects.requireNonNull(publicKey, "publicKey");
        this.tokenKey = tokenKey;
    }

    /**
     * Binds a stored reference to its token with a PIN source.
     *
     * @param reference the reference, a {@code pkcs11:} URI
     * @param pin where the PIN comes from
     * @return the usable key
     */
    public static Pkcs11PrivateKey bind(ExternalPrivateKey reference, PinSource pin) {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(pin, "pin");
        Pkcs11Uri uri = Pkcs11Uri.parse(reference.reference());
        Pkcs11Key key = Pkcs11Key.builder().library(Path.of(uri.library())).slot(uri.slot()).keyLabel(uri.object())
                .generateIfMissing(false).pin(pin).build();
        return new Pkcs11PrivateKey(key, reference.publicKey(), null);
    }

    /** @return the key's settings, with the label of this key object */
    public Pkcs11Key key() {
        return key;
    }

    /**
     * The token's key object, for signing with {@link #provider()}.
     *
     * @return the SunPKCS11 key
     * @throws io.github.fleetprov.device.Pkcs11KeyException if the token cannot give it
     */
    public PrivateKey tokenKey() {
        PrivateKey k = tokenKey;
        if (k == null) {
            k = Pkcs11Tokens.privateKey(key);
            tokenKey = k;
        }
        return k;
    }

    /** @return the SunPKCS11 provider of the token */
    public Provider provider() {
        return Pkcs11Tokens.provider(key);
    }

    @Override
    public String reference() {
        return key.reference();
    }

    @Override
    public PublicKey publicKey() {
        return publicKey;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Pkcs11PrivateKey k && reference().equals(k.reference())
                && Arrays.equals(publicKey.getEncoded(), k.publicKey.getEncoded());
    }

    @Override
    public int hashCode() {
        return reference().hashCode();
    }

    @Override
    public String toString() {
        return "Pkcs11PrivateKey[" + reference() + "]";
    }
}
