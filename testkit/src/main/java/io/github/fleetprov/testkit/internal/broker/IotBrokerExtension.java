package io.github.fleetprov.testkit.internal.broker;

import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.auth.PublishAuthorizer;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.SubscriptionAuthorizer;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerOutput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerOutput;
import com.hivemq.extension.sdk.api.client.parameter.ClientTlsInformation;
import com.hivemq.extension.sdk.api.client.parameter.ConnectionInformation;
import com.hivemq.extension.sdk.api.events.client.ClientLifecycleEventListener;
import com.hivemq.extension.sdk.api.events.client.parameters.AuthenticationFailedInput;
import com.hivemq.extension.sdk.api.events.client.parameters.AuthenticationSuccessfulInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ClientInitiatedDisconnectInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ConnectionLostInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ConnectionStartInput;
import com.hivemq.extension.sdk.api.events.client.parameters.DisconnectEventInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ServerInitiatedDisconnectInput;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishOutboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishOutboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishOutboundOutput;
import com.hivemq.extension.sdk.api.interceptor.subscribe.SubscribeInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.subscribe.parameter.SubscribeInboundInput;
import com.hivemq.extension.sdk.api.interceptor.subscribe.parameter.SubscribeInboundOutput;
import com.hivemq.extension.sdk.api.packets.auth.DefaultAuthorizationBehaviour;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.packets.connect.ConnectPacket;
import com.hivemq.extension.sdk.api.packets.connect.WillPublishPacket;
import com.hivemq.extension.sdk.api.packets.disconnect.DisconnectReasonCode;
import com.hivemq.extension.sdk.api.packets.general.DisconnectedReasonCode;
import com.hivemq.extension.sdk.api.packets.general.MqttVersion;
import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.packets.subscribe.SubackReasonCode;
import com.hivemq.extension.sdk.api.packets.subscribe.Subscription;
import com.hivemq.extension.sdk.api.parameter.ClientBasedInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import com.hivemq.extension.sdk.api.services.publish.PublishToClientResult;
import io.github.fleetprov.core.pki.Certificates;
import io.github.fleetprov.policy.IotAction;
import io.github.fleetprov.testkit.event.Event;
import io.github.fleetprov.testkit.event.EventType;
import io.github.fleetprov.testkit.fault.FaultKind;
import io.github.fleetprov.testkit.fault.FaultRule;
import io.github.fleetprov.testkit.fault.Faults;
import io.github.fleetprov.testkit.registry.Certificate;
import io.github.fleetprov.testkit.registry.CertificateStatus;
import io.github.fleetprov.testkit.registry.IotRegistry;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The embedded HiveMQ extension that turns the broker into AWS IoT's message broker: it authenticates
 * CONNECTs by client certificate against the registry, authorizes every CONNECT, PUBLISH, SUBSCRIBE
 * and delivery with the IoT policies in effect, keeps clients off the reply topics of the emulator's
 * own APIs, and hands requests to those APIs.
 *
 * <p>Denials behave as the broker protocol allows: a refused CONNECT gets CONNACK "not authorized"; a
 * refused SUBSCRIBE gets a failure return code in its SUBACK; a refused PUBLISH is dropped, with
 * PUBACK "not authorized" for MQTT 5 and a disconnect for MQTT 3.1.1 (which has no way to say no); a
 * refused delivery is silently skipped for that subscriber.
 *
 * <p>AWS IoT Core's message broker limits ({@link MqttLimits}) are answered as AWS answers them: a
 * client id over 128 bytes gets CONNACK "client identifier not valid"; when turned on, a second CONNECT of a
 * client id within a second is throttled (CONNACK "connection rate exceeded", MQTT 3.1.1 "server unavailable");
 * a PUBLISH whose payload exceeds 128 KB or whose topic exceeds 256 bytes or 7 slashes disconnects the
 * client, recorded with the lifecycle {@code disconnectReason} {@code CLIENT_ERROR}, as the developer
 * guide's MQTT message payload page says ({@code PAYLOAD_LIMIT_EXCEEDED}); a topic filter beyond those
 * limits gets a SUBACK failure; a SUBSCRIBE with more than 8 filters disconnects the client; QoS 2 is
 * not supported: the broker's CONNACK says maximum QoS 1 (HiveMQ's {@code max-qos}), a QoS 2 PUBLISH
 * disconnects the client (MQTT 5: DISCONNECT "QoS not supported"), a QoS 2 subscription is granted
 * QoS 1 over MQTT 5 and closes an MQTT 3.1.1 connection, which has no way to grant less (the MQTT
 * page: "When QoS level 2 is requested, the AWS IoT message broker does not send a PUBACK or SUBACK").
 * Every DISCONNECT event carries the lifecycle event's {@code disconnectReason} in its details.
 */
public final class IotBrokerExtension implements ExtensionMain, MqttOutbound {

    private static final String CERTIFICATE_ID = "fleetprov.certificateId";
    private static final String IAM_ACCESS_KEY = "fleetprov.iamAccessKeyId";
    private static final String IAM_ROLE = "fleetprov.iamRoleArn";
    private static final String IAM_SESSION = "fleetprov.iamSessionName";
    /** The name of the broker's plain loopback listener that only the WebSocket listener's relay uses. */
    public static final String RELAY_LISTENER = "local-iot-websocket-relay";
    /** Set on a connection whose SUBSCRIBE broke a limit: its filters are not granted while it closes. */
    private static final String REFUSE_SUBSCRIBE = "fleetprov.refuseSubscribe";
    /** Detail of DISCONNECT events: the lifecycle event's {@code disconnectReason}. */
    public static final String DISCONNECT_REASON = "disconnectReason";
    /** Detail of DISCONNECT events for a {@code CLIENT_ERROR}: which limit the client broke. */
    public static final String CLIENT_ERROR_REASON = "clientErrorReason";
    private static final String CLIENT_ERROR = "CLIENT_ERROR";

    private final IotRegistry registry;
    private final PolicyEnforcer enforcer;
    private final MqttRequestHandler handler;
    private final Faults faults;
    private final RelayedIdentities relayed = new RelayedIdentities();
    private final ConnectThrottle connectThrottle = new ConnectThrottle(false, System::nanoTime);
    /** Why the emulator is disconnecting a client, for its DISCONNECT event: {disconnectReason, detail}. */
    private final Map<String, String[]> disconnecting = new ConcurrentHashMap<>();
    private final JustInTimeRegistration justInTime;

    /**
     * Creates the extension.
     *
     * @param registry the registry
     * @param enforcer the policy enforcer
     * @param handler the emulator's MQTT APIs
     * @param faults the fault rules; those on {@link Faults#CONNECT} apply to CONNECT
     */
    public IotBrokerExtension(IotRegistry registry, PolicyEnforcer enforcer, MqttRequestHandler handler,
            Faults faults) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.enforcer = Objects.requireNonNull(enforcer, "enforcer");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.faults = Objects.requireNonNull(faults, "faults");
        this.justInTime = new JustInTimeRegistration(registry, this::publishEvent);
    }

    /**
     * What the broker does with an unknown certificate signed by a registered CA with auto-registration
     * (just-in-time registration and provisioning); give it a plan applier to provision.
     *
     * @return the just-in-time registration of this broker
     */
    public JustInTimeRegistration justInTime() {
        return justInTime;
    }

    /**
     * Publishes one of AWS IoT's own events ({@code $aws/events/...}) to the subscribers whose policies
     * allow {@code iot:Receive} on its topic.
     */
    private void publishEvent(String topic, byte[] payload) {
        Services.publishService().publish(Builders.publish().topic(topic).qos(Qos.AT_LEAST_ONCE)
                .payload(ByteBuffer.wrap(payload)).build());
    }

    /**
     * Turns AWS's one CONNECT per second per client id on or off (the default).
     *
     * @param on whether a CONNECT within a second of the client id's last accepted CONNECT is throttled
     */
    public void setConnectThrottling(boolean on) {
        connectThrottle.setEnabled(on);
    }

    /** @return whether CONNECTs are throttled per client id */
    public boolean isConnectThrottling() {
        return connectThrottle.isEnabled();
    }

    /**
     * Where the WebSocket listener announces the IAM identity of each CONNECT it relays to the
     * {@link #RELAY_LISTENER}.
     *
     * @return the hand-over of relayed identities
     */
    public RelayedIdentities relayedIdentities() {
        return relayed;
    }

    /** @return the registry whose certificates may connect */
    IotRegistry registry() {
        return registry;
    }

    @Override
    public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
        SimpleAuthenticator authenticator = this::authenticate;
        Authorizer authorizer = new Authorizer();
        PublishInboundInterceptor inbound = this::onInboundPublish;
        PublishOutboundInterceptor outbound = this::onOutboundPublish;
        SubscribeInboundInterceptor subscribe = this::onInboundSubscribe;
        ClientLifecycleEventListener lifecycle = new Lifecycle();
        Services.securityRegistry().setAuthenticatorProvider(in -> authenticator);
        Services.securityRegistry().setAuthorizerProvider(in -> authorizer);
        Services.initializerRegistry().setClientInitializer((in, context) -> {
            context.addPublishInboundInterceptor(inbound);
            context.addPublishOutboundInterceptor(outbound);
            context.addSubscribeInboundInterceptor(subscribe);
        });
        Services.eventRegistry().setClientLifecycleEventListener(in -> lifecycle);
    }

    @Override
    public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
        // nothing to release: the broker drops registrations when it stops
    }

    // ---- authentication ----

    private void authenticate(SimpleAuthInput input, SimpleAuthOutput output) {
        String clientId = input.getClientInformation().getClientId();
        ConnectionInformation info = input.getConnectionInformation();
        boolean relayedConnection = info.getListener().map(l -> RELAY_LISTENER.equals(l.getName())).orElse(false);
        // Taken first, so that an announcement never outlives a CONNECT refused for another reason.
        IamPrincipal principal = relayedConnection ? relayed.take(clientId).orElse(null) : null;
        Optional<FaultRule> fault = faults.fire(Faults.CONNECT, null, clientId);
        if (fault.isPresent()) {
            if (fault.get().kind() == FaultKind.THROTTLE) {
                refuse(output, clientId, null, "connection rate exceeded (injected fault)",
                        ConnackReasonCode.CONNECTION_RATE_EXCEEDED, "Connection rate exceeded");
            } else {
                refuse(output, clientId, null, fault.get().message());
            }
            return;
        }
        if (MqttLimits.clientIdTooLong(clientId)) {
            refuse(output, clientId, null, "the client id has more than " + MqttLimits.MAX_CLIENT_ID_BYTES
                    + " bytes, AWS IoT Core's limit; use a shorter client id",
                    ConnackReasonCode.CLIENT_IDENTIFIER_NOT_VALID, "Client identifier not valid");
            return;
        }
        if (relayedConnection) {
            authenticateRelayed(input, output, clientId, principal);
            return;
        }
        Optional<X509Certificate> x509 = info.getClientTlsInformation()
                .flatMap(ClientTlsInformation::getClientCertificate);
        if (x509.isEmpty()) {
            refuse(output, clientId, null, "no client certificate was presented; AWS IoT requires mutual TLS");
            return;
        }
        String certificateId = Certificates.awsCertificateId(x509.get());
        Optional<Certificate> registered = registry.findCertificate(certificateId);
        if (registered.isEmpty()) {
            refuse(output, clientId, certificateId, "certificate " + certificateId + " is not registered;"
                    + " register it (RegisterCertificate) or issue it through the emulator");
            return;
        }
        Certificate cert = registered.get();
        Instant now = registry.clock().instant();
        if (cert.status() != CertificateStatus.ACTIVE) {
            refuse(output, clientId, certificateId, "certificate " + certificateId + " is " + cert.status()
                    + "; only ACTIVE certificates may connect (UpdateCertificate --new-status ACTIVE)");
            return;
        }
        if (cert.claimExpiry().isPresent() && !now.isBefore(cert.claimExpiry().get())) {
            refuse(output, clientId, certificateId, "claim certificate " + certificateId + " expired at "
                    + cert.claimExpiry().get() + "; get a new claim");
            return;
        }
        if (now.isAfter(cert.certificate().getNotAfter().toInstant())
                || now.isBefore(cert.certificate().getNotBefore().toInstant())) {
            refuse(output, clientId, certificateId, "certificate " + certificateId + " is outside its validity ("
                    + cert.certificate().getNotBefore().toInstant() + " to "
                    + cert.certificate().getNotAfter().toInstant() + ")");
            return;
        }
        // iot:ConnectAttributes: a session that outlives the connection, and a Will message.
        ConnectPacket connect = input.getConnectPacket();
        List<String> attributes = new ArrayList<>();
        if (connect.getSessionExpiryInterval() > 0) {
            attributes.add("PersistentConnect");
        }
        Optional<WillPublishPacket> will = connect.getWillPublish();
        will.ifPresent(w -> attributes.add("LastWill"));
        Connection connection = new Connection(clientId, certificateId, x509.get(), sourceIp(info),
                info.getMqttVersion() == MqttVersion.V_5, attributes, will.map(WillPublishPacket::getTopic).orElse(null));
        if (!admitted(output, connection, certificateId)) {
            return;
        }
        info.getConnectionAttributeStore().putAsString(CERTIFICATE_ID, certificateId);
        output.getDefaultPermissions().setDefaultBehaviour(DefaultAuthorizationBehaviour.ALLOW);
        registry.events().record(Event.builder(EventType.CONNECT, "Connect").clientId(clientId)
                .resource(enforcer.resourceArn(IotAction.CONNECT, clientId)).outcome("ACCEPTED")
                .detail("certificateId", certificateId).detail("mqttVersion", info.getMqttVersion().name()));
        output.authenticateSuccessfully();
    }

    /**
     * A CONNECT relayed by the WebSocket listener, whose upgrade carried a valid SigV4 signature: the
     * connection has the IAM identity the listener announced and is authorized by that identity's
     * policies (iot:Connect on the client ARN).
     */
    private void authenticateRelayed(SimpleAuthInput input, SimpleAuthOutput output, String clientId,
            IamPrincipal principal) {
        ConnectionInformation info = input.getConnectionInformation();
        if (principal == null) {
            refuse(output, clientId, null, "this listener accepts only CONNECTs relayed by the WebSocket listener"
                    + " after a SigV4-signed upgrade; connect with wss to the WebSocket port");
            return;
        }
        ConnectPacket connect = input.getConnectPacket();
        List<String> attributes = new ArrayList<>();
        if (connect.getSessionExpiryInterval() > 0) {
            attributes.add("PersistentConnect");
        }
        Optional<WillPublishPacket> will = connect.getWillPublish();
        will.ifPresent(w -> attributes.add("LastWill"));
        Connection connection = new Connection(clientId, null, null, null, info.getMqttVersion() == MqttVersion.V_5,
                attributes, will.map(WillPublishPacket::getTopic).orElse(null), principal);
        if (!admitted(output, connection, null)) {
            return;
        }
        info.getConnectionAttributeStore().putAsString(IAM_ACCESS_KEY, principal.accessKeyId());
        info.getConnectionAttributeStore().putAsString(IAM_ROLE, principal.roleArn());
        info.getConnectionAttributeStore().putAsString(IAM_SESSION, principal.sessionName());
        output.getDefaultPermissions().setDefaultBehaviour(DefaultAuthorizationBehaviour.ALLOW);
        registry.events().record(Event.builder(EventType.CONNECT, "Connect").clientId(clientId)
                .resource(enforcer.resourceArn(IotAction.CONNECT, clientId)).outcome("ACCEPTED")
                .detail("principal", principal.assumedRoleArn()).detail("transport", "wss")
                .detail("mqttVersion", info.getMqttVersion().name()));
        output.authenticateSuccessfully();
    }

    /**
     * What every CONNECT passes, whatever its transport: the policy's iot:Connect on the client id, then
     * AWS IoT Core's one CONNECT per second per client id. Refuses the connection if either fails.
     */
    private boolean admitted(SimpleAuthOutput output, Connection connection, String certificateId) {
        String clientId = connection.clientId();
        PolicyEnforcer.Outcome outcome = enforcer.authorize(connection, IotAction.CONNECT, clientId);
        if (!outcome.allowed()) {
            refuse(output, clientId, certificateId, outcome.explanation());
            return false;
        }
        if (!connectThrottle.tryAcquire(clientId)) {
            refuse(output, clientId, certificateId, "client id " + clientId + " connected less than a second ago;"
                    + " AWS IoT Core allows one CONNECT per second per client id: wait before reconnecting",
                    ConnackReasonCode.CONNECTION_RATE_EXCEEDED, "Connection rate exceeded");
            return false;
        }
        return true;
    }

    private void refuse(SimpleAuthOutput output, String clientId, String certificateId, String why) {
        refuse(output, clientId, certificateId, why, ConnackReasonCode.NOT_AUTHORIZED, "Not authorized");
    }

    private void refuse(SimpleAuthOutput output, String clientId, String certificateId, String why,
            ConnackReasonCode code, String reason) {
        registry.events().record(Event.builder(EventType.CONNECT, "Connect").clientId(clientId)
                .resource(enforcer.resourceArn(IotAction.CONNECT, clientId)).outcome("REFUSED").message(why)
                .detail("certificateId", certificateId));
        output.failAuthentication(code, reason);
    }

    private static String sourceIp(ConnectionInformation info) {
        return info.getInetAddress().map(a -> a.getHostAddress()).orElse(null);
    }


    private static Optional<Connection> connectionOf(ClientBasedInput input) {
        ConnectionInformation info = input.getConnectionInformation();
        Optional<String> accessKey = info.getConnectionAttributeStore().getAsString(IAM_ACCESS_KEY);
        if (accessKey.isPresent()) {
            IamPrincipal principal = new IamPrincipal(accessKey.get(),
                    info.getConnectionAttributeStore().getAsString(IAM_ROLE).orElse(""),
                    info.getConnectionAttributeStore().getAsString(IAM_SESSION).orElse(""));
            return Optional.of(new Connection(input.getClientInformation().getClientId(), null, null, null,
                    info.getMqttVersion() == MqttVersion.V_5, List.of(), null, principal));
        }
        Optional<String> id = info.getConnectionAttributeStore().getAsString(CERTIFICATE_ID);
        Optional<X509Certificate> x509 = info.getClientTlsInformation()
                .flatMap(ClientTlsInformation::getClientCertificate);
        if (id.isEmpty() || x509.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Connection(input.getClientInformation().getClientId(), id.get(), x509.get(),
                sourceIp(info), info.getMqttVersion() == MqttVersion.V_5));
    }

    // ---- publish, deliver, subscribe ----

    private void onInboundPublish(PublishInboundInput input, PublishInboundOutput output) {
        Optional<Connection> connection = connectionOf(input);
        String topic = input.getPublishPacket().getTopic();
        if (connection.isEmpty()) {
            output.preventPublishDelivery(AckReasonCode.NOT_AUTHORIZED, "Not authorized");
            return;
        }
        Connection c = connection.get();
        if (input.getPublishPacket().getQos().getQosNumber() > MqttLimits.MAX_QOS) {
            // HiveMQ's max-qos (1) disconnects the client once the PUBLISH passes the interceptors;
            // it is not handed to the emulator's APIs in the meantime.
            disconnecting.put(c.clientId(), new String[] {CLIENT_ERROR, "QOS_NOT_SUPPORTED"});
            return;
        }
        int payloadBytes = input.getPublishPacket().getPayload().map(ByteBuffer::remaining).orElse(0);
        if (payloadBytes > MqttLimits.MAX_PAYLOAD_BYTES) {
            output.preventPublishDelivery();
            clientError(c.clientId(), "PAYLOAD_LIMIT_EXCEEDED", DisconnectReasonCode.PACKET_TOO_LARGE,
                    "Message payload exceeds size limit for message type.");
            return;
        }
        Optional<String> badTopic = MqttLimits.topicViolation(topic);
        if (badTopic.isPresent()) {
            output.preventPublishDelivery();
            clientError(c.clientId(), "TOPIC_LIMIT_EXCEEDED", DisconnectReasonCode.TOPIC_NAME_INVALID,
                    "Topic name invalid: " + badTopic.get());
            return;
        }
        if (handler.isReplyTopic(topic)) {
            registry.events().record(Event.builder(EventType.AUTHORIZATION, IotAction.PUBLISH.value())
                    .clientId(c.clientId()).resource(enforcer.resourceArn(IotAction.PUBLISH, topic))
                    .outcome("RESERVED_TOPIC").message("iot:Publish on " + topic + " denied: reply topics of the"
                            + " fleet provisioning API are reserved for AWS IoT; publish to the request topic instead")
                    .detail("certificateId", c.certificateId()));
            output.preventPublishDelivery(AckReasonCode.NOT_AUTHORIZED, "Not authorized");
            return;
        }
        PolicyEnforcer.Outcome outcome = enforcer.authorize(c, IotAction.PUBLISH, topic);
        if (!outcome.allowed()) {
            output.preventPublishDelivery(AckReasonCode.NOT_AUTHORIZED, "Not authorized");
            return;
        }
        // A message with the RETAIN flag needs iot:RetainPublish as well as iot:Publish.
        if (input.getPublishPacket().getRetain()
                && !enforcer.authorize(c, IotAction.RETAIN_PUBLISH, topic).allowed()) {
            output.preventPublishDelivery(AckReasonCode.NOT_AUTHORIZED, "Not authorized");
            return;
        }
        if (MqttLimits.isBasicIngest(topic)) {
            // Basic Ingest: the message goes to the named rule, never to subscribers (and the emulator
            // runs no rules); HiveMQ itself would disconnect a client publishing to a '$' topic.
            output.preventPublishDelivery();
            return;
        }
        if (handler.handles(topic) && c.isIam()) {
            registry.events().record(Event.builder(EventType.AUTHORIZATION, IotAction.PUBLISH.value())
                    .clientId(c.clientId()).resource(enforcer.resourceArn(IotAction.PUBLISH, topic))
                    .outcome("NOT_HANDLED").message("the fleet provisioning MQTT API answers certificate"
                            + " connections only; connect with the claim certificate over mutual TLS")
                    .detail("principal", c.iamPrincipal().assumedRoleArn()));
            output.preventPublishDelivery();
            return;
        }
        if (handler.handles(topic)) {
            byte[] payload = input.getPublishPacket().getPayload().map(IotBrokerExtension::bytes).orElse(new byte[0]);
            output.preventPublishDelivery();
            handler.submit(c, topic, payload);
        }
    }

    private void onInboundSubscribe(SubscribeInboundInput input, SubscribeInboundOutput output) {
        String clientId = input.getClientInformation().getClientId();
        List<? extends Subscription> subscriptions = input.getSubscribePacket().getSubscriptions();
        if (subscriptions.size() > MqttLimits.MAX_FILTERS_PER_SUBSCRIBE) {
            input.getConnectionInformation().getConnectionAttributeStore().putAsString(REFUSE_SUBSCRIBE, "limit");
            clientError(clientId, "SUBSCRIBE_LIMIT_EXCEEDED", DisconnectReasonCode.PROTOCOL_ERROR,
                    "A SUBSCRIBE may carry at most " + MqttLimits.MAX_FILTERS_PER_SUBSCRIBE + " topic filters");
            return;
        }
        boolean qos2 = subscriptions.stream().anyMatch(s -> s.getQos().getQosNumber() > MqttLimits.MAX_QOS);
        if (qos2 && input.getConnectionInformation().getMqttVersion() != MqttVersion.V_5) {
            input.getConnectionInformation().getConnectionAttributeStore().putAsString(REFUSE_SUBSCRIBE, "qos");
            clientError(clientId, "QOS_NOT_SUPPORTED", DisconnectReasonCode.QOS_NOT_SUPPORTED,
                    "QoS 2 is not supported");
        }
    }

    /** Disconnects a client that broke one of AWS IoT Core's limits, recorded as a {@code CLIENT_ERROR}. */
    private void clientError(String clientId, String why, DisconnectReasonCode code, String reasonString) {
        disconnecting.put(clientId, new String[] {CLIENT_ERROR, why});
        Services.clientService().disconnectClient(clientId, false, code, reasonString);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.asReadOnlyBuffer();
        byte[] out = new byte[copy.remaining()];
        copy.get(out);
        return out;
    }

    private void onOutboundPublish(PublishOutboundInput input, PublishOutboundOutput output) {
        Optional<Connection> connection = connectionOf(input);
        if (connection.isEmpty()) {
            output.preventPublishDelivery();
            return;
        }
        String topic = input.getPublishPacket().getTopic();
        PolicyEnforcer.Outcome outcome = enforcer.authorize(connection.get(), IotAction.RECEIVE, topic);
        if (!outcome.allowed()) {
            output.preventPublishDelivery();
        }
    }

    /** Subscribe authorization by policy; publish authorization already happened in the inbound interceptor. */
    private final class Authorizer implements SubscriptionAuthorizer, PublishAuthorizer {
        @Override
        public void authorizeSubscribe(SubscriptionAuthorizerInput input, SubscriptionAuthorizerOutput output) {
            Optional<Connection> connection = connectionOf(input);
            if (connection.isEmpty()) {
                output.failAuthorization(SubackReasonCode.NOT_AUTHORIZED, "Not authorized");
                return;
            }
            if (input.getConnectionInformation().getConnectionAttributeStore().get(REFUSE_SUBSCRIBE).isPresent()) {
                output.failAuthorization(SubackReasonCode.UNSPECIFIED_ERROR, "Not accepted");
                return;
            }
            String filter = input.getSubscription().getTopicFilter();
            if (MqttLimits.topicViolation(filter).isPresent()) {
                output.failAuthorization(SubackReasonCode.TOPIC_FILTER_INVALID, "Topic filter invalid");
                return;
            }
            PolicyEnforcer.Outcome outcome = enforcer.authorize(connection.get(), IotAction.SUBSCRIBE, filter);
            if (outcome.allowed()) {
                output.authorizeSuccessfully();
            } else {
                output.failAuthorization(SubackReasonCode.NOT_AUTHORIZED, "Not authorized");
            }
        }

        @Override
        public void authorizePublish(PublishAuthorizerInput input, PublishAuthorizerOutput output) {
            output.authorizeSuccessfully();
        }
    }

    /** Records disconnects. */
    private final class Lifecycle implements ClientLifecycleEventListener {
        @Override
        public void onMqttConnectionStart(ConnectionStartInput input) {
            // CONNECT outcomes are recorded by the authenticator
        }

        @Override
        public void onAuthenticationSuccessful(AuthenticationSuccessfulInput input) {
            // recorded by the authenticator
        }

        @Override
        public void onDisconnect(DisconnectEventInput input) {
            record(input, "SERVER_INITIATED_DISCONNECT");
        }

        @Override
        public void onAuthenticationFailedDisconnect(AuthenticationFailedInput input) {
            record(input, "AUTH_ERROR");
        }

        @Override
        public void onConnectionLost(ConnectionLostInput input) {
            record(input, "CONNECTION_LOST");
        }

        @Override
        public void onClientInitiatedDisconnect(ClientInitiatedDisconnectInput input) {
            record(input, "CLIENT_INITIATED_DISCONNECT");
        }

        @Override
        public void onServerInitiatedDisconnect(ServerInitiatedDisconnectInput input) {
            Optional<DisconnectedReasonCode> code = input.getReasonCode();
            String reason = code.map(c -> c == DisconnectedReasonCode.SESSION_TAKEN_OVER ? "DUPLICATE_CLIENTID"
                    : c == DisconnectedReasonCode.QOS_NOT_SUPPORTED || c == DisconnectedReasonCode.PACKET_TOO_LARGE
                    || c == DisconnectedReasonCode.TOPIC_NAME_INVALID || c == DisconnectedReasonCode.PROTOCOL_ERROR
                    || c == DisconnectedReasonCode.MALFORMED_PACKET ? CLIENT_ERROR
                    : "SERVER_INITIATED_DISCONNECT").orElse("SERVER_INITIATED_DISCONNECT");
            record(input, reason);
        }

        /**
         * Records a DISCONNECT with the lifecycle event's {@code disconnectReason} (developer guide,
         * "Lifecycle events": CLIENT_INITIATED_DISCONNECT, CLIENT_ERROR, CONNECTION_LOST, DUPLICATE_CLIENTID,
         * AUTH_ERROR, SERVER_INITIATED_DISCONNECT, ...).
         */
        private void record(DisconnectEventInput input, String lifecycleReason) {
            String clientId = input.getClientInformation().getClientId();
            String[] known = disconnecting.remove(clientId);
            registry.events().record(Event.builder(EventType.DISCONNECT, "Disconnect")
                    .clientId(clientId)
                    .outcome(input.getReasonCode().map(Enum::name).orElse("CONNECTION_LOST"))
                    .message(input.getReasonString().orElse(null))
                    .detail(DISCONNECT_REASON, known != null ? known[0] : lifecycleReason)
                    .detail(CLIENT_ERROR_REASON, known != null ? known[1] : null));
        }
    }

    // ---- outbound ----

    @Override
    public CompletableFuture<Delivery> publishToClient(String clientId, String topic, byte[] payload) {
        return Services.publishService()
                .publishToClient(Builders.publish().topic(topic).qos(Qos.AT_LEAST_ONCE)
                        .payload(ByteBuffer.wrap(payload)).build(), clientId)
                .handle((result, error) -> error != null ? Delivery.FAILED
                        : result == PublishToClientResult.SUCCESSFUL ? Delivery.DELIVERED : Delivery.NOT_SUBSCRIBED);
    }

    @Override
    public CompletableFuture<Boolean> disconnect(String clientId) {
        return Services.clientService().disconnectClient(clientId);
    }
}
