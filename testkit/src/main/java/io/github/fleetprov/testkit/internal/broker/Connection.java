package io.github.fleetprov.testkit.internal.broker;

import java.security.cert.X509Certificate;

/**
 * What the emulator knows about one MQTT connection: the client id, the certificate it presented
 * (and its AWS IoT id), where it comes from and which MQTT version it speaks.
 *
 * @param clientId the MQTT client id
 * @param certificateId the AWS IoT id of the client certificate
 * @param certificate the client certificate
 * @param sourceIp the client's IP address, or {@code null}
 * @param mqtt5 whether the client speaks MQTT 5
 */
public record Connection(String clientId, String certificateId, X509Certificate certificate, String sourceIp,
        boolean mqtt5) {
}
