package io.github.fleetprov.testkit.internal.broker;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What the emulator knows about one MQTT connection: the client id, the certificate it presented
 * (and its AWS IoT id), where it comes from, which MQTT version it speaks and, while its CONNECT is
 * authorized, the CONNECT features it uses.
 *
 * @param clientId the MQTT client id
 * @param certificateId the AWS IoT id of the client certificate
 * @param certificate the client certificate
 * @param sourceIp the client's IP address, or {@code null}
 * @param mqtt5 whether the client speaks MQTT 5
 * @param connectAttributes the values of {@code iot:ConnectAttributes} for its CONNECT
 *     ({@code PersistentConnect}, {@code LastWill}); empty after the CONNECT
 * @param lastWillTopic the topic of its CONNECT's Will message ({@code iot:LastWillTopic}), or {@code null}
 */
public record Connection(String clientId, String certificateId, X509Certificate certificate, String sourceIp,
        boolean mqtt5, List<String> connectAttributes, String lastWillTopic) {

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
        this(clientId, certificateId, certificate, sourceIp, mqtt5, List.of(), null);
    }

    /** Copies the attribute list. */
    public Connection {
        connectAttributes = List.copyOf(connectAttributes);
    }
}
