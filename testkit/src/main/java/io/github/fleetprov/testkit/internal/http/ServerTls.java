package io.github.fleetprov.testkit.internal.http;

import io.github.fleetprov.core.pki.IssuedCertificate;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.jspecify.annotations.Nullable;

/**
 * The server side of the emulator's own TLS listeners (credentials provider, WebSocket listener): an
 * {@link SSLContext} that presents one certificate chain.
 *
 * <p>The key goes through an in-memory JKS key store, never written anywhere. A PKCS#12 store (the
 * JDK's default type) would derive a key-encryption key with 10,000 PBKDF2 iterations for the entry and
 * again to read it back, which costs tens of milliseconds while the JVM is cold, at every emulator
 * start, for a store that exists only to hand the key to the key manager.
 */
public final class ServerTls {

    private ServerTls() {
    }

    /**
     * A TLS server context.
     *
     * @param server the server certificate and its key
     * @param issuer the issuing CA's certificate, sent after the server certificate
     * @param trustManagers how client certificates are checked, or {@code null} for the JDK's default
     * @param purpose what the context is for, named in the exception if it cannot be made
     * @return the context
     * @throws IllegalStateException if the JVM cannot make it
     */
    public static SSLContext context(IssuedCertificate server, X509Certificate issuer,
            TrustManager @Nullable [] trustManagers, String purpose) {
        try {
            KeyStore keys = KeyStore.getInstance("JKS");
            keys.load(null, null);
            char[] password = new char[0];
            keys.setKeyEntry("server", server.keyPair().getPrivate(), password,
                    new Certificate[] {server.certificate(), issuer});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), trustManagers, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up TLS for " + purpose, e);
        }
    }
}
