package io.github.fleetprov.testkit.internal.broker;

import java.security.InvalidAlgorithmParameterException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.TrustManagerFactorySpi;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The {@value RegistryTrust#ALGORITHM} trust manager factory: for the broker's trust store (the one
 * with {@link RegistryTrust}'s marker entry) PKIX plus the registry; for every other key store, and for
 * {@link ManagerFactoryParameters}, exactly the trust managers of the JVM's previous default algorithm.
 */
final class RegistryTrustManagerFactorySpi extends TrustManagerFactorySpi {

    private static final String PKIX = "PKIX";

    private TrustManager[] trustManagers;

    RegistryTrustManagerFactorySpi() {
    }

    @Override
    protected void engineInit(KeyStore keyStore) throws KeyStoreException {
        Optional<String> token = keyStore == null ? Optional.empty() : RegistryTrust.markerToken(keyStore);
        if (token.isEmpty()) {
            TrustManagerFactory standard = factory(RegistryTrust.standardAlgorithm());
            standard.init(keyStore);
            trustManagers = standard.getTrustManagers();
            return;
        }
        TrustManagerFactory pkix = factory(PKIX);
        pkix.init(keyStore);
        X509ExtendedTrustManager delegate = null;
        for (TrustManager tm : pkix.getTrustManagers()) {
            if (tm instanceof X509ExtendedTrustManager x509) {
                delegate = x509;
                break;
            }
        }
        if (delegate == null) {
            throw new KeyStoreException("the PKIX trust manager factory returned no X509ExtendedTrustManager");
        }
        trustManagers = new TrustManager[] {new RegistryTrustManager(delegate, token.get())};
    }

    @Override
    protected void engineInit(ManagerFactoryParameters parameters) throws InvalidAlgorithmParameterException {
        TrustManagerFactory standard = factory(RegistryTrust.standardAlgorithm());
        standard.init(parameters);
        trustManagers = standard.getTrustManagers();
    }

    @Override
    protected TrustManager[] engineGetTrustManagers() {
        if (trustManagers == null) {
            throw new IllegalStateException("TrustManagerFactory is not initialized");
        }
        return trustManagers.clone();
    }

    private static TrustManagerFactory factory(String algorithm) {
        try {
            return TrustManagerFactory.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM offers no " + algorithm + " trust manager factory", e);
        }
    }
}
