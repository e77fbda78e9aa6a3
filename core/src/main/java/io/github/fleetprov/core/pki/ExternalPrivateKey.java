package io.github.fleetprov.core.pki;

import io.github.fleetprov.core.InvalidInputException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Objects;

/**
 * A private key that lives outside fleetprov and never leaves where it lives, for example a key in a
 * PKCS#11 token or another secure element. fleetprov knows it by a reference and by its public key:
 * {@link io.github.fleetprov.core.store.CredentialStore} writes the reference where a software key
 * would be written as a file, and {@link Certificates#matches} compares the public key with the
 * certificate's.
 *
 * <p>The reference names the key object and where it is, never a secret: a PKCS#11 key is named by an
 * RFC 7512 {@code pkcs11:} URI (token, object label, library path) without any PIN. {@link #getEncoded()}
 * is {@code null}: the key cannot be exported, and {@link Pem#privateKeyToPem(PrivateKey)} refuses it.
 *
 * <p>Implementations that can use the key (sign with it) are given by the module that speaks to the
 * secure element, for example the device client's PKCS#11 support; {@link #of(String, PublicKey)} makes
 * a plain reference, which is what the credential store reads back.
 */
public interface ExternalPrivateKey extends PrivateKey {

    /**
     * A plain reference to a key held elsewhere: it names the key but cannot sign.
     *
     * @param reference the reference, e.g. a {@code pkcs11:} URI; not blank, no PIN in it
     * @param publicKey the key's public key
     * @return the reference key
     * @throws InvalidInputException if the reference is blank
     */
    static ExternalPrivateKey of(String reference, PublicKey publicKey) {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(publicKey, "publicKey");
        if (reference.isBlank()) {
            throw new InvalidInputException("reference", "is blank", "Name the key object, e.g. with a pkcs11: URI.");
        }
        return new io.github.fleetprov.core.pki.internal.KeyReference(reference, publicKey);
    }

    /**
     * Where the key is and which object it is; never holds a PIN or any other secret.
     *
     * @return the reference, e.g. {@code pkcs11:slot-id=1;object=device;type=private?module-path=/usr/lib/softhsm/libsofthsm2.so}
     */
    String reference();

    /**
     * The public key of the key pair.
     *
     * @return the public key
     */
    PublicKey publicKey();

    /** @return the public key's algorithm, e.g. {@code EC} or {@code RSA} */
    @Override
    default String getAlgorithm() {
        return publicKey().getAlgorithm();
    }

    /** @return {@code null}: the key is not exported */
    @Override
    default String getFormat() {
        return null;
    }

    /** @return {@code null}: the key is not exported */
    @Override
    default byte[] getEncoded() {
        return null;
    }
}
