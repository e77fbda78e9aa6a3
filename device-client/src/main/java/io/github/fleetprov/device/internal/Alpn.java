package io.github.fleetprov.device.internal;

import io.github.fleetprov.core.InvalidInputException;
import software.amazon.awssdk.crt.io.TlsContextOptions;

/**
 * MQTT with an X.509 client certificate on port 443: AWS IoT requires the ALPN protocol
 * {@value #MQTT_PROTOCOL} in the TLS ClientHello there (AWS IoT Core developer guide, "Protocols",
 * https://docs.aws.amazon.com/iot/latest/developerguide/protocols.html). The Device SDK's mutual-TLS
 * builders ({@code AwsIotMqtt5ClientBuilder.newDirectMqttBuilderWithMtlsFromMemory},
 * {@code AwsIotMqttConnectionBuilder.newMtlsBuilder}) add that protocol to their ALPN list whenever
 * {@link TlsContextOptions#isAlpnSupported()}.
 */
public final class Alpn {

    /** The ALPN protocol name of MQTT with X.509 client certificates on AWS IoT's port 443. */
    public static final String MQTT_PROTOCOL = "x-amzn-mqtt-ca";

    /** The port on which AWS IoT needs ALPN. */
    public static final int HTTPS_PORT = 443;

    private Alpn() {
    }

    /**
     * Checks that this platform's TLS can offer ALPN.
     *
     * @param setting the builder setting that asked for it, for the message
     * @throws InvalidInputException if aws-crt cannot offer ALPN here
     */
    public static void requireSupported(String setting) {
        boolean supported;
        try {
            supported = TlsContextOptions.isAlpnSupported();
        } catch (UnsatisfiedLinkError e) {
            supported = false;
        }
        if (!supported) {
            throw new InvalidInputException(setting, "needs the TLS extension ALPN (protocol " + MQTT_PROTOCOL
                    + "), which aws-crt's TLS library on this platform cannot offer",
                    "Connect on port 8883 instead, or run on a platform whose aws-crt build supports ALPN"
                    + " (Linux s2n, Windows 8.1+, macOS with the Network framework).");
        }
    }
}
