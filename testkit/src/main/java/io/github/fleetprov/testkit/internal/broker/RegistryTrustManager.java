package io.github.fleetprov.testkit.internal.broker;

import io.github.fleetprov.core.pki.Certificates;
import io.github.fleetprov.testkit.registry.Certificate;
import io.github.fleetprov.testkit.registry.IotRegistry;
import java.net.Socket;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The broker's client certificate check: a chain is trusted if PKIX against the local CA trusts it,
 * or if its leaf certificate is registered (by id, the SHA-256 of its DER encoding) in the registry of
 * the running broker, whatever its issuer and status. The broker's authenticator then decides, as AWS
 * IoT does, whether that certificate may connect (ACTIVE, in its validity, policy allows
 * {@code iot:Connect}) and records a refusal in the event log. An unknown certificate signed by a
 * registered CA goes to {@link JustInTimeRegistration}, which registers or provisions it when the CA
 * allows auto-registration; its first connection is refused all the same, as on AWS.
 *
 * <p>{@link #getAcceptedIssuers()} is empty, so the server names no CA in its certificate request and
 * clients that pick their certificate by issuer (Java key managers) send it whoever issued it.
 * Server certificates are checked by PKIX alone.
 */
final class RegistryTrustManager extends X509ExtendedTrustManager {

    private static final X509Certificate[] NO_ISSUERS = new X509Certificate[0];

    private final X509ExtendedTrustManager pkix;
    private final String token;

    RegistryTrustManager(X509ExtendedTrustManager pkix, String token) {
        this.pkix = pkix;
        this.token = token;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        try {
            pkix.checkClientTrusted(chain, authType);
        } catch (CertificateException e) {
            acceptIfRegistered(chain, e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        try {
            pkix.checkClientTrusted(chain, authType, socket);
        } catch (CertificateException e) {
            acceptIfRegistered(chain, e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        try {
            pkix.checkClientTrusted(chain, authType, engine);
        } catch (CertificateException e) {
            acceptIfRegistered(chain, e);
        }
    }

    private void acceptIfRegistered(X509Certificate[] chain, CertificateException pkixFailure)
            throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw pkixFailure;
        }
        Optional<IotRegistry> registry = RegistryTrust.registry(token);
        if (registry.isEmpty()) {
            throw pkixFailure;
        }
        X509Certificate leaf = chain[0];
        Optional<Certificate> registered = registry.get()
                .findCertificate(Certificates.awsCertificateId(leaf));
        if (registered.isEmpty()) {
            Optional<String> firstConnection = RegistryTrust.justInTime(token)
                    .flatMap(jit -> jit.onUnknownCertificate(chain));
            if (firstConnection.isPresent()) {
                // AWS IoT closes a just-in-time registered or provisioned device's first connection
                throw new CertificateException(firstConnection.get());
            }
        }
        if (registered.isEmpty() || !sameEncoding(registered.get().certificate(), leaf)) {
            CertificateException refused = new CertificateException("the client certificate neither chains to"
                    + " the LocalIotCore CA nor is registered: " + pkixFailure.getMessage());
            refused.initCause(pkixFailure);
            throw refused;
        }
    }

    private static boolean sameEncoding(X509Certificate a, X509Certificate b) throws CertificateEncodingException {
        return Arrays.equals(a.getEncoded(), b.getEncoded());
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        pkix.checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        pkix.checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        pkix.checkServerTrusted(chain, authType, engine);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return NO_ISSUERS.clone();
    }
}
