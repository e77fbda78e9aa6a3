package io.github.fleetprov.core.pki.internal;

import io.github.fleetprov.core.pki.KeyAlgorithm;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Which JCA provider does what.
 *
 * <p>Bouncy Castle is used through a private {@link BouncyCastleProvider} instance handed to each
 * builder; it is never registered with {@link java.security.Security}, so applications that embed
 * fleetprov see no change in their provider list.
 *
 * <p>The provider for key generation and signing is chosen per algorithm by measurement
 * ({@code benchmarks/results/core.md}, {@code io.github.fleetprov.benchmarks.core}).
 */
public final class Providers {

    /** A provider to run an operation with. */
    public enum Choice {
        /** The JDK's own providers (SunEC, SunRsaSign), found through the JCA. */
        JCA,
        /** The private Bouncy Castle instance. */
        BC
    }

    private static final Provider BC = new BouncyCastleProvider();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Providers() {
    }

    /**
     * The private Bouncy Castle provider (not registered globally).
     *
     * @return the provider
     */
    public static Provider bouncyCastle() {
        return BC;
    }

    /**
     * The shared random source.
     *
     * @return a thread-safe {@link SecureRandom}
     */
    public static SecureRandom random() {
        return RANDOM;
    }

    /**
     * The provider fleetprov generates keys of this algorithm with. Measured on the project's 2-core
     * machine (benchmarks/results/core.md): Bouncy Castle generates EC keys several times faster than
     * SunEC; for RSA the JDK is as fast or faster, so SunRsaSign is kept.
     *
     * @param algorithm the algorithm
     * @return the provider choice
     */
    public static Choice keyGeneration(KeyAlgorithm algorithm) {
        return algorithm.isEc() ? Choice.BC : Choice.JCA;
    }

    /**
     * The provider fleetprov signs CSRs and certificates with for keys of this algorithm. Measured as
     * above: Bouncy Castle's ECDSA signs faster than SunEC's; RSA signing stays with SunRsaSign.
     *
     * @param algorithm the algorithm
     * @return the provider choice
     */
    public static Choice signing(KeyAlgorithm algorithm) {
        return algorithm.isEc() ? Choice.BC : Choice.JCA;
    }

    /**
     * Re-creates keys as JDK key objects, so that keys fleetprov generates and keys it reads from PEM
     * are of the same classes, compare equal, and work with every JCA provider and JSSE.
     *
     * @param pair a key pair from any provider
     * @return the same keys as JDK keys
     * @throws GeneralSecurityException if the JDK cannot decode them
     */
    public static KeyPair toJdkKeys(KeyPair pair) throws GeneralSecurityException {
        KeyFactory factory = KeyFactory.getInstance(pair.getPublic().getAlgorithm());
        return new KeyPair(factory.generatePublic(new X509EncodedKeySpec(pair.getPublic().getEncoded())),
                factory.generatePrivate(new PKCS8EncodedKeySpec(pair.getPrivate().getEncoded())));
    }

    /**
     * Generates a key pair with a given provider.
     *
     * @param algorithm the algorithm
     * @param choice the provider
     * @return a new key pair
     * @throws GeneralSecurityException if the provider cannot generate it
     */
    public static KeyPair generate(KeyAlgorithm algorithm, Choice choice) throws GeneralSecurityException {
        KeyPairGenerator generator = choice == Choice.BC
                ? KeyPairGenerator.getInstance(algorithm.family(), BC)
                : KeyPairGenerator.getInstance(algorithm.family());
        if (algorithm.isEc()) {
            generator.initialize(new ECGenParameterSpec(algorithm.curveName()), RANDOM);
        } else {
            generator.initialize(new RSAKeyGenParameterSpec(algorithm.keySize(), RSAKeyGenParameterSpec.F4), RANDOM);
        }
        return generator.generateKeyPair();
    }

    /**
     * A content signer for CSRs and certificates, with the key's signature algorithm.
     *
     * @param key the signing key
     * @param choice the provider
     * @return the signer
     * @throws OperatorCreationException if the provider cannot sign with the key
     */
    public static ContentSigner signer(PrivateKey key, Choice choice) throws OperatorCreationException {
        JcaContentSignerBuilder builder = new JcaContentSignerBuilder(KeyAlgorithm.of(key).signatureAlgorithm())
                .setSecureRandom(RANDOM);
        if (choice == Choice.BC) {
            builder.setProvider(BC);
        }
        return builder.build(key);
    }

    /**
     * A content signer with the provider fleetprov chose for the key's algorithm.
     *
     * @param key the signing key
     * @return the signer
     * @throws OperatorCreationException if the provider cannot sign with the key
     */
    public static ContentSigner signer(PrivateKey key) throws OperatorCreationException {
        return signer(key, signing(KeyAlgorithm.of(key)));
    }
}
