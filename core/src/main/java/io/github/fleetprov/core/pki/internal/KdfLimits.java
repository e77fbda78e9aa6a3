package io.github.fleetprov.core.pki.internal;

import io.github.fleetprov.core.InvalidInputException;
import java.math.BigInteger;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.misc.MiscObjectIdentifiers;
import org.bouncycastle.asn1.misc.ScryptParams;
import org.bouncycastle.asn1.pkcs.KeyDerivationFunc;
import org.bouncycastle.asn1.pkcs.PBEParameter;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCS12PBEParams;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;

/**
 * Bounds the key-derivation work an encrypted PKCS#8 key asks for, before any key is derived.
 *
 * <p>With a wrong password every iteration is spent before decryption fails, so an encrypted key of
 * a few hundred characters could otherwise cost seconds to hours. The bounds sit far above what
 * tools write: OpenSSL 3 writes 2,048 PBKDF2 iterations, the JDK's PKCS#12 code 10,000, fleetprov
 * 100,000, and the OWASP password-storage guidance asks for 600,000 for PBKDF2-HMAC-SHA256.
 * OpenSSL writes scrypt with N = 16,384, r = 8, p = 1 (16 MiB) and refuses by default to use more
 * than 32 MiB.
 */
public final class KdfLimits {

    /** The most PBKDF2 (or PBES1, PKCS#12 PBE) iterations accepted: 1,000,000. */
    public static final int MAX_ITERATIONS = 1_000_000;
    /** The largest scrypt cost parameter N accepted: 2^20. */
    public static final int MAX_SCRYPT_N = 1 << 20;
    /** The most memory scrypt may ask for, 128·N·r bytes: 32 MiB, OpenSSL's default limit. */
    public static final long MAX_SCRYPT_MEMORY = 32L << 20;
    /** The most scrypt work accepted, N·r·p: 2^22, 32 times what OpenSSL writes. */
    public static final long MAX_SCRYPT_WORK = 1L << 22;

    private static final ASN1ObjectIdentifier PKCS12_PBE = new ASN1ObjectIdentifier("1.2.840.113549.1.12.1");
    private static final ASN1ObjectIdentifier PKCS5 = PKCSObjectIdentifiers.pkcs_5;

    private KdfLimits() {
    }

    /**
     * Refuses an encryption scheme whose key derivation costs more than the bounds allow.
     *
     * @param encryption the encryption algorithm of an EncryptedPrivateKeyInfo
     * @param field the name errors use for the encrypted key
     * @throws InvalidInputException if an iteration count or scrypt parameter is out of bounds, or
     *     the parameters cannot be read
     */
    public static void check(AlgorithmIdentifier encryption, String field) {
        ASN1ObjectIdentifier oid = encryption.getAlgorithm();
        ASN1Encodable params = encryption.getParameters();
        try {
            if (PKCSObjectIdentifiers.id_PBES2.equals(oid)) {
                KeyDerivationFunc kdf = PBES2Parameters.getInstance(params).getKeyDerivationFunc();
                if (PKCSObjectIdentifiers.id_PBKDF2.equals(kdf.getAlgorithm())) {
                    iterations(PBKDF2Params.getInstance(kdf.getParameters()).getIterationCount(), "PBKDF2", field);
                } else if (MiscObjectIdentifiers.id_scrypt.equals(kdf.getAlgorithm())) {
                    scrypt(ScryptParams.getInstance(kdf.getParameters()), field);
                }
            } else if (oid.on(PKCS12_PBE)) {
                iterations(PKCS12PBEParams.getInstance(params).getIterations(), "PKCS#12 PBE", field);
            } else if (oid.on(PKCS5)) {
                iterations(PBEParameter.getInstance(params).getIterationCount(), "PBES1", field);
            }
        } catch (InvalidInputException refused) {
            throw refused;
        } catch (RuntimeException e) {
            // Bouncy Castle's ASN.1 getInstance methods fail on malformed structures with several
            // unchecked types (IllegalArgumentException, ClassCastException, and an index error for
            // a SEQUENCE shorter than the type expects).
            throw new InvalidInputException(field, "the encryption parameters of the private key cannot be read",
                    "Pass the encrypted key unmodified, as openssl pkcs8 -topk8 writes it.", e);
        }
    }

    private static void iterations(BigInteger count, String scheme, String field) {
        if (count.signum() <= 0 || count.compareTo(BigInteger.valueOf(MAX_ITERATIONS)) > 0) {
            throw new InvalidInputException(field, "the private key's " + scheme + " iteration count is " + count
                    + ", outside 1.." + MAX_ITERATIONS,
                    "Re-encrypt the key with fewer iterations (openssl pkcs8 -topk8 -iter 100000), "
                            + "or decrypt it first with openssl pkey.");
        }
    }

    private static void scrypt(ScryptParams p, String field) {
        BigInteger n = p.getCostParameter();
        BigInteger r = p.getBlockSize();
        BigInteger par = p.getParallelizationParameter();
        if (n.signum() <= 0 || n.compareTo(BigInteger.valueOf(MAX_SCRYPT_N)) > 0) {
            throw scryptRefused(field, "cost parameter N is " + n + ", outside 1.." + MAX_SCRYPT_N);
        }
        if (r.signum() <= 0 || par.signum() <= 0) {
            throw scryptRefused(field, "block size r and parallelization p must be positive");
        }
        BigInteger memory = BigInteger.valueOf(128).multiply(n).multiply(r);
        if (memory.compareTo(BigInteger.valueOf(MAX_SCRYPT_MEMORY)) > 0) {
            throw scryptRefused(field, "parameters N=" + n + " r=" + r + " need " + memory
                    + " bytes of memory, more than " + MAX_SCRYPT_MEMORY);
        }
        BigInteger work = n.multiply(r).multiply(par);
        if (work.compareTo(BigInteger.valueOf(MAX_SCRYPT_WORK)) > 0) {
            throw scryptRefused(field, "work N·r·p = " + work + " is more than " + MAX_SCRYPT_WORK);
        }
    }

    private static InvalidInputException scryptRefused(String field, String problem) {
        return new InvalidInputException(field, "the private key's scrypt " + problem,
                "Re-encrypt the key with OpenSSL's default scrypt parameters (N=16384, r=8, p=1), "
                        + "or decrypt it first with openssl pkey.");
    }
}
