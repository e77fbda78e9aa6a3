package io.github.fleetprov.testkit.internal.credentials;

import io.github.fleetprov.core.json.FleetJson;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.fleetprov.core.pki.CertificateAuthority;
import io.github.fleetprov.core.pki.IssuedCertificate;
import io.github.fleetprov.testkit.internal.http.AwsApiException;
import io.github.fleetprov.testkit.internal.http.ServerTls;
import io.github.fleetprov.testkit.internal.http.LoopbackHttp;
import io.github.fleetprov.testkit.internal.http.LoopbackHttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AWS IoT credentials provider over HTTPS on a free loopback port. TLS requires a client
 * certificate; the certificate is then authorized against the registry by {@link CredentialsIssuer},
 * as AWS IoT does after the handshake. The server certificate is issued by the emulator's CA for
 * {@code localhost} and {@code 127.0.0.1}.
 *
 * <p>Answers {@code GET /role-aliases/{alias}/credentials}. Credentials are never logged.
 */
public final class CredentialsProviderServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CredentialsProviderServer.class);
    private static final ObjectMapper JSON = FleetJson.lenientMapper();
    private static final String PREFIX = "/role-aliases/";
    private static final String SUFFIX = "/credentials";

    private final CredentialsIssuer issuer;
    private final LoopbackHttpServer server;

    private CredentialsProviderServer(CredentialsIssuer issuer, SSLContext tls, InetSocketAddress address) {
        this.issuer = issuer;
        this.server = LoopbackHttpServer.start("local-iot-credentials", address, tls, this::handle,
                (exchange, status, problem) -> {
            exchange.getResponseHeaders().set("x-amzn-ErrorType", "InvalidRequestException");
            LoopbackHttp.send(exchange, status, "application/json",
                    JSON.writeValueAsBytes(JSON.createObjectNode().put("message", problem)));
        });
    }

    /**
     * Starts the server.
     *
     * @param issuer the authorization and issuing logic
     * @param authority the CA that issues the server certificate (clients trust it)
     * @return the running server
     */
    public static CredentialsProviderServer start(CredentialsIssuer issuer, CertificateAuthority authority) {
        return start(issuer, authority, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), List.of());
    }

    /**
     * Starts the server on an address.
     *
     * @param issuer the authorization and issuing logic
     * @param authority the CA that issues the server certificate (clients trust it)
     * @param address the address and port to bind (port 0 for a free one)
     * @param extraNames host names or addresses the server certificate names besides {@code localhost}
     *     and {@code 127.0.0.1}
     * @return the running server
     */
    public static CredentialsProviderServer start(CredentialsIssuer issuer, CertificateAuthority authority,
            InetSocketAddress address, List<String> extraNames) {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(authority, "authority");
        IssuedCertificate serverCert = authority.issueServerWithKey(serverNames(extraNames), Duration.ofDays(365));
        return new CredentialsProviderServer(issuer, tls(serverCert, authority.certificate()),
                Objects.requireNonNull(address, "address"));
    }

    /**
     * The names a local server certificate carries: {@code localhost}, {@code 127.0.0.1} and the
     * extra names, without duplicates.
     *
     * @param extraNames further host names or addresses
     * @return the names
     */
    public static List<String> serverNames(List<String> extraNames) {
        LinkedHashSet<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1"));
        names.addAll(extraNames);
        return List.copyOf(names);
    }

    /**
     * The {@code host:port} clients connect to, e.g. {@code 127.0.0.1:41234}; the URL of the
     * credentials of a role alias is {@code https://<endpoint>/role-aliases/<alias>/credentials}.
     *
     * @return the endpoint
     */
    public String endpoint() {
        return server.address().getAddress().getHostAddress() + ":" + server.address().getPort();
    }

    /**
     * The port.
     *
     * @return the port
     */
    public int port() {
        return server.address().getPort();
    }

    @Override
    public void close() {
        server.close();
    }

    private void handle(LoopbackHttpServer.Exchange exchange) throws IOException {
        try {
            LoopbackHttp.readBody(exchange);
            String path = exchange.getRequestURI().getRawPath();
            if (!path.startsWith(PREFIX) || !path.endsWith(SUFFIX) || path.length() <= PREFIX.length() + SUFFIX.length()) {
                throw new AwsApiException(404, "NotFound", "Not Found: the credentials provider serves GET /role-aliases/<alias>/credentials.");
            }
            if (!"GET".equals(exchange.getRequestMethod())) {
                throw new AwsApiException(405, "MethodNotAllowed", "Method Not Allowed: use GET.");
            }
            String alias = LoopbackHttp.decodePathSegment(path.substring(PREFIX.length(), path.length() - SUFFIX.length()));
            X509Certificate client = clientCertificate(exchange);
            String thingName = exchange.getRequestHeaders().get("x-amzn-iot-thingname");
            IssuedCredentials credentials = issuer.issue(client, alias, thingName);
            ObjectNode body = JSON.createObjectNode();
            body.putObject("credentials")
                    .put("accessKeyId", credentials.session().accessKeyId())
                    .put("secretAccessKey", credentials.session().secretAccessKey())
                    .put("sessionToken", credentials.session().sessionToken())
                    .put("expiration", DateTimeFormatter.ISO_INSTANT.format(credentials.session().expiration()));
            LoopbackHttp.send(exchange, 200, "application/json", JSON.writeValueAsBytes(body));
        } catch (AwsApiException e) {
            LOG.debug("credentials request refused: {} {}", e.status(), e.getMessage());
            exchange.getResponseHeaders().set("x-amzn-ErrorType", e.errorCode());
            ObjectNode body = JSON.createObjectNode().put("message", e.getMessage());
            LoopbackHttp.send(exchange, e.status(), "application/json", JSON.writeValueAsBytes(body));
        } catch (RuntimeException e) {
            LOG.debug("credentials request failed", e);
            exchange.getResponseHeaders().set("x-amzn-ErrorType", "InternalFailureException");
            ObjectNode body = JSON.createObjectNode().put("message", "Internal Server Error");
            LoopbackHttp.send(exchange, 500, "application/json", JSON.writeValueAsBytes(body));
        } finally {
            exchange.close();
        }
    }

    private static X509Certificate clientCertificate(LoopbackHttpServer.Exchange exchange) {
        try {
            Certificate[] chain = exchange.getSSLSession().getPeerCertificates();
            if (chain.length > 0 && chain[0] instanceof X509Certificate certificate) {
                return certificate;
            }
        } catch (SSLPeerUnverifiedException e) {
            // falls through to the refusal below
        }
        throw new AwsApiException(403, CredentialsIssuer.ACCESS_DENIED, "Access Denied");
    }

    private static SSLContext tls(IssuedCertificate serverCert, X509Certificate caCertificate) {
        return ServerTls.context(serverCert, caCertificate, new TrustManager[] {new AnyClientCertificate()},
                "the credentials provider");
    }

    /**
     * Accepts any client certificate during the handshake: whether a certificate may obtain
     * credentials is decided after the handshake, from the registry, as AWS IoT does for certificates
     * registered without a CA.
     */
    private static final class AnyClientCertificate extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws java.security.cert.CertificateException {
            requireChain(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws java.security.cert.CertificateException {
            requireChain(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws java.security.cert.CertificateException {
            requireChain(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws java.security.cert.CertificateException {
            throw new java.security.cert.CertificateException("the credentials provider does not act as a TLS client");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws java.security.cert.CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws java.security.cert.CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }

        private static void requireChain(X509Certificate[] chain) throws java.security.cert.CertificateException {
            if (chain == null || chain.length == 0) {
                throw new java.security.cert.CertificateException("a client certificate is required");
            }
        }
    }
}
