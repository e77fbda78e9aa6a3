package io.github.fleetprov.device;

import io.github.fleetprov.core.pki.Pem;
import io.github.fleetprov.core.store.DeviceIdentity;
import java.util.Objects;
import io.github.fleetprov.device.internal.Pkcs11PrivateKey;
import io.github.fleetprov.device.internal.Pkcs11Tokens;
import io.github.fleetprov.device.internal.TlsIdentity;
import java.util.Optional;
import software.amazon.awssdk.crt.io.TlsContextPkcs11Options;
import software.amazon.awssdk.crt.auth.credentials.CredentialsProvider;
import software.amazon.awssdk.iot.AwsIotMqtt5ClientBuilder;
import software.amazon.awssdk.iot.AwsIotMqttConnectionBuilder;

/**
 * The AWS IoT Device SDK's own client builders, configured for a device identity (mTLS with its key
 * and certificate, its endpoint and port, the CA, its thing name as client id). Add lifecycle and
 * publish callbacks, then build. The caller owns (and must close) both the builder and the client.
 */
public final class DeviceClients {

    private DeviceClients() {
    }

    /**
     * An MQTT 5 client builder for the device.
     *
     * @param device the identity
     * @param certificateAuthorityPem the CA certificates, PEM (for example
     *     {@link io.github.fleetprov.core.pki.AmazonRootCas#pem()})
     * @return a builder; call {@code build()} and {@code start()}
     */
    public static AwsIotMqtt5ClientBuilder mqtt5(DeviceIdentity device, String certificateAuthorityPem) {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(certificateAuthorityPem, "certificateAuthorityPem");
        Optional<Pkcs11PrivateKey> tokenKey = TlsIdentity.tokenKey(device.privateKey());
        AwsIotMqtt5ClientBuilder builder;
        if (tokenKey.isPresent()) {
            try (TlsContextPkcs11Options pkcs11 = Pkcs11Tokens.tlsOptions(tokenKey.get(), device.certificatePem())) {
                builder = AwsIotMqtt5ClientBuilder.newDirectMqttBuilderWithMtlsFromPkcs11(device.endpoint(), pkcs11);
            }
        } else {
            builder = AwsIotMqtt5ClientBuilder.newDirectMqttBuilderWithMtlsFromMemory(device.endpoint(),
                    device.certificatePem(), Pem.privateKeyToPem(device.privateKey()));
        }
        return builder
                .withPort((long) device.port())
                .withCertificateAuthority(certificateAuthorityPem)
                .withClientId(device.thingName());
    }

    /**
     * An MQTT 5 client builder for MQTT over WebSockets signed with AWS credentials (SigV4, service
     * {@code iotdevicegateway}) instead of a device certificate: {@code wss://<endpoint>:443/mqtt}, the
     * client id and the IAM policy of the credentials' identity decide what it may do (AWS IoT Core
     * developer guide, "MQTT over the WebSocket protocol"). Add an HTTP proxy with
     * {@code withHttpProxyOptions}, the port with {@code withPort}.
     *
     * @param endpoint the AWS IoT data endpoint host
     * @param region the endpoint's region, which the signature names
     * @param credentials aws-crt's credentials provider (for example its {@code StaticCredentialsProvider}
     *     or a {@code DelegateCredentialsProvider} over an AWS SDK provider); the caller closes it after the client
     * @param clientId the MQTT client id
     * @param certificateAuthorityPem the CA certificates, PEM
     * @return a builder; call {@code build()} and {@code start()}
     */
    public static AwsIotMqtt5ClientBuilder mqtt5OverWebSockets(String endpoint, String region,
            CredentialsProvider credentials, String clientId, String certificateAuthorityPem) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(certificateAuthorityPem, "certificateAuthorityPem");
        AwsIotMqtt5ClientBuilder.WebsocketSigv4Config sigv4 = new AwsIotMqtt5ClientBuilder.WebsocketSigv4Config();
        sigv4.region = region;
        sigv4.credentialsProvider = credentials;
        return AwsIotMqtt5ClientBuilder.newWebsocketMqttBuilderWithSigv4Auth(endpoint, sigv4)
                .withCertificateAuthority(certificateAuthorityPem)
                .withClientId(clientId);
    }

    /**
     * An MQTT 3.1.1 connection builder for the device.
     *
     * @param device the identity
     * @param certificateAuthorityPem the CA certificates, PEM
     * @return a builder; call {@code build()} and {@code connect()}
     */
    public static AwsIotMqttConnectionBuilder mqtt311(DeviceIdentity device, String certificateAuthorityPem) {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(certificateAuthorityPem, "certificateAuthorityPem");
        Optional<Pkcs11PrivateKey> tokenKey = TlsIdentity.tokenKey(device.privateKey());
        AwsIotMqttConnectionBuilder builder;
        if (tokenKey.isPresent()) {
            try (TlsContextPkcs11Options pkcs11 = Pkcs11Tokens.tlsOptions(tokenKey.get(), device.certificatePem())) {
                builder = AwsIotMqttConnectionBuilder.newMtlsPkcs11Builder(pkcs11);
            }
        } else {
            builder = AwsIotMqttConnectionBuilder.newMtlsBuilder(device.certificatePem(),
                    Pem.privateKeyToPem(device.privateKey()));
        }
        return builder
                .withEndpoint(device.endpoint())
                .withPort(device.port())
                .withCertificateAuthority(certificateAuthorityPem)
                .withClientId(device.thingName())
                .withCleanSession(true);
    }
}
