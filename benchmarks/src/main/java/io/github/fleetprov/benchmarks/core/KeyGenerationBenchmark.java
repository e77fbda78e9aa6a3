package io.github.fleetprov.benchmarks.core;

import io.github.fleetprov.core.pki.CertificateSigningRequest;
import io.github.fleetprov.core.pki.KeyAlgorithm;
import io.github.fleetprov.core.pki.KeyPairs;
import io.github.fleetprov.core.pki.Pem;
import io.github.fleetprov.core.pki.Subject;
import io.github.fleetprov.core.pki.internal.Providers;
import java.io.IOException;
import java.io.StringWriter;
import java.security.KeyPair;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * What a device pays to make its identity request, per implementation: key generation, CSR signing and
 * PEM encoding. The JDK's providers (SunEC, SunRsaSign) and Bouncy Castle's lightweight API (no JCA
 * provider) run side by side in one run; {@code fleetprovDefault} measures the public API with the
 * implementations fleetprov chose from these figures.
 *
 * <p>Run: {@code ./mvnw -B -q -DskipTests -pl benchmarks package exec:exec
 * -Dbench.args="io.github.fleetprov.benchmarks.core -f 1 -wi 2 -i 3 -w 2s -r 2s"}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class KeyGenerationBenchmark {

    private static final Subject SUBJECT = Subject.builder().commonName("device-0001").organization("fleetprov").build();

    /** What generates the key and signs the CSR: the JDK's providers, or Bouncy Castle's lightweight API. */
    @Param({"JCA", "BC"})
    public String provider;

    /**
     * EC P-256 key pair, a signed PKCS#10 CSR, and both as PEM (private key PKCS#8): one device's request.
     *
     * @return the PEM text, so that nothing is optimised away
     * @throws Exception never in practice
     */
    @Benchmark
    public String ecP256KeyCsrPem() throws Exception {
        Providers.Choice choice = Providers.Choice.valueOf(provider);
        KeyPair pair = Providers.generate(KeyAlgorithm.EC_P256, choice);
        ContentSigner signer = Providers.signer(pair.getPrivate(), choice);
        PKCS10CertificationRequest csr = new JcaPKCS10CertificationRequestBuilder(
                SUBJECT.toX500Principal(), pair.getPublic()).build(signer);
        return pem("CERTIFICATE REQUEST", csr.getEncoded()) + pem("PRIVATE KEY", pair.getPrivate().getEncoded());
    }

    /**
     * An RSA-2048 key pair (e = 65537).
     *
     * @return the key pair
     * @throws Exception never in practice
     */
    @Benchmark
    public KeyPair rsa2048Key() throws Exception {
        return Providers.generate(KeyAlgorithm.RSA_2048, Providers.Choice.valueOf(provider));
    }

    /**
     * The same work as {@link #ecP256KeyCsrPem()} through fleetprov's public API with the providers it
     * picked (the {@code provider} parameter is ignored here; both rows measure the same code).
     *
     * @return the PEM text
     */
    @Benchmark
    public String fleetprovDefaultEcP256KeyCsrPem() {
        KeyPair pair = KeyPairs.generate();
        return CertificateSigningRequest.create(pair, SUBJECT).toPem() + Pem.privateKeyToPem(pair.getPrivate());
    }

    private static String pem(String type, byte[] der) throws IOException {
        StringWriter out = new StringWriter();
        try (PemWriter writer = new PemWriter(out)) {
            writer.writeObject(new PemObject(type, der));
        }
        return out.toString();
    }
}
