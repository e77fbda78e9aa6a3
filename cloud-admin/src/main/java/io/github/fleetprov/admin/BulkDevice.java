package io.github.fleetprov.admin;

import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.pki.CertificateSigningRequest;
import io.github.fleetprov.core.pki.KeyAlgorithm;
import io.github.fleetprov.core.pki.KeyPairs;
import io.github.fleetprov.core.pki.Subject;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One line of a bulk registration input file, with a key made here: the factory keeps the private
 * key (to install on the device) and AWS signs the CSR in the {@code CSR} parameter.
 * {@link #toString()} never shows the key.
 */
public final class BulkDevice {

    /** The template parameter that carries the CSR, as AWS's bulk registration examples name it. */
    public static final String CSR_PARAMETER = "CSR";

    private final String thingName;
    private final Map<String, String> parameters;
    private final PrivateKey privateKey;

    private BulkDevice(String thingName, Map<String, String> parameters, PrivateKey privateKey) {
        this.thingName = thingName;
        this.parameters = parameters;
        this.privateKey = privateKey;
    }

    /**
     * Makes a key pair and a CSR (subject CN = thing name) for a device; the parameters gain
     * {@code ThingName} and {@code CSR}.
     *
     * @param thingName the thing name
     * @param parameters the device's other template parameters (e.g. {@code SerialNumber})
     * @param algorithm the key algorithm, e.g. {@link KeyAlgorithm#EC_P256}
     * @return the device
     * @throws InvalidInputException if the thing name is invalid or the parameters already hold a CSR
     */
    public static BulkDevice withNewKey(String thingName, Map<String, String> parameters, KeyAlgorithm algorithm) {
        Objects.requireNonNull(thingName, "thingName");
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(algorithm, "algorithm");
        ThingSpec.named(thingName);
        if (parameters.containsKey(CSR_PARAMETER)) {
            throw new InvalidInputException("parameters.CSR", "is given already",
                    "Leave CSR out: withNewKey makes the key and the CSR; pass your own CSR as a parameter map instead.");
        }
        KeyPair keys = KeyPairs.generate(algorithm);
        Map<String, String> p = new LinkedHashMap<>();
        p.put("ThingName", thingName);
        p.putAll(parameters);
        p.put(CSR_PARAMETER, CertificateSigningRequest.create(keys, Subject.ofCommonName(thingName)).toPem());
        return new BulkDevice(thingName, Map.copyOf(p), keys.getPrivate());
    }

    /** @return the thing name */
    public String thingName() {
        return thingName;
    }

    /** @return the line's template parameters, {@code CSR} included, for {@link BulkRegistration#writeInputFile} */
    public Map<String, String> parameters() {
        return parameters;
    }

    /** @return the device's private key (secret; install it on the device) */
    public PrivateKey privateKey() {
        return privateKey;
    }

    @Override
    public String toString() {
        return "BulkDevice[thingName=" + thingName + ", parameters=" + parameters.keySet() + ", privateKey=<redacted>]";
    }
}
