package io.github.fleetprov.testkit.internal.broker;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What the emulator knows about one MQTT connection: the client id, the certificate it presented
 * (and its AWS IoT id) or, for a SigV4-signed WebSocket connection, its IAM identity, where it comes
 * from, which MQTT version it speaks and, while its CONNECT is authorized, the CONNECT features it uses.
 *
 * @param clientId the MQTT client id
 * @param certificateId the AWS IoT id of the client certificate, or {@code null} for an IAM identity
 * @param certificate the client certificate, or {@code null} for an IAM identity
 * @param sourceIp the client's IP address, or {@code null}
 * @param mqtt5 whether the client speaks MQTT 5
 * @param connectAttributes the values of {@code iot:ConnectAttributes} for its CONNECT
 *     ({@code PersistentConnect}, {@code LastWill}); empty after the CONNECT
 * @param lastWillTopic the topic of its CONNECT's Will message ({@code iot:LastWillTopic}), or {@code null}
 * @param iamPrincipal the IAM identity of a SigV4-signed WebSocket connection, or {@code null} for a
 *     certificate connection
 */
public record Connection(String clientId, String certificateId, X509Certificate certificate, String sourceIp,
        boolean mqtt5, List<String> connectAttributes, String lastWillTopic, IamPrincipal iamPrincipal) {

    /**
     * A certificate connection while its CONNECT is authorized.
     *
     * @param clientId the MQTT client id
     * @param certificateId the AWS IoT id of the client certificate
     * @param certificate the client certificate
     * @param sourceIp the client's IP address, or {@code null}
     * @param mqtt5 whether the client speaks MQTT 5
     * @param connectAttributes the values of {@code iot:ConnectAttributes} for its CONNECT
     * @param lastWillTopic the topic of its CONNECT's Will message, or {@code null}
     */
    public Connection(String clientId, String certificateId, X509Certificate certificate, String sourceIp,
            boolean mqtt5, List<String> connectAttributes, String lastWillTopic) {
        this(clientId, certificateId, certificate, sourceIp, mqtt5, connectAttributes, lastWillTopic, null);
    }

    /**
     * A connection after its CONNECT, as publish, subscribe and delivery see it.
     *
     * @param clientId the MQTT client id
     * @param certificateId the AWS IoT id of the client certificate
     * @param certificate the client certificate
     * @param sourceIp the client's IP address, or {@code null}
     * @param mqtt5 whether the client speaks MQTT 5
     */
    public Connection(String clientId, String certificateId, X509Certificate certificate, String sourceIp,
            boolean mqtt5) {
        this(clientId, certificateId, certificate, sourceIp, mqtt5, List.of(), null, null);
    }

    /**
     * Whether the connection authenticated with IAM credentials (SigV4) rather than a certificate.
     *
     * @return {@code true} for an IAM identity
     */
    public boolean isIam() {
        return iamPrincipal != null;
    }

    /** Copies the attribute list. */
    public Connection {
        connectAttributes = List.copyOf(connectAttributes);
    }
}
