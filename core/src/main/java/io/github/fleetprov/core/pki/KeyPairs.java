package io.github.fleetprov.core.pki;

import io.github.fleetprov.core.FleetProvisioningException;
import io.github.fleetprov.core.pki.internal.Providers;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.Objects;

/**
 * Generates key pairs.
 *
 * <p>The implementation is chosen per algorithm by measurement (JMH benchmark
 * {@code io.github.fleetprov.benchmarks.core.KeyGenerationBenchmark}, figures in
 * {@code benchmarks/results/core.md}): EC keys come from Bouncy Castle's lightweight key generator,
 * which generates them several times faster than SunEC and, unlike Bouncy Castle's JCA provider,
 * needs no set-up that a fresh JVM would pay for (several hundred milliseconds); RSA keys come from the JDK's SunRsaSign, which was as fast or
 * faster. No JCA provider is registered. The returned keys are always JDK key objects
 * ({@code java.security.interfaces.ECPrivateKey}, {@code RSAPrivateCrtKey}), the same classes
 * {@link Pem} reads, so keys compare equal after a PEM round trip and work with any provider and JSSE.
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
