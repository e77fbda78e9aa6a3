package io.github.fleetprov.core.pki.internal;

import io.github.fleetprov.core.pki.KeyAlgorithm;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.util.EnumMap;
import java.util.Map;

/** The JCA parameters of the curves fleetprov supports, looked up once. */
public final class Curves {

    private static final Map<KeyAlgorithm, ECParameterSpec> SPECS = new EnumMap<>(KeyAlgorithm.class);

    static {
        for (KeyAlgorithm a : KeyAlgorithm.values()) {
            if (a.isEc()) {
                try {
                    AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
                    p.init(new ECGenParameterSpec(a.curveName()));
                    SPECS.put(a, p.getParameterSpec(ECParameterSpec.class));
                } catch (GeneralSecurityException e) {
                    throw new ExceptionInInitializerError(e);
                }
            }
        }
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
