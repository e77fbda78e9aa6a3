package io.github.fleetprov.testkit.credentials;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** The curl-equivalent call a device makes to the credentials provider: Java's HttpClient over mutual TLS. */
public final class MtlsHttp {

    private static final ObjectMapper JSON = new ObjectMapper();

    private MtlsHttp() {
    }

    /** A status, the {@code x-amzn-ErrorType} header (empty on success) and a parsed JSON body. */
    public record Answer(int status, String errorType, JsonNode body) {
    }

    /**
     * An HTTP client that presents a device certificate and trusts one CA.
     *
     * @param certificate the client certificate, or {@code null} to present none
     * @param key its private key, or {@code null}
     * @param trusted the CA that issued the server certificate
     * @return the client
     */
    public static HttpClient client(X509Certificate certificate, PrivateKey key, X509Certificate trusted)
            throws GeneralSecurityException, IOException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", trusted);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        if (certificate != null) {
            keys.setKeyEntry("device", key, new char[0], new Certificate[] {certificate});
        }
        kmf.init(keys, new char[0]);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10)).build();
    }

    /**
     * GET {@code https://<endpoint>/role-aliases/<alias>/credentials}.
     *
     * @param client the mTLS client
     * @param endpoint the credentials endpoint, {@code host:port}
     * @param roleAlias the alias
     * @param thingName the {@code x-amzn-iot-thingname} header, or {@code null}
     * @return the answer
     */
    public static Answer fetchCredentials(HttpClient client, String endpoint, String roleAlias, String thingName)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("https://" + endpoint + "/role-aliases/" + roleAlias + "/credentials"))
                .timeout(Duration.ofSeconds(30)).GET();
        if (thingName != null) {
            request.header("x-amzn-iot-thingname", thingName);
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.headers().firstValue("x-amzn-ErrorType").orElse(""),
                JSON.readTree(response.body()));
    }
}
