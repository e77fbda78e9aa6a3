package io.github.fleetprov.core.pki.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fleetprov.core.pki.CertificateAuthority;
import io.github.fleetprov.core.pki.CertificateSigningRequest;
import io.github.fleetprov.core.pki.KeyAlgorithm;
import io.github.fleetprov.core.pki.KeyPairs;
import io.github.fleetprov.core.pki.Pem;
import io.github.fleetprov.core.pki.SelfSignedCertificates;
import io.github.fleetprov.core.pki.Subject;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.cmp.PKIHeader;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Test;

/**
 * Which paths create the Bouncy Castle provider. Other tests in this JVM create it (encrypted PEM keys),
 * so each check runs fleetprov's classes afresh in a class loader of its own, where nothing has run yet.
 */
class ProvidersTest {

    private static final String PROVIDER_CLASS = BouncyCastleProvider.class.getName();

    /** Key generation, CSR signing and checking, and certificate signing for every key algorithm. */
    public static final class KeysCsrsAndCertificates implements Runnable {
        @Override
        public void run() {
            for (KeyAlgorithm algorithm : KeyAlgorithm.values()) {
                if (algorithm.keySize() > 2048 && !algorithm.isEc()) {
                    continue; // larger RSA keys take the same code path, only longer
                }
                KeyPair pair = KeyPairs.generate(algorithm);
                CertificateSigningRequest csr = CertificateSigningRequest.create(pair, Subject.ofCommonName("d"));
                if (!CertificateSigningRequest.parse(csr.toPem()).verifySignature()) {
                    throw new AssertionError("the " + algorithm + " CSR does not verify");
                }
                CertificateAuthority ca = CertificateAuthority.create(Subject.ofCommonName("CA"), algorithm,
                        Duration.ofDays(1));
                ca.issue(csr, Duration.ofDays(1));
                ca.issueServerWithKey(List.of("localhost", "127.0.0.1"), Duration.ofDays(1));
                SelfSignedCertificates.create(pair, "device-1", Duration.ofDays(1));
                Pem.readKeyPair(Pem.privateKeyToPem(pair.getPrivate()));
            }
        }
    }

    /** Writes an encrypted PEM key: the one thing here that needs the provider. */
    public static final class EncryptedPem implements Runnable {
        @Override
        public void run() {
            Pem.privateKeyToPem(KeyPairs.generate().getPrivate(), "secret".toCharArray());
        }
    }

    @Test
    void keyGenerationSigningAndCsrChecks_neverCreateTheBouncyCastleProvider() throws Exception {
        try (Isolated isolated = new Isolated()) {
            isolated.run(KeysCsrsAndCertificates.class);

            assertThat(isolated.providerCreated()).isFalse();
            assertThat(isolated.loaded(PROVIDER_CLASS)).isFalse();
        }
    }

    @Test
    void encryptingAPemKey_createsTheProviderOnFirstUse_withoutRegisteringIt() throws Exception {
        try (Isolated isolated = new Isolated()) {
            assertThat(isolated.providerCreated()).isFalse();

            isolated.run(EncryptedPem.class);

            assertThat(isolated.providerCreated()).isTrue();
            assertThat(isolated.loaded(PROVIDER_CLASS)).isTrue();
            assertThat(java.security.Security.getProvider("BC")).isNull();
        }
    }

    /** fleetprov core, its test classes and Bouncy Castle, loaded again, apart from this JVM's copies. */
    private static final class Isolated extends URLClassLoader {

        Isolated() throws Exception {
            super("isolated-fleetprov", locations(), ClassLoader.getPlatformClassLoader());
        }

        private static URL[] locations() throws Exception {
            Set<URL> urls = new LinkedHashSet<>();
            for (Class<?> c : List.of(Providers.class, ProvidersTest.class, BouncyCastleProvider.class,
                    PKCS10CertificationRequest.class, PKIHeader.class, org.slf4j.Logger.class,
                    com.fasterxml.jackson.databind.ObjectMapper.class, com.fasterxml.jackson.core.JsonParser.class,
                    com.fasterxml.jackson.annotation.JsonProperty.class)) {
                urls.add(c.getProtectionDomain().getCodeSource().getLocation());
            }
            Path main = Path.of(Providers.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path tests = main.resolveSibling("test-classes");
            if (Files.isDirectory(tests)) {
                urls.add(tests.toUri().toURL());
            }
            return urls.toArray(new URL[0]);
        }

        /**
         * Loads fleetprov's and its libraries' classes itself: the platform class loader would hand back
         * this JVM's copies when the tests run on the module path.
         */
        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("io.github.fleetprov.") && !name.startsWith("org.bouncycastle.")
                    && !name.startsWith("com.fasterxml.") && !name.startsWith("org.slf4j.")
                    && !name.startsWith("org.jspecify.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    c = findClass(name);
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }

        void run(Class<? extends Runnable> scenario) throws Exception {
            Class<?> copy = loadClass(scenario.getName());
            assertThat(copy).isNotSameAs(scenario);
            ((Runnable) copy.getConstructor().newInstance()).run();
        }

        boolean providerCreated() throws Exception {
            Class<?> providers = loadClass(Providers.class.getName());
            assertThat(providers).isNotSameAs(Providers.class);
            Method created = providers.getDeclaredMethod("bouncyCastleCreated");
            created.setAccessible(true);
            return (Boolean) created.invoke(null);
        }

        boolean loaded(String className) {
            synchronized (getClassLoadingLock(className)) {
                return findLoadedClass(className) != null;
            }
        }
    }
}
