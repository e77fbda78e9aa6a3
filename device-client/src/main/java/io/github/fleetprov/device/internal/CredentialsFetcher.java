package io.github.fleetprov.device.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.json.FleetJson;
import io.github.fleetprov.core.pki.AmazonRootCas;
import io.github.fleetprov.core.pki.Pem;
import io.github.fleetprov.device.HttpProxy;
import io.github.fleetprov.device.credentials.CredentialsAccessDeniedException;
import io.github.fleetprov.device.credentials.InvalidCredentialsRequestException;
import io.github.fleetprov.device.credentials.IotCredentialsException;
import io.github.fleetprov.device.credentials.RoleAliasNotFoundException;
import java.io.IOException;
import java.net.Authenticator;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/** One mTLS request to the AWS IoT credentials provider, with Java's {@link HttpClient}. */
public final class CredentialsFetcher {

    private static final ObjectMapper MAPPER = FleetJson.lenientMapper();

    private final HttpClient http;
    private final URI uri;
    private final String thingName;
    private final String roleAlias;
    private final Duration timeout;

    /**
     * Creates the fetcher and its TLS context.
     *
     * @param endpoint host or host:port
     * @param roleAlias the role alias
     * @param thingName the thing name
     * @param certificate the device certificate
     * @param privateKey its key
     * @param caPem CA certificates, or {@code null}
     * @param caFile a CA file, or {@code null}
     * @param proxy an HTTP proxy, or {@code null}
     * @param timeout the time limit of a request
     */
    public CredentialsFetcher(String endpoint, String roleAlias, String thingName, X509Certificate certificate,
            PrivateKey privateKey, String caPem, Path caFile, HttpProxy proxy, Duration timeout) {
        this.uri = URI.create("https://" + endpoint + "/role-aliases/"
                + URLEncoder.encode(roleAlias, StandardCharsets.UTF_8) + "/credentials");
        this.thingName = thingName;
        this.roleAlias = roleAlias;
        this.timeout = timeout;
        String ca = caPem;
        if (ca == null && caFile != null) {
            try {
                ca = Files.readString(caFile, StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw new InvalidInputException("certificateAuthority", "cannot read " + caFile,
                        "Check that the CA file exists and is readable.", e);
            }
        }
        if (ca == null) {
            ca = AmazonRootCas.pem();
        }
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .sslContext(sslContext(certificate, privateKey, Pem.readCertificates(ca)));
        if (proxy != null) {
            builder.proxy(ProxySelector.of(InetSocketAddress.createUnresolved(proxy.host(), proxy.port())));
            proxy.username().ifPresent(user -> builder.authenticator(new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    return new PasswordAuthentication(user, proxy.password().orElse(new char[0]));
                }
            }));
        }
        this.http = builder.build();
    }

    /**
     * A TLS context that presents a certificate and key and trusts the given CAs.
     *
     * @param certificate the client certificate
     * @param privateKey its key
     * @param cas the CAs to trust
     * @return the context
     * @throws InvalidInputException if the key store cannot be built from them
     */
    public static SSLContext sslContext(X509Certificate certificate, PrivateKey privateKey, List<X509Certificate> cas) {
        Optional<Pkcs11PrivateKey> tokenKey = TlsIdentity.tokenKey(privateKey);
        try {
            KeyManager[] keyManagers;
            if (tokenKey.isPresent()) {
                // The token signs the handshake: SunPKCS11's key object, found through its key store.
                keyManagers = new KeyManager[] {new TokenKeyManager(certificate, tokenKey.get().tokenKey())};
            } else {
                char[] password = new char[0];
                KeyStore keys = KeyStore.getInstance("PKCS12");
                keys.load(null, null);
                keys.setKeyEntry("device", privateKey, password, new X509Certificate[] {certificate});
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, password);
                keyManagers = kmf.getKeyManagers();
            }
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            for (int i = 0; i < cas.size(); i++) {
                trust.setCertificateEntry("ca-" + i, cas.get(i));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers, tmf.getTrustManagers(), new SecureRandom());
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new InvalidInputException("identity", "cannot build a TLS context from the certificate and key ("
                    + e.getClass().getSimpleName() + ")", "Check the device certificate, key and CA.", e);
        }
    }

    /**
     * Fetches credentials.
     *
     * @return the credentials with their expiration
     * @throws IotCredentialsException typed by HTTP status
     */
    public AwsSessionCredentials fetch() {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("x-amzn-iot-thingname", thingName).GET().build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IotCredentialsException(0, "The credentials provider at " + uri.getAuthority()
                    + " did not answer (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage())
                    + "). Check the endpoint, the CA and that the certificate is ACTIVE.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IotCredentialsException(0, "Interrupted while fetching credentials", e);
        }
        int status = response.statusCode();
        if (status == 200) {
            return parse(response.body());
        }
        String said = serviceMessage(response.body());
        throw switch (status) {
            case 403 -> new CredentialsAccessDeniedException("The credentials provider denied access (403" + said
                    + "): check that thing '" + thingName + "' is attached to the certificate and that the"
                    + " certificate's policy allows iot:AssumeRoleWithCertificate on role alias '" + roleAlias + "'.");
            case 404 -> new RoleAliasNotFoundException("The credentials provider has no role alias '" + roleAlias
                    + "' (404" + said + "): check the alias name, the account and the region of the endpoint.");
            case 400 -> new InvalidCredentialsRequestException("The credentials provider refused the request (400"
                    + said + "): check the role alias and the thing name.");
            default -> new IotCredentialsException(status, "The credentials provider answered " + status + said
                    + (status == 429 || status >= 500 ? "; retry later." : "."), null);
        };
    }

    private static String serviceMessage(String body) {
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node != null && node.hasNonNull("message")) {
                return ": " + node.get("message").asText();
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: no service message
        }
        return "";
    }

    private AwsSessionCredentials parse(String body) {
        try {
            JsonNode credentials = MAPPER.readTree(body).path("credentials");
            String accessKeyId = credentials.path("accessKeyId").asText("");
            String secretAccessKey = credentials.path("secretAccessKey").asText("");
            String sessionToken = credentials.path("sessionToken").asText("");
            String expiration = credentials.path("expiration").asText("");
            if (accessKeyId.isEmpty() || secretAccessKey.isEmpty() || sessionToken.isEmpty() || expiration.isEmpty()) {
                throw new IotCredentialsException(200, "The credentials provider's answer lacks accessKeyId,"
                        + " secretAccessKey, sessionToken or expiration.", null);
            }
            return AwsSessionCredentials.builder().accessKeyId(accessKeyId).secretAccessKey(secretAccessKey)
                    .sessionToken(sessionToken).expirationTime(Instant.parse(expiration)).build();
        } catch (IOException | DateTimeParseException e) {
            throw new IotCredentialsException(200, "The credentials provider's answer is not valid ("
                    + e.getClass().getSimpleName() + ").", e);
        }
    }

    /**
     * Presents one certificate and a key held in a PKCS#11 token, whatever the server asks: the device has
     * exactly one identity, and the token's key object is not something a PKCS#12 key store can hold.
     */
    private static final class TokenKeyManager extends X509ExtendedKeyManager {
        private static final String ALIAS = "device";
        private final X509Certificate certificate;
        private final PrivateKey key;

        TokenKeyManager(X509Certificate certificate, PrivateKey key) {
            this.certificate = certificate;
            this.key = key;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {ALIAS};
        }

        @Override
        public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
            return ALIAS;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
            return ALIAS;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return new String[0];
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return ALIAS.equals(alias) ? new X509Certificate[] {certificate} : null;
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return ALIAS.equals(alias) ? key : null;
        }
    }
}
