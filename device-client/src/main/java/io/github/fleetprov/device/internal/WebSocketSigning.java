package io.github.fleetprov.device.internal;

import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.crt.auth.credentials.Credentials;
import software.amazon.awssdk.crt.auth.credentials.CredentialsProvider;
import software.amazon.awssdk.crt.auth.credentials.DelegateCredentialsProvider;
import java.nio.charset.StandardCharsets;

/**
 * How to sign the WebSocket upgrade of an MQTT connection with SigV4, as AWS IoT Core's MQTT over
 * WebSockets requires (service {@code iotdevicegateway}; the Device SDK's websocket builders sign it).
 *
 * @param region the region the endpoint is in, which the signature's credential scope names
 * @param credentials where the AWS credentials come from (asked again for each connection attempt)
 */
public record WebSocketSigning(String region, AwsCredentialsProvider credentials) {

    /**
     * Checks the components.
     *
     * @param region the region
     * @param credentials the credentials provider
     */
    public WebSocketSigning {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(credentials, "credentials");
    }

    /**
     * An aws-crt credentials provider that asks {@link #credentials()} each time aws-crt signs an
     * upgrade, so refreshed temporary credentials are used on reconnects. The caller closes it after the
     * MQTT client that uses it.
     *
     * @return a new aws-crt provider
     */
    public CredentialsProvider crtProvider() {
        return new DelegateCredentialsProvider.DelegateCredentialsProviderBuilder()
                .withHandler(() -> {
                    AwsCredentials c = credentials.resolveCredentials();
                    byte[] token = c instanceof AwsSessionCredentials session
                            ? session.sessionToken().getBytes(StandardCharsets.UTF_8) : null;
                    return new Credentials(c.accessKeyId().getBytes(StandardCharsets.UTF_8),
                            c.secretAccessKey().getBytes(StandardCharsets.UTF_8), token);
                })
                .build();
    }

    @Override
    public String toString() {
        return "WebSocketSigning[region=" + region + "]";
    }
}
