package io.github.fleetprov.core.pki.internal;

import io.github.fleetprov.core.pki.ExternalPrivateKey;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Objects;

/** The plain {@link ExternalPrivateKey}: a reference and a public key, nothing that can sign. */
public final class KeyReference implements ExternalPrivateKey {

    private static final long serialVersionUID = 1L;

    private final String reference;
    private final PublicKey publicKey;

    /**
     * Creates the reference.
     *
     * @param reference where the key is
     * @param publicKey its public key
     */
    public KeyReference(String reference, PublicKey publicKey) {
        this.reference = Objects.requireNonNull(reference, "reference");
        this.publicKey = Objects.requireNonNull(publicKey, "publicKey");
    }

    @Override
    public String reference() {
        return reference;
    }

    @Override
    public PublicKey publicKey() {
        return publicKey;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyReference k && reference.equals(k.reference)
                && Arrays.equals(publicKey.getEncoded(), k.publicKey.getEncoded());
    }

    @Override
    public int hashCode() {
        return reference.hashCode();
    }

    @Override
    public String toString() {
        return "ExternalPrivateKey[" + reference + "]";
    }
}
