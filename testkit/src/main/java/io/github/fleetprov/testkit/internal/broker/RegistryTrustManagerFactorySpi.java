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
 * The {@value RegistryTrust#ALGORITHM} trust manager factory: PKIX for every key store, plus the
 * registry for the broker's trust store (the one with {@link RegistryTrust}'s marker entry).
 */
final class RegistryTrustManagerFactorySpi extends TrustManagerFactorySpi {

    private static final String PKIX = "PKIX";

    private final TrustManagerFactory pkix;
    private TrustManager[] trustManagers;

    RegistryTrustManagerFactorySpi() {
        try {
            this.pkix = TrustManagerFactory.getInstance(PKIX);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM offers no PKIX trust manager factory", e);
        }
    }

    @Override
    protected void engineInit(KeyStore keyStore) throws KeyStoreException {
        pkix.init(keyStore);
        TrustManager[] standard = pkix.getTrustManagers();
        Optional<String> token = keyStore == null ? Optional.empty() : RegistryTrust.markerToken(keyStore);
        if (token.isEmpty()) {
            trustManagers = standard;
            return;
        }
        X509ExtendedTrustManager delegate = null;
        for (TrustManager tm : standard) {
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
        pkix.init(parameters);
        trustManagers = pkix.getTrustManagers();
    }

    @Override
    protected TrustManager[] engineGetTrustManagers() {
        if (trustManagers == null) {
            throw new IllegalStateException("TrustManagerFactory is not initialized");
        }
        return trustManagers.clone();
    }
}
