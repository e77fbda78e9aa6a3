package io.github.fleetprov.core.pki.internal;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Optional;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/** Key arithmetic: deriving a public key from a private key, and pairing keys. */
public final class KeyMath {

    private KeyMath() {
    }

    /**
     * Derives the public key of a private key: {@code d·G} for EC, {@code (n, e)} for RSA CRT keys.
     *
     * @param key an EC or RSA private key
     * @return the public key, or empty if it cannot be derived (an RSA key without its public exponent)
     */
    public static Optional<PublicKey> publicKeyOf(PrivateKey key) {
        try {
            if (key instanceof ECPrivateKey ec) {
                ECParameterSpec params = ec.getParams();
                if (problemOf(key) != null) {
                    return Optional.empty();
                }
                // Bouncy Castle's own parameters of the named curve (problemOf has checked it is one of
                // P-256, P-384 and P-521), whose base point keeps its precomputed multiples.
                X9ECParameters curve = CustomNamedCurves.getByName(Curves.readableName(params));
                org.bouncycastle.math.ec.ECPoint q = new FixedPointCombMultiplier().multiply(curve.getG(), ec.getS())
                        .normalize();
                ECPoint w = new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
                return Optional.of(KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, params)));
            }
            if (key instanceof RSAPrivateCrtKey rsa) {
                return Optional.of(KeyFactory.getInstance("RSA")
                        .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent())));
            }
            return Optional.empty();
        } catch (GeneralSecurityException | RuntimeException e) {
            // Bouncy Castle's curve arithmetic answers unusual parameters with runtime exceptions.
            return Optional.empty();
        }
    }

    /** The largest RSA modulus fleetprov reads, in bits: the JDK's own limit for RSA keys. */
    public static final int MAX_RSA_BITS = 16384;

    /**
     * What makes a private key unusable, checked before any arithmetic with it: an EC key must be on
     * NIST P-256, P-384 or P-521 with a private scalar in [1, n-1] (SEC 1 v2 §3.2.1); an RSA key must
     * have a positive modulus of at most {@value #MAX_RSA_BITS} bits.
     *
     * @param key a private key
     * @return the problem, or {@code null} if the key is usable
     */
    public static String problemOf(PrivateKey key) {
        if (key instanceof ECPrivateKey ec) {
            ECParameterSpec params = ec.getParams();
            if (params == null || !Curves.isReadable(params)) {
                return "the EC private key is on a curve other than P-256, P-384 and P-521";
            }
            BigInteger s = ec.getS();
            if (s == null || s.signum() <= 0 || s.compareTo(params.getOrder()) >= 0) {
                return "the EC private key's scalar is outside [1, n-1] for its curve";
            }
            return null;
        }
        if (key instanceof RSAPrivateKey rsa) {
            BigInteger n = rsa.getModulus();
            if (n == null || n.signum() <= 0) {
                return "the RSA private key has no positive modulus";
            }
            if (n.bitLength() > MAX_RSA_BITS) {
                return "the RSA private key's modulus has " + n.bitLength() + " bits, more than " + MAX_RSA_BITS;
            }
            BigInteger d = ((RSAPrivateKey) key).getPrivateExponent();
            if (d == null || d.signum() <= 0 || d.bitLength() > n.bitLength()) {
                return "the RSA private key's private exponent is not in [1, n-1]";
            }
        }
        return null;
    }

    /**
     * Whether a public and a private key belong together.
     *
     * @param publicKey the public key (e.g. of a certificate)
     * @param privateKey the private key
     * @return {@code true} if they form one key pair
     */
    public static boolean matches(PublicKey publicKey, PrivateKey privateKey) {
        if (publicKey instanceof ECPublicKey pub && privateKey instanceof ECPrivateKey priv) {
            if (!Curves.sameCurve(pub.getParams(), priv.getParams())) {
                return false;
            }
            return publicKeyOf(privateKey).map(derived -> ((ECPublicKey) derived).getW().equals(pub.getW()))
                    .orElse(false);
        }
        if (publicKey instanceof RSAPublicKey pub && privateKey instanceof RSAPrivateKey priv) {
            if (!pub.getModulus().equals(priv.getModulus())) {
                return false;
            }
            if (priv instanceof RSAPrivateCrtKey crt) {
                return pub.getPublicExponent().equals(crt.getPublicExponent());
            }
            // Without the public exponent, check that m^(e·d) == m mod n for a test value.
            BigInteger m = BigInteger.valueOf(0x2a2a2a2aL);
            BigInteger n = pub.getModulus();
            return m.modPow(pub.getPublicExponent(), n).modPow(priv.getPrivateExponent(), n).equals(m);
        }
        return false;
    }
}
