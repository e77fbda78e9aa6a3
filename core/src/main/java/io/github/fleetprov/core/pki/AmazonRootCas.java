package io.github.fleetprov.core.pki;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The Amazon root CAs that AWS IoT Core endpoints chain to: Amazon Root CA 1 (RSA 2048) and Amazon
 * Root CA 3 (EC P-256). They are public certificates, shipped in this jar (taken from the Mozilla CA
 * bundle) so that devices need no download.
 *
 * <p>Give {@link #pem()} to the AWS IoT Device SDK as its CA, or put {@link #all()} into a trust store.
 */
public final class AmazonRootCas {

    private static final String CA1 = load("AmazonRootCA1.pem");
    private static final String CA3 = load("AmazonRootCA3.pem");

    private AmazonRootCas() {
    }

    /**
     * Amazon Root CA 1 and Amazon Root CA 3, in that order.
     *
     * @return the two certificates
     */
    public static List<X509Certificate> all() {
        return List.of(rootCa1(), rootCa3());
    }

    /**
     * Amazon Root CA 1 and 3 as concatenated PEM, in that order.
     *
     * @return the PEM text
     */
    public static String pem() {
        return CA1 + CA3;
    }

    /** @return Amazon Root CA 1 (RSA 2048), the CA most AWS IoT endpoints present */
    public static X509Certificate rootCa1() {
        return Pem.readCertificate(CA1);
    }

    /** @return Amazon Root CA 3 (EC P-256) */
    public static X509Certificate rootCa3() {
        return Pem.readCertificate(CA3);
    }

    private static String load(String name) {
        try (InputStream in = AmazonRootCas.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " in fleetprov-core");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            return text.endsWith("\n") ? text : text + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
