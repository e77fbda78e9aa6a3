package io.github.fleetprov.benchmarks.device;

import io.github.fleetprov.core.pki.CertificateSigningRequest;
import io.github.fleetprov.core.pki.KeyPairs;
import io.github.fleetprov.core.pki.Subject;
import java.security.KeyPair;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.crt.iot.MqttRequestResponseClientOptions;
import software.amazon.awssdk.crt.io.SocketOptions;
import software.amazon.awssdk.crt.mqtt5.Mqtt5Client;
import software.amazon.awssdk.crt.mqtt5.Mqtt5ClientOptions;
import software.amazon.awssdk.crt.mqtt5.OnAttemptingConnectReturn;
import software.amazon.awssdk.crt.mqtt5.OnConnectionFailureReturn;
import software.amazon.awssdk.crt.mqtt5.OnConnectionSuccessReturn;
import software.amazon.awssdk.crt.mqtt5.OnDisconnectionReturn;
import software.amazon.awssdk.crt.mqtt5.OnStoppedReturn;
import software.amazon.awssdk.iot.AwsIotMqtt5ClientBuilder;
import software.amazon.awssdk.iot.iotidentity.IotIdentityV2Client;
import software.amazon.awssdk.iot.iotidentity.model.CreateCertificateFromCsrRequest;
import software.amazon.awssdk.iot.iotidentity.model.CreateCertificateFromCsrResponse;
import software.amazon.awssdk.iot.iotidentity.model.RegisterThingRequest;
import software.amazon.awssdk.iot.iotidentity.model.RegisterThingResponse;

/**
 * The official AWS IoT Device SDK flow, the way its MQTT 5 fleet provisioning sample does it: an MQTT 5
 * client, {@link IotIdentityV2Client} on it, CreateCertificateFromCsr, then RegisterThing. The key and
 * CSR are made with the same code as fleetprov's (EC P-256), so only the MQTT part differs.
 */
final class OfficialSdkFlow {

    private OfficialSdkFlow() {
    }

    /**
     * Provisions one device the way the sample is written (builder defaults).
     *
     * @return the thing name
     */
    static String provision(String host, int port, String caPem, String claimCertPem, String claimKeyPem,
            String clientId, String templateName, Map<String, String> parameters) throws Exception {
        return provision(host, port, caPem, claimCertPem, claimKeyPem, clientId, templateName, parameters, false);
    }

    /**
     * Provisions one device.
     *
     * @param tuned {@code false}: the sample as written; {@code true}: the same flow configured as
     *     fleetprov's provisioning connection is ({@code TCP_NODELAY} on, IoT Core flow control off)
     * @return the thing name
     */
    static String provision(String host, int port, String caPem, String claimCertPem, String claimKeyPem,
            String clientId, String templateName, Map<String, String> parameters, boolean tuned) throws Exception {
        CompletableFuture<Void> connected = new CompletableFuture<>();
        Mqtt5Client client;
        try (AwsIotMqtt5ClientBuilder builder = AwsIotMqtt5ClientBuilder.newDirectMqttBuilderWithMtlsFromMemory(host,
                claimCertPem, claimKeyPem)) {
            builder.withPort((long) port).withCertificateAuthority(caPem).withClientId(clientId)
                    .withLifeCycleEvents(new Mqtt5ClientOptions.LifecycleEvents() {
                        @Override
                        public void onAttemptingConnect(Mqtt5Client c, OnAttemptingConnectReturn r) {
                        }

                        @Override
                        public void onConnectionSuccess(Mqtt5Client c, OnConnectionSuccessReturn r) {
                            connected.complete(null);
                        }

                        @Override
                        public void onConnectionFailure(Mqtt5Client c, OnConnectionFailureReturn r) {
                            connected.completeExceptionally(new IllegalStateException("connect failed "
                                    + r.getErrorCode()));
                        }

                        @Override
                        public void onDisconnection(Mqtt5Client c, OnDisconnectionReturn r) {
                        }

                        @Override
                        public void onStopped(Mqtt5Client c, OnStoppedReturn r) {
                        }
                    });
            if (tuned) {
                try (SocketOptions socket = new SocketOptions()) {
                    socket.connectTimeoutMs = 30_000;
                    socket.tcpNoDelay = SocketOptions.TcpNoDelay.ON;
                    builder.withSocketOptions(socket).withExtendedValidationAndFlowControlOptions(
                            Mqtt5ClientOptions.ExtendedValidationAndFlowControlOptions.NONE);
                    client = builder.build();
                }
            } else {
                client = builder.build();
            }
        }
        try {
            client.start();
            connected.get(30, TimeUnit.SECONDS);
            MqttRequestResponseClientOptions options = MqttRequestResponseClientOptions.builder()
                    .withMaxRequestResponseSubscriptions(2).withMaxStreamingSubscriptions(2)
                    .withOperationTimeoutSeconds(30).build();
            try (IotIdentityV2Client identity = IotIdentityV2Client.newFromMqtt5(client, options)) {
                KeyPair keyPair = KeyPairs.generate();
                CreateCertificateFromCsrRequest csrRequest = new CreateCertificateFromCsrRequest();
                csrRequest.certificateSigningRequest = CertificateSigningRequest.create(keyPair,
                        Subject.ofCommonName(clientId)).toPem();
                CreateCertificateFromCsrResponse created = identity.createCertificateFromCsr(csrRequest)
                        .get(30, TimeUnit.SECONDS);
                RegisterThingRequest register = new RegisterThingRequest();
                register.templateName = templateName;
                register.certificateOwnershipToken = created.certificateOwnershipToken;
                register.parameters = new HashMap<>(parameters);
                RegisterThingResponse registered = identity.registerThing(register).get(30, TimeUnit.SECONDS);
                return registered.thingName;
            }
        } finally {
            client.stop();
            client.close();
        }
    }
}
