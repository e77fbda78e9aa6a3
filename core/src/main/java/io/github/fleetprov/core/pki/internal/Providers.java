package io.github.fleetprov.core.pki.internal;

import io.github.fleetprov.core.pki.KeyAlgorithm;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.EnumMap;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X962Parameters;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcECContentSignerBuilder;
import org.bouncycastle.operator.bc.BcECContentVerifierProviderBuilder;
import org.bouncycastle.operator.bc.BcRSAContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

/**
 * Which implementation does what.
 *
 * <p>EC key generation and ECDSA signing and verification run on Bouncy Castle's lightweight API
 * ({@code org.bouncycastle.crypto}, and bcpkix's {@code operator.bc} builders), which needs no JCA
 * provider: constructing a {@link BouncyCastleProvider} registers thousands of algorithm entries and
 * costs several hundred milliseconds in a fresh JVM, which every process that makes a key, a CSR or a
 * certificate would pay. RSA stays on the JDK's providers. The private {@link BouncyCastleProvider}
 * instance is created on first use only, by the operations nothing else can do (password-based
 * encryption and decryption of PEM private keys), and it is never registered with
 * {@link java.security.Security}, so applications that embed fleetprov see no change in their
 * provider list.
 *
 * <p>The implementation for key generation and signing is chosen per algorithm by measurement
 * ({@code benchmarks/results/core.md}, {@code io.github.fleetprov.benchmarks.core}).
 */
public final class Providers {

    /** An implementation to run an operation with. */
    public enum Choice {
        /** The JDK's own providers (SunEC, SunRsaSign), found through the JCA. */
        JCA,
        /** Bouncy Castle's lightweight API, without a JCA provider. */
        BC
    }

    /** The private provider, created when first asked for (holder idiom). */
    private static final class BouncyCastleHolder {
        static final Provider PROVIDER;

        static {
            PROVIDER = new BouncyCastleProvider();
            providerCreated = true;
        }

        private BouncyCastleHolder() {
        }
    }

    private static volatile boolean providerCreated;
    private static final SecureRandom RANDOM = new SecureRandom();
    private Providers() {
    }

    /**
     * The private Bouncy Castle provider (not registered globally), created on the first call. Only
     * what the lightweight API cannot do uses it.
     *
     * @return the provider
     */
    public static Provider bouncyCastle() {
        return BouncyCastleHolder.PROVIDER;
    }

    /**
     * Whether {@link #bouncyCastle()} has created the provider in this JVM.
     *
     * @return {@code true} once the provider exists
     */
    static boolean bouncyCastleCreated() {
        return providerCreated;
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
     * What fleetprov generates keys of this algorithm with. Measured on the project's 2-core machine
     * (benchmarks/results/core.md): Bouncy Castle generates EC keys several times faster than SunEC;
     * for RSA the JDK is as fast or faster, so SunRsaSign is kept.
     *
     * @param algorithm the algorithm
     * @return the choice
     */
    public static Choice keyGeneration(KeyAlgorithm algorithm) {
        return algorithm.isEc() ? Choice.BC : Choice.JCA;
    }

    /**
     * What fleetprov signs CSRs and certificates with for keys of this algorithm. Measured as above:
     * Bouncy Castle's ECDSA signs faster than SunEC's; RSA signing stays with SunRsaSign.
     *
     * @param algorithm the algorithm
     * @return the choice
     */
    public static Choice signing(KeyAlgorithm algorithm) {
        return algorithm.isEc() ? Choice.BC : Choice.JCA;
    }

    /**
     * JDK key objects for encoded keys, so that keys fleetprov generates and keys it reads from PEM are of
     * the same classes, compare equal, and work with every JCA provider and JSSE.
     */
    private static KeyPair toJdkKeys(String family, byte[] publicKeyInfo, byte[] privateKeyInfo)
            throws GeneralSecurityException {
        KeyFactory factory = KeyFactory.getInstance(family);
        return new KeyPair(factory.generatePublic(new X509EncodedKeySpec(publicKeyInfo)),
                factory.generatePrivate(new PKCS8EncodedKeySpec(privateKeyInfo)));
    }

    /**
     * Generates a key pair. {@link Choice#BC} generates with Bouncy Castle's lightweight generators
     * and returns JDK key objects; {@link Choice#JCA} returns what the JDK's provider made.
     *
     * @param algorithm the algorithm
     * @param choice the implementation
     * @return a new key pair
     * @throws GeneralSecurityException if the keys cannot be generated
     */
    public static KeyPair generate(KeyAlgorithm algorithm, Choice choice) throws GeneralSecurityException {
        if (choice == Choice.BC) {
            return algorithm.isEc() ? generateEc(algorithm) : generateRsa(algorithm);
        }
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm.family());
        if (algorithm.isEc()) {
            generator.initialize(new ECGenParameterSpec(algorithm.curveName()), RANDOM);
        } else {
            generator.initialize(new RSAKeyGenParameterSpec(algorithm.keySize(), RSAKeyGenParameterSpec.F4), RANDOM);
        }
        return generator.generateKeyPair();
    }

    private static KeyPair generateEc(KeyAlgorithm algorithm) throws GeneralSecurityException {
        ECNamedDomainParameters domain = NamedCurves.domain(algorithm);
        ECKeyPairGenerator generator = new ECKeyPairGenerator();
        generator.init(new ECKeyGenerationParameters(domain, RANDOM));
        AsymmetricCipherKeyPair pair = generator.generateKeyPair();
        ECPublicKeyParameters pub = (ECPublicKeyParameters) pair.getPublic();
        ECPrivateKeyParameters priv = (ECPrivateKeyParameters) pair.getPrivate();
        try {
            // The same PKCS#8 structure Bouncy Castle's provider writes (SEC 1 ECPrivateKey with the
            // named curve and the public key), built from the public point already computed.
            X962Parameters params = new X962Parameters(domain.getName());
            PrivateKeyInfo privateInfo = new PrivateKeyInfo(
                    new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, params),
                    new org.bouncycastle.asn1.sec.ECPrivateKey(domain.getN().bitLength(), priv.getD(),
                            new DERBitString(pub.getQ().getEncoded(false)), params));
            SubjectPublicKeyInfo publicInfo = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(pub);
            return toJdkKeys("EC", publicInfo.getEncoded(), privateInfo.getEncoded());
        } catch (IOException e) {
            throw new GeneralSecurityException("Cannot encode the generated " + algorithm + " key", e);
        }
    }

    private static KeyPair generateRsa(KeyAlgorithm algorithm) throws GeneralSecurityException {
        RSAKeyPairGenerator generator = new RSAKeyPairGenerator();
        // Miller-Rabin certainty as Bouncy Castle's provider picks it for the key size.
        int certainty = 96 + 16 * ((algorithm.keySize() - 1) / 1024);
        generator.init(new RSAKeyGenerationParameters(RSAKeyGenParameterSpec.F4, RANDOM, algorithm.keySize(),
                certainty));
        AsymmetricCipherKeyPair pair = generator.generateKeyPair();
        try {
            return toJdkKeys("RSA", SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(pair.getPublic()).getEncoded(),
                    PrivateKeyInfoFactory.createPrivateKeyInfo(pair.getPrivate()).getEncoded());
        } catch (IOException e) {
            throw new GeneralSecurityException("Cannot encode the generated " + algorithm + " key", e);
        }
    }

    /**
     * A content signer for CSRs and certificates, with the key's signature algorithm.
     *
     * @param key the signing key
     * @param choice the implementation ({@link Choice#BC} signs with EC keys only)
     * @return the signer
     * @throws OperatorCreationException if the key cannot sign
     */
    public static ContentSigner signer(PrivateKey key, Choice choice) throws OperatorCreationException {
        return signer(key, KeyAlgorithm.of(key), choice);
    }

    private static ContentSigner signer(PrivateKey key, KeyAlgorithm keyAlgorithm, Choice choice)
            throws OperatorCreationException {
        String algorithm = keyAlgorithm.signatureAlgorithm();
        if (choice == Choice.BC) {
            AlgorithmIdentifier signature = new DefaultSignatureAlgorithmIdentifierFinder().find(algorithm);
            AlgorithmIdentifier digest = new DefaultDigestAlgorithmIdentifierFinder().find(signature);
            if (key instanceof ECPrivateKey ec) {
                // The scalar on the shared domain parameters of its curve, whose base point keeps its
                // precomputed multiples, so nothing per key needs keeping.
                return new BcECContentSignerBuilder(signature, digest).setSecureRandom(RANDOM)
                        .build(new ECPrivateKeyParameters(ec.getS(), NamedCurves.domain(keyAlgorithm)));
            }
            throw new OperatorCreationException("Bouncy Castle's lightweight API cannot sign with a "
                    + key.getAlgorithm() + " key of class " + key.getClass().getName());
        }
        return new JcaContentSignerBuilder(algorithm).setSecureRandom(RANDOM).build(key);
    }

    /**
     * A content signer with the implementation fleetprov chose for the key's algorithm.
     *
     * @param key the signing key
     * @return the signer
     * @throws OperatorCreationException if the key cannot sign
     */
    public static ContentSigner signer(PrivateKey key) throws OperatorCreationException {
        KeyAlgorithm algorithm = KeyAlgorithm.of(key);
        return signer(key, algorithm, signing(algorithm));
    }

    /**
     * What checks a signature made with the key of a public key info: Bouncy Castle's lightweight
     * verifiers for EC keys and for RSA PKCS#1 v1.5 signatures, the JDK's providers for anything else
     * (RSASSA-PSS, EdDSA, DSA).
     *
     * @param publicKey the signer's public key
     * @param signatureAlgorithm the algorithm of the signature to check
     * @return the verifier provider
     * @throws OperatorCreationException if the key cannot be read
     */
    public static ContentVerifierProvider verifier(SubjectPublicKeyInfo publicKey, AlgorithmIdentifier signatureAlgorithm)
            throws OperatorCreationException {
        ASN1ObjectIdentifier keyType = publicKey.getAlgorithm().getAlgorithm();
        if (keyType.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            return new BcECContentVerifierProviderBuilder(new DefaultDigestAlgorithmIdentifierFinder())
                    .build(lightweight(publicKey));
        }
        if (keyType.equals(PKCSObjectIdentifiers.rsaEncryption)
                && !signatureAlgorithm.getAlgorithm().equals(PKCSObjectIdentifiers.id_RSASSA_PSS)) {
            return new BcRSAContentVerifierProviderBuilder(new DefaultDigestAlgorithmIdentifierFinder())
                    .build(lightweight(publicKey));
        }
        return new JcaContentVerifierProviderBuilder().build(publicKey);
    }

    private static AsymmetricKeyParameter lightweight(SubjectPublicKeyInfo publicKey) throws OperatorCreationException {
        try {
            return PublicKeyFactory.createKey(publicKey);
        } catch (IOException | RuntimeException e) {
            throw new OperatorCreationException("Cannot read the public key: " + e.getMessage(), e);
        }
    }

    /**
     * Bouncy Castle's domain parameters of the curves fleetprov generates keys on, one shared instance
     * per curve, so that the base point's precomputed multiples are made once.
     */
    static final class NamedCurves {
        private static final Map<KeyAlgorithm, ECNamedDomainParameters> DOMAINS = new EnumMap<>(KeyAlgorithm.class);

        static {
            for (KeyAlgorithm a : KeyAlgorithm.values()) {
                if (a.isEc()) {
                    DOMAINS.put(a, named(a.curveName()));
                }
            }
        }

        private NamedCurves() {
        }

        private static ECNamedDomainParameters named(String curveName) {
            ASN1ObjectIdentifier oid = CustomNamedCurves.getOID(curveName);
            X9ECParameters x9 = oid == null ? null : CustomNamedCurves.getByOID(oid);
            if (x9 == null) {
                throw new ExceptionInInitializerError("no Bouncy Castle domain parameters for " + curveName);
            }
            return new ECNamedDomainParameters(oid, x9);
        }

        static ECNamedDomainParameters domain(KeyAlgorithm algorithm) {
            ECNamedDomainParameters domain = DOMAINS.get(algorithm);
            if (domain == null) {
                throw new IllegalArgumentException(algorithm + " is not an EC algorithm");
            }
            return domain;
        }
    }
}
