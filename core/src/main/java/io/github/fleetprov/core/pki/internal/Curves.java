package io.github.fleetprov.core.pki.internal;

import io.github.fleetprov.core.pki.KeyAlgorithm;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JCA parameters of the curves fleetprov supports, looked up once. */
public final class Curves {

    private static final Map<KeyAlgorithm, ECParameterSpec> SPECS = new EnumMap<>(KeyAlgorithm.class);
    /** The curves whose private keys fleetprov reads: NIST P-256, P-384 and P-521. */
    private static final Map<String, ECParameterSpec> READABLE = new LinkedHashMap<>();

    static {
        for (KeyAlgorithm a : KeyAlgorithm.values()) {
            if (a.isEc()) {
                SPECS.put(a, named(a.curveName()));
            }
        }
        for (String name : new String[] {"secp256r1", "secp384r1", "secp521r1"}) {
            READABLE.put(name, named(name));
        }
    }

    private static ECParameterSpec named(String name) {
        try {
            AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
            p.init(new ECGenParameterSpec(name));
            return p.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Whether fleetprov reads private keys on this curve: NIST P-256, P-384 or P-521, the curves of
     * the JDK's SunEC and of TLS 1.3 ECDSA.
     *
     * @param params the curve parameters of a key
     * @return {@code true} for P-256, P-384 and P-521
     */
    public static boolean isReadable(ECParameterSpec params) {
        return readableName(params) != null;
    }

    /**
     * The name of a curve fleetprov reads private keys on.
     *
     * @param params the curve parameters of a key
     * @return {@code secp256r1}, {@code secp384r1} or {@code secp521r1}, or {@code null} for another curve
     */
    public static String readableName(ECParameterSpec params) {
        for (Map.Entry<String, ECParameterSpec> e : READABLE.entrySet()) {
            if (sameCurve(params, e.getValue())) {
                return e.getKey();
            }
        }
        return null;
    }

    private Curves() {
    }

    /**
     * The curve parameters of an EC algorithm.
     *
     * @param algorithm an EC algorithm
     * @return its parameters
     */
    public static ECParameterSpec spec(KeyAlgorithm algorithm) {
        ECParameterSpec spec = SPECS.get(algorithm);
        if (spec == null) {
            throw new IllegalArgumentException(algorithm + " is not an EC algorithm");
        }
        return spec;
    }

    /**
     * Whether two parameter sets describe the same curve, base point and order.
     *
     * @param a one set
     * @param b the other
     * @return {@code true} if they are the same curve
     */
    public static boolean sameCurve(ECParameterSpec a, ECParameterSpec b) {
        return a.getCurve().equals(b.getCurve()) && a.getGenerator().equals(b.getGenerator())
                && a.getOrder().equals(b.getOrder()) && a.getCofactor() == b.getCofactor();
    }
}
