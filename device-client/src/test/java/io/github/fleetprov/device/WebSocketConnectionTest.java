package io.github.fleetprov.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.core.FleetProvisioningException;
import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.pki.IssuedCertificate;
import io.github.fleetprov.device.credentials.IotCredentialsProvider;
import io.github.fleetprov.testkit.LocalIotCore;
import io.github.fleetprov.testkit.event.EventType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * MQTT over WebSockets with SigV4: the Device SDK (aws-crt) signs the upgrade with credentials from
 * LocalIotCore's credentials provider, LocalIotCore checks the signature and authorizes with the IAM
 * policy of the credentials' role.
 */
class WebSocketConnectionTest {

    private static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"credentials.iot.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}}";

    private final LocalIotCore iot = LocalIotCore.shared();
    private final String id = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final String clientId = "gw-" + id;
    private String roleName;
    private IotCredentialsProvider credentials;
    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

    @BeforeEach
    void deviceWithARoleAlias() {
        String arn = "arn:aws:iot:" + iot.region() + ":" + iot.accountId() + ":";
        String alias = "ws-alias-" + id;
        String thing = "ws-thing-" + id;
        iot.registry().createPolicy("ws-creds-" + id, "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
                + "\"Allow\",\"Action\":\"iot:AssumeRoleWithCertificate\",\"Resource\":\"" + arn + "rolealias/"
                + alias + "\"}]}");
        IssuedCertificate certificate = iot.createDeviceCertificate(thing, "ws-creds-" + id);
        roleName = "ws-role-" + id;
        String roleArn;
        try (IamClient iam = iamClient()) {
            roleArn = iam.createRole(r -> r.roleName(roleName).assumeRolePolicyDocument(TRUST)).role().arn();
        }
        // Publish only on <client>/telemetry; Subscribe and Receive on everything under <client>/.
        putRolePolicy("{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Effect\":\"Allow\",\"Action\":\"iot:Connect\",\"Resource\":\"" + arn + "client/" + clientId + "\"},"
                + "{\"Effect\":\"Allow\",\"Action\":\"iot:Publish\",\"Resource\":\"" + arn + "topic/" + clientId
                + "/telemetry\"},"
                + "{\"Effect\":\"Allow\",\"Action\":\"iot:Receive\",\"Resource\":\"" + arn + "topic/" + clientId + "/*\"},"
                + "{\"Effect\":\"Allow\",\"Action\":\"iot:Subscribe\",\"Resource\":\"" + arn + "topicfilter/" + clientId
                + "/*\"},"
                + "{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::firmware-" + id + "/*\"}"
                + "]}");
        iot.registry().createRoleAlias(alias, roleArn, 3600);
        credentials = IotCredentialsProvider.builder().identity(certificate.certificate(),
                certificate.keyPair().getPrivate()).endpoint(iot.credentialsEndpoint()).roleAlias(alias)
                .thingName(thing).certificateAuthorityPem(iot.caCertificatePem()).build();
        open.add(credentials);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private IamClient iamClient() {
        return IamClient.builder().region(Region.AWS_GLOBAL).endpointOverride(iot.iamEndpoint())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDADMIN", "x")))
                .build();
    }

    private void putRolePolicy(String document) {
        try (IamClient iam = iamClient()) {
            iam.putRolePolicy(r -> r.roleName(roleName).policyName("mqtt").policyDocument(document));
        }
    }

    private DeviceConnection.WebSocketBuilder builder(AwsCredentialsProvider provider) {
        return DeviceConnection.webSocketBuilder(iot.mqttHost(), iot.region(), provider).clientId(clientId)
                .port(iot.webSocketPort()).certificateAuthorityPem(iot.caCertificatePem())
                .connectTimeout(Duration.ofSeconds(15));
    }

    private DeviceConnection connect(DeviceConnection.WebSocketBuilder builder) {
        DeviceConnection connection = builder.connect();
        open.add(0, connection);
        return connection;
    }

    /** Publishes to the connection's own telemetry topic and returns what its subscription received. */
    private static CompletableFuture<String> echo(DeviceConnection connection, String clientId) {
        CompletableFuture<String> received = new CompletableFuture<>();
        connection.subscribe(clientId + "/#", Qos.AT_LEAST_ONCE,
                (topic, payload) -> received.complete(topic + " " + new String(payload, StandardCharsets.UTF_8)))
                .join();
        connection.publish(clientId + "/telemetry", "{\"t\":21}".getBytes(StandardCharsets.UTF_8),
                Qos.AT_LEAST_ONCE).join();
        return received;
    }

    @Test
    void mqtt5_withCredentialsFromTheCredentialsProvider_publishesAndReceivesOverWss() {
        long mark = iot.events().lastSequence();
        DeviceConnection connection = connect(builder(credentials));

        assertThat(echo(connection, clientId)).succeedsWithin(Duration.ofSeconds(10))
                .isEqualTo(clientId + "/telemetry {\"t\":21}");
        assertThat(iot.events().since(mark)).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo(EventType.CONNECT);
            assertThat(e.outcome()).isEqualTo("ACCEPTED");
            assertThat(e.clientId()).contains(clientId);
            assertThat(e.details()).containsEntry("transport", "wss")
                    .containsEntry("principal", "arn:aws:sts::" + iot.accountId() + ":assumed-role/" + roleName + "/"
                            + e.details().get("principal").substring(e.details().get("principal").lastIndexOf('/') + 1));
        });
    }

    @Test
    void mqtt311_withCredentialsFromTheCredentialsProvider_publishesAndReceivesOverWss() {
        DeviceConnection connection = connect(builder(credentials).mqttVersion(MqttVersion.MQTT_3_1_1));

        assertThat(echo(connection, clientId)).succeedsWithin(Duration.ofSeconds(10))
                .isEqualTo(clientId + "/telemetry {\"t\":21}");
    }

    @Test
    void connect_withAWrongSecretKey_isRefusedWithHttp403BeforeTheUpgrade() {
        AwsSessionCredentials real = (AwsSessionCredentials) credentials.resolveCredentials();
        AwsCredentials forged = AwsSessionCredentials.create(real.accessKeyId(),
                "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", real.sessionToken());
        long mark = iot.events().lastSequence();

        assertThatThrownBy(() -> connect(builder(StaticCredentialsProvider.create(forged))))
                .isInstanceOf(ConnectionRefusedException.class)
                .hasMessageContaining("WEBSOCKET_UPGRADE")
                .hasMessageContaining("SigV4");
        assertThat(iot.events().since(mark)).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo(EventType.CONNECT);
            assertThat(e.outcome()).isEqualTo("REFUSED");
            assertThat(e.message()).contains("HTTP 403").contains("signature we calculated does not match");
        });
        assertThat(iot.events().since(mark)).noneMatch(e -> "ACCEPTED".equals(e.outcome())
                && e.clientId().filter(clientId::equals).isPresent());
    }

    @Test
    void connect_withAnAccessKeyTheEmulatorNeverIssued_isRefused() {
        AwsCredentials unknown = AwsSessionCredentials.create("ASIAUNKNOWNKEY000000",
                "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "token");

        assertThatThrownBy(() -> connect(builder(StaticCredentialsProvider.create(unknown))))
                .isInstanceOf(ConnectionRefusedException.class)
                .hasMessageContaining("WEBSOCKET_UPGRADE");
    }

    @Test
    void connect_whenTheRolePolicyDoesNotAllowIotConnectForTheClientId_isRefused() {
        long mark = iot.events().lastSequence();

        assertThatThrownBy(() -> connect(builder(credentials).clientId("someone-else-" + id)))
                .isInstanceOf(ConnectionRefusedException.class)
                .hasMessageContaining("NOT_AUTHORIZED");
        assertThat(iot.events().since(mark)).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo(EventType.CONNECT);
            assertThat(e.outcome()).isEqualTo("REFUSED");
            assertThat(e.message()).contains("IAM role " + roleName).contains("iot:Connect");
        });
    }

    @Test
    void mqtt5_publishWithoutIotPublishOnTheTopic_isRefusedAndNotDelivered() {
        DeviceConnection connection = connect(builder(credentials));
        List<String> received = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> first = new CompletableFuture<>();
        connection.subscribe(clientId + "/#", Qos.AT_LEAST_ONCE, (topic, payload) -> {
            received.add(topic);
            first.complete(null);
        }).join();
        long mark = iot.events().lastSequence();

        assertThat(connection.publish(clientId + "/commands", new byte[] {1}, Qos.AT_LEAST_ONCE))
                .failsWithin(Duration.ofSeconds(10))
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withCauseInstanceOf(FleetProvisioningException.class)
                .withMessageContaining("NOT_AUTHORIZED");
        assertThat(iot.events().since(mark)).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo(EventType.AUTHORIZATION);
            assertThat(e.operation()).isEqualTo("iot:Publish");
            assertThat(e.resource()).endsWith(":topic/" + clientId + "/commands");
            assertThat(e.outcome()).isNotEqualTo("ALLOWED");
        });
        // The allowed topic still goes through, and the refused message never reached the subscriber.
        connection.publish(clientId + "/telemetry", new byte[] {2}, Qos.AT_LEAST_ONCE).join();
        assertThat(first).succeedsWithin(Duration.ofSeconds(10));
        assertThat(received).containsExactly(clientId + "/telemetry");
    }

    @Test
    void mqtt311_publishWithoutIotPublishOnTheTopic_disconnectsTheClient() {
        DeviceConnection connection = connect(builder(credentials).mqttVersion(MqttVersion.MQTT_3_1_1));
        long mark = iot.events().lastSequence();

        connection.publish(clientId + "/commands", new byte[] {1}, Qos.AT_LEAST_ONCE);

        assertThat(iot.events().await(e -> e.sequence() > mark && e.type() == EventType.DISCONNECT
                && e.clientId().filter(clientId::equals).isPresent(), Duration.ofSeconds(10))).isPresent();
        assertThat(iot.events().since(mark)).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo(EventType.AUTHORIZATION);
            assertThat(e.operation()).isEqualTo("iot:Publish");
            assertThat(e.outcome()).isNotEqualTo("ALLOWED");
        });
    }

    @Test
    void throughAnHttpProxy_tunnelsTheWebSocketAndPublishes() throws Exception {
        try (HttpConnectProxy proxy = new HttpConnectProxy()) {
            DeviceConnection connection = connect(builder(credentials)
                    .httpProxy(HttpProxy.of("127.0.0.1", proxy.port())));

            assertThat(echo(connection, clientId)).succeedsWithin(Duration.ofSeconds(10))
                    .isEqualTo(clientId + "/telemetry {\"t\":21}");
            assertThat(proxy.tunnels.get()).isPositive();
            assertThat(proxy.requests).allMatch(r -> r.startsWith("CONNECT ") && r.contains(":" + iot.webSocketPort()));
        }
    }

    @Test
    void mqtt311_throughAnHttpProxy_tunnelsTheWebSocketAndPublishes() throws Exception {
        try (HttpConnectProxy proxy = new HttpConnectProxy()) {
            DeviceConnection connection = connect(builder(credentials).mqttVersion(MqttVersion.MQTT_3_1_1)
                    .httpProxy(HttpProxy.of("127.0.0.1", proxy.port())));

            assertThat(echo(connection, clientId)).succeedsWithin(Duration.ofSeconds(10))
                    .isEqualTo(clientId + "/telemetry {\"t\":21}");
            assertThat(proxy.tunnels.get()).isPositive();
        }
    }

    @Test
    void deviceClientsMqtt5OverWebSockets_connectsWithTheDeviceSdksOwnClient() throws Exception {
        AwsSessionCredentials issued = (AwsSessionCredentials) credentials.resolveCredentials();
        CompletableFuture<Void> connected = new CompletableFuture<>();
        try (software.amazon.awssdk.crt.auth.credentials.StaticCredentialsProvider crt =
                     new software.amazon.awssdk.crt.auth.credentials.StaticCredentialsProvider
                             .StaticCredentialsProviderBuilder()
                             .withAccessKeyId(issued.accessKeyId().getBytes(StandardCharsets.UTF_8))
                             .withSecretAccessKey(issued.secretAccessKey().getBytes(StandardCharsets.UTF_8))
                             .withSessionToken(issued.sessionToken().getBytes(StandardCharsets.UTF_8)).build();
                software.amazon.awssdk.iot.AwsIotMqtt5ClientBuilder builder = DeviceClients.mqtt5OverWebSockets(
                        iot.mqttHost(), iot.region(), crt, clientId, iot.caCertificatePem())) {
            builder.withPort((long) iot.webSocketPort()).withLifeCycleEvents(new LifecycleToFuture(connected));
            try (software.amazon.awssdk.crt.mqtt5.Mqtt5Client client = builder.build()) {
                client.start();
                assertThat(connected).succeedsWithin(Duration.ofSeconds(15));
                client.stop();
            }
        }
    }

    /** Completes a future when the client connects, fails it when connecting fails. */
    private record LifecycleToFuture(CompletableFuture<Void> connected)
            implements software.amazon.awssdk.crt.mqtt5.Mqtt5ClientOptions.LifecycleEvents {
        @Override
        public void onAttemptingConnect(software.amazon.awssdk.crt.mqtt5.Mqtt5Client c,
                software.amazon.awssdk.crt.mqtt5.OnAttemptingConnectReturn r) {
        }

        @Override
        public void onConnectionSuccess(software.amazon.awssdk.crt.mqtt5.Mqtt5Client c,
                software.amazon.awssdk.crt.mqtt5.OnConnectionSuccessReturn r) {
            connected.complete(null);
        }

        @Override
        public void onConnectionFailure(software.amazon.awssdk.crt.mqtt5.Mqtt5Client c,
                software.amazon.awssdk.crt.mqtt5.OnConnectionFailureReturn r) {
            connected.completeExceptionally(new IllegalStateException("error " + r.getErrorCode()));
        }

        @Override
        public void onDisconnection(software.amazon.awssdk.crt.mqtt5.Mqtt5Client c,
                software.amazon.awssdk.crt.mqtt5.OnDisconnectionReturn r) {
        }

        @Override
        public void onStopped(software.amazon.awssdk.crt.mqtt5.Mqtt5Client c,
                software.amazon.awssdk.crt.mqtt5.OnStoppedReturn r) {
        }
    }

    @Test
    void webSocketBuilder_withoutAClientId_isRejectedNamingTheField() {
        assertThatThrownBy(() -> DeviceConnection.webSocketBuilder(iot.mqttHost(), iot.region(), credentials)
                .port(iot.webSocketPort()).connect())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("clientId");
    }

    @Test
    void webSocketBuilder_withABlankRegion_isRejectedNamingTheField() {
        assertThatThrownBy(() -> DeviceConnection.webSocketBuilder(iot.mqttHost(), " ", credentials))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("region");
    }
}
