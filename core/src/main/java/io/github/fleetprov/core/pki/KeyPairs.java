package io.github.fleetprov.core.pki;

import io.github.fleetprov.core.FleetProvisioningException;
import io.github.fleetprov.core.pki.internal.Providers;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.Objects;

/**
 * Generates key pairs.
 *
 * <p>The provider is chosen per algorithm by measurement (see {@code benchmarks/results/core.md}):
 * EC keys come from the JDK's SunEC; RSA keys from a private Bouncy Castle instance, which is never
 * registered as a global JCA provider. The returned keys are ordinary {@link java.security.interfaces}
 * keys that any provider, JSSE and {@link Pem} accept.
 *
 * <p>Thread-safe.
 */
public final class KeyPairs {

    private KeyPairs() {
    }

    /**
     * Generates a key pair with the default algorithm, {@link KeyAlgorithm#EC_P256}.
     *
     * @return a new key pair
     */
    public static KeyPair generate() {
        return generate(KeyAlgorithm.EC_P256);
    }

    /**
     * Generates a key pair.
     *
     * @param algorithm the key algorithm
     * @return a new key pair
     * @throws FleetProvisioningException if the JVM cannot generate such keys
     */
    public static KeyPair generate(KeyAlgorithm algorithm) {
        Objects.requireNonNull(algorithm, "algorithm");
        try {
            return Providers.generate(algorithm, Providers.keyGeneration(algorithm));
        } catch (GeneralSecurityException e) {
            throw new FleetProvisioningException("Cannot generate a " + algorithm + " key pair: " + e.getMessage(), e);
        }
    }
}
