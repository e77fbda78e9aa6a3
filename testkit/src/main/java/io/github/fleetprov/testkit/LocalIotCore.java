package io.github.fleetprov.testkit;

import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.pki.CertificateAuthority;
import io.github.fleetprov.core.pki.IssuedCertificate;
import io.github.fleetprov.core.pki.KeyAlgorithm;
import io.github.fleetprov.core.pki.Subject;
import io.github.fleetprov.testkit.event.Event;
import io.github.fleetprov.testkit.event.EventLog;
import io.github.fleetprov.testkit.event.EventType;
import io.github.fleetprov.testkit.fault.DelayingProxy;
import io.github.fleetprov.testkit.fault.Faults;
import io.github.fleetprov.testkit.internal.alpn.AlpnListener;
import io.github.fleetprov.testkit.internal.broker.IamPolicyAuthorizer;
import io.github.fleetprov.testkit.internal.broker.EmbeddedBroker;
import io.github.fleetprov.testkit.internal.broker.IotBrokerExtension;
import io.github.fleetprov.testkit.internal.broker.PolicyEnforcer;
import io.github.fleetprov.testkit.internal.controlplane.ControlPlaneFaults;
import io.github.fleetprov.testkit.internal.controlplane.ControlPlaneServer;
import io.github.fleetprov.testkit.internal.controlplane.IotOperations;
import io.github.fleetprov.testkit.internal.controlplane.PolicyAuthorization;
import io.github.fleetprov.testkit.internal.controlplane.RegistrationTaskOperations;
import io.github.fleetprov.testkit.internal.credentials.CredentialsIssuer;
import io.github.fleetprov.testkit.internal.credentials.CredentialsProviderServer;
import io.github.fleetprov.testkit.internal.iam.IamServer;
import io.github.fleetprov.testkit.internal.iam.IamState;
import io.github.fleetprov.testkit.internal.iam.SessionAuthorization;
import io.github.fleetprov.testkit.internal.websocket.SigV4QueryVerifier;
import io.github.fleetprov.testkit.internal.websocket.WebSocketListener;
import io.github.fleetprov.testkit.internal.persistence.RegistryPersistence;
import io.github.fleetprov.testkit.internal.provisioning.FleetProvisioningService;
import io.github.fleetprov.testkit.internal.registry.InMemoryIotRegistry;
import io.github.fleetprov.testkit.internal.registry.RegistryTables;
import io.github.fleetprov.testkit.registry.CertificateRegistration;
import io.github.fleetprov.testkit.registry.CertificateStatus;
import io.github.fleetprov.testkit.registry.IotRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * An in-process AWS IoT Core for tests and demos: a real MQTT broker (embedded HiveMQ CE, MQTT 5 and
 * 3.1.1) behind mutual TLS on a loopback port, the fleet provisioning MQTT API, IoT policy enforcement
 * on every CONNECT, PUBLISH ({@code iot:Publish}, and {@code iot:RetainPublish} for a message with the
 * RETAIN flag), SUBSCRIBE and delivery, an {@link IotRegistry} (in memory, or kept in a directory with
 * {@link Builder#dataDirectory}), fault injection and an event log. A CONNECT is authorized with {@code iot:ConnectAttributes} ({@code PersistentConnect} when its
 * session outlives the connection, {@code LastWill} when it carries a Will message) and
 * {@code iot:LastWillTopic} in the request, so policies that restrict them are honoured; the Will
 * message itself is not checked against {@code iot:Publish} when the broker publishes it.
 *
 * <p>A local CA issues the broker's certificate (for {@code localhost} and {@code 127.0.0.1}) and every
 * device and claim certificate; point SDKs at {@link #caPath()} or {@link #caCertificatePem()} as
 * their root CA. The account and region are fixed fakes ({@value #DEFAULT_ACCOUNT_ID},
 * {@value #DEFAULT_REGION}) unless set on the builder.
 *
 * <pre>{@code
 * LocalIotCore iot = LocalIotCore.shared();
 * iot.registry().createPolicy("ClaimPolicy", claimPolicyJson);
 * IssuedCertificate claim = iot.createClaimCertificate("ClaimPolicy");
 * // connect an MQTT client to iot.mqttHost():iot.mqttPort() with claim, trusting iot.caPath()
 * }</pre>
 *
 * <p>The broker's TLS layer accepts a client certificate that chains to the local CA or that is
 * registered in {@link #registry()}, as AWS IoT accepts certificates registered without a CA
 * (RegisterCertificateWithoutCA, for example a device's self-signed certificate whose common name is
 * the device id); any other certificate fails the TLS handshake. Whether a certificate the TLS layer
 * accepted may connect (ACTIVE, within its validity, {@code iot:Connect} allowed) is then decided and
 * recorded in {@link #events()} like any CONNECT. The certificate request names no CA, so clients send
 * their certificate whatever its issuer.
 *
 * <p>To get there, while the broker runs the JVM-wide security property
 * {@code ssl.TrustManagerFactory.algorithm} names a trust manager factory of the testkit's own (from a
 * security provider it registers): HiveMQ builds its trust managers from that default algorithm. The
 * factory returns the trust managers of the JVM's previous default algorithm (PKIX unless the
 * application chose another) for every key store other than the broker's own trust store, so every
 * other TLS client and server in the JVM, including the default {@code SSLContext}, trusts exactly what
 * it trusted before. The property is restored when the instance is closed.
 *
 * <p>The broker enforces AWS IoT Core's message broker limits (client id 128 bytes; topic 256 bytes
 * and 7 slashes, the Basic Ingest prefix not counted; payload 128 KB; 8 filters per SUBSCRIBE; QoS 0
 * and 1 only; optionally one CONNECT per second per client id) and answers them as AWS does (see the
 * developer guide's quotas and MQTT pages); {@link #startMqttDelay} adds a network-latency fault.
 *
 * <p>Starting takes seconds in a fresh JVM (HiveMQ's own bootstrap) and far less in a warm one;
 * {@link #close()} takes milliseconds. Tests share one instance per JVM through {@link #shared()} (or
 * {@link LocalIotCoreExtension}); only one broker can run in a JVM at a time, because HiveMQ's
 * extension services are JVM-wide.
 */
public final class LocalIotCore implements AutoCloseable {

    /** The default fake account id. */
    public static final String DEFAULT_ACCOUNT_ID = "123456789012";
    /** The default region. */
    public static final String DEFAULT_REGION = "us-east-1";

    private static final Logger LOG = LoggerFactory.getLogger(LocalIotCore.class);
    private static final Object SHARED_LOCK = new Object();
    private static LocalIotCore shared;

    private final String partition;
    private final String region;
    private final String accountId;
    private final Clock clock;
    private final EventLog events;
    private final RegistryTables registryTables;
    private final IotRegistry registry;
    private final Faults faults;
    private final CertificateAuthority ca;
    private final Path caPath;
    private final PolicyEnforcer enforcer;
    private final FleetProvisioningService provisioning;
    private final IotBrokerExtension brokerExtension;
    private final EmbeddedBroker broker;
    private final AlpnListener alpnListener;
    private final WebSocketListener webSocketListener;
    private final CredentialsProviderServer credentialsServer;
    private final IamServer iamServer;
    private final ControlPlaneServer controlPlane;
    private final RegistrationTaskOperations registrationTasks;
    private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
    private final String host;
    private final boolean isShared;
    private volatile boolean closed;

    private LocalIotCore(Builder b, boolean isShared) {
        this.partition = b.partition;
        this.region = b.region;
        this.accountId = b.accountId;
        this.clock = b.clock;
        this.isShared = isShared;
        this.events = EventLog.create(clock, b.eventCapacity);
        this.registryTables = new RegistryTables();
        this.registry = new InMemoryIotRegistry(partition, region, accountId, clock, events, registryTables);
        IamState iam = new IamState(partition, accountId, clock, registryTables);
        if (b.dataDirectory != null) {
            RegistryPersistence persistence = RegistryPersistence.open(b.dataDirectory, registryTables);
            persistence.warnings().forEach(w -> LOG.warn("LocalIotCore data directory: {}", w));
            closeables.push(persistence);
        }
        this.faults = Faults.create(events);
        this.ca = b.ca != null ? b.ca
                : CertificateAuthority.create("fleetprov LocalIotCore CA " + UUID.randomUUID().toString().substring(0, 8));
        this.host = advertisedHost(b.bindAddress);
        List<String> names = serverNames(b.bindAddress);
        this.caPath = writeCaFile(ca.certificatePem());
        this.enforcer = new PolicyEnforcer(registry, new IamPolicyAuthorizer(iam), b.policyEnforcement,
                b.recordAllowedDecisions);
        this.provisioning = new FleetProvisioningService(registry, ca, faults, new FleetProvisioningService.Settings(
                b.serverKeyAlgorithm, b.certificateValidity, b.hookTimeout));
        closeables.push(provisioning);
        IotBrokerExtension extension = new IotBrokerExtension(registry, enforcer, provisioning, faults);
        extension.setConnectThrottling(b.connectRateLimit);
        extension.justInTime().setPlanApplier(provisioning::provisionJustInTime);
        this.brokerExtension = extension;
        provisioning.bind(extension);
        // HiveMQ starts on its own thread while this one starts the other listeners; the broker is
        // awaited last. Its Starting handle stands where the broker stops (after the others).
        EmbeddedBroker.Starting starting;
        try {
            starting = EmbeddedBroker.begin(ca, new InetSocketAddress(b.bindAddress, b.mqttPort), names, extension);
        } catch (RuntimeException e) {
            shutdown();
            throw e;
        }
        closeables.push(starting);
        try {
            this.alpnListener = AlpnListener.start(b.mqttAlpnPort, starting.port(), reason -> events.record(
                    Event.builder(EventType.CONNECT, "Connect").outcome("REFUSED").message(reason)));
            closeables.push(alpnListener);
            if (b.webSockets) {
                this.webSocketListener = WebSocketListener.start(ca, CredentialsProviderServer.serverNames(names),
                        new InetSocketAddress(b.bindAddress, b.webSocketPort), starting.relayPort(),
                        new SigV4QueryVerifier(iam, region, clock), extension.relayedIdentities(),
                        reason -> events.record(Event.builder(EventType.CONNECT, "Connect").outcome("REFUSED")
                                .message(reason).detail("transport", "wss")));
                closeables.push(webSocketListener);
            } else {
                this.webSocketListener = null;
            }
            PolicyAuthorization authorization = new PolicyAuthorization(registry);
            this.credentialsServer = CredentialsProviderServer.start(new CredentialsIssuer(registry, iam, authorization), ca,
                    new InetSocketAddress(b.bindAddress, b.credentialsPort), names);
            closeables.push(credentialsServer);
            this.iamServer = IamServer.start(iam, new InetSocketAddress(b.bindAddress, b.iamPort));
            closeables.push(iamServer);
            IotOperations operations = new IotOperations(registry, ca, b.serverKeyAlgorithm, this::endpointAddress,
                    authorization);
            this.registrationTasks = operations.registrationTasks();
            closeables.push(registrationTasks);
            if (b.s3Endpoint != null) {
                registrationTasks.useS3(b.s3Endpoint, b.s3Credentials, region);
            }
            SessionAuthorization sessions = new SessionAuthorization(iam);
            this.controlPlane = ControlPlaneServer.start(operations, new ControlPlaneFaults(faults),
                    (operation, labels, headers) -> sessions.authorize("iot:" + operation,
                            iamResource(operation, labels), headers),
                    new InetSocketAddress(b.bindAddress, b.controlPlanePort), false);
            closeables.push(controlPlane);
            this.broker = starting.await();
            controlPlane.ready(); // the health URL says "ok" only once a device can connect too
        } catch (RuntimeException e) {
            shutdown();
            throw e;
        }
        LOG.debug("LocalIotCore started: mqtts://localhost:{}", broker.port());
    }

    /**
     * The resource an IAM policy names for a control-plane call, per the Service Authorization Reference
     * ("Actions, resources, and condition keys for AWS IoT"): a certificate's ARN for the certificate
     * operations, a thing's ARN for the thing operations, {@code *} for the others.
     */
    private String iamResource(String operation, Map<String, String> labels) {
        String prefix = "arn:" + partition + ":iot:" + region + ":" + accountId + ":";
        String certificateId = labels.get("certificateId");
        if (certificateId != null) {
            return prefix + "cert/" + certificateId;
        }
        String thingName = labels.get("thingName");
        if (thingName != null) {
            return prefix + "thing/" + thingName;
        }
        return "*";
    }

    /** Clients on this machine reach a loopback or wildcard listener as localhost; others by its address. */
    private static String advertisedHost(InetAddress bind) {
        return bind.isLoopbackAddress() || bind.isAnyLocalAddress() ? "localhost" : bind.getHostAddress();
    }

    /** Names for the server certificates besides localhost and 127.0.0.1. */
    private static List<String> serverNames(InetAddress bind) {
        if (bind.isLoopbackAddress()) {
            return List.of();
        }
        if (!bind.isAnyLocalAddress()) {
            return List.of(bind.getHostAddress());
        }
        try {
            InetAddress local = InetAddress.getLocalHost();
            return List.of(local.getHostName(), local.getHostAddress());
        } catch (IOException e) {
            return List.of();
        }
    }

    private String httpHost() {
        return "localhost".equals(host) ? "127.0.0.1" : host;
    }

    private static Path writeCaFile(String pem) {
        try {
            Path file = Files.createTempFile("local-iot-ca", ".pem");
            Files.writeString(file, pem, StandardCharsets.US_ASCII);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the local CA certificate", e);
        }
    }

    /**
     * A builder for a new, unshared instance.
     *
     * <p>The first builder made in a JVM also starts, on a daemon thread, a one-time class
     * initialization the embedded broker's TLS listener needs (about a second in a fresh JVM), so that
     * it runs while the caller prepares the start instead of during it.
     *
     * @return the builder
     */
    public static Builder builder() {
        // A builder means a start is coming: the broker's slowest class initialization can begin now,
        // beside whatever the caller does before start() (making or reading a CA, say).
        EmbeddedBroker.prepareInBackground();
        return new Builder();
    }

    /**
     * The instance shared by everything in this JVM, started on first use with the defaults and
     * stopped when the JVM exits. {@link #close()} on it does nothing.
     *
     * @return the shared instance
     */
    public static LocalIotCore shared() {
        synchronized (SHARED_LOCK) {
            if (shared == null || shared.closed) {
                shared = new LocalIotCore(builder(), true);
                LocalIotCore instance = shared;
                Runtime.getRuntime().addShutdownHook(new Thread(instance::shutdown, "local-iot-core-shutdown"));
            }
            return shared;
        }
    }

    /** @return the host of the MQTT endpoint, {@code localhost} (the broker certificate also names 127.0.0.1) */
    public String mqttHost() {
        return host;
    }

    /** @return the port of the MQTT endpoint (mutual TLS) */
    public int mqttPort() {
        return broker.port();
    }

    /**
     * The port of the MQTT endpoint that, like AWS IoT's port 443 for X.509 clients, requires the ALPN
     * protocol {@code x-amzn-mqtt-ca} in the TLS ClientHello and refuses a handshake without it. Behind
     * it is the same broker, mutual TLS and policy enforcement as {@link #mqttPort()}.
     *
     * @return the port (a free loopback port unless {@link Builder#mqttAlpnPort(int)} chose one)
     */
    public int mqttAlpnPort() {
        return alpnListener.port();
    }

    /**
     * The port of AWS IoT's MQTT over WebSockets with SigV4 ({@code wss://<mqttHost()>:<port>/mqtt},
     * subprotocol {@code mqtt}, server certificate from {@link #caCertificatePem()}). The upgrade must be
     * signed in its query string with credentials this emulator's credentials provider issued (service
     * {@code iotdevicegateway}, this instance's {@link #region()}); a missing, expired or wrong signature
     * gets HTTP 403. MQTT actions are then authorized with the IAM policies of the credentials' role,
     * as AWS IoT Core does for SigV4 connections (AWS IoT Core developer guide, "MQTT over the WebSocket
     * protocol"). Behind it is the same broker as {@link #mqttPort()}.
     *
     * @return the port (a free loopback port unless {@link Builder#webSocketPort(int)} chose one)
     * @throws IllegalStateException if the listener was turned off with {@link Builder#webSockets(boolean)}
     */
    public int webSocketPort() {
        if (webSocketListener == null) {
            throw new IllegalStateException("the WebSocket listener is off; start with"
                    + " LocalIotCore.builder().webSockets(true)");
        }
        return webSocketListener.port();
    }

    /** @return the MQTT endpoint as {@code host:port} */
    public String mqttEndpoint() {
        return mqttHost() + ":" + mqttPort();
    }

    /**
     * The AWS IoT control plane (REST-JSON over HTTP on loopback), for
     * {@code IotClient.builder().endpointOverride(..)} and {@code aws iot --endpoint-url}. Any static
     * credentials and any region work; signatures are not checked.
     *
     * @return e.g. {@code http://127.0.0.1:41234}
     */
    public URI controlPlaneEndpoint() {
        return URI.create("http://" + httpHost() + ":" + controlPlane.endpoint().getPort());
    }

    /**
     * The local IAM (query protocol over HTTP on loopback), for {@code IamClient} {@code endpointOverride}.
     *
     * @return e.g. {@code http://127.0.0.1:41235}
     */
    public URI iamEndpoint() {
        return URI.create("http://" + httpHost() + ":" + iamServer.endpoint().getPort());
    }

    /**
     * The local STS (GetCallerIdentity), for {@code StsClient} {@code endpointOverride}; served by the
     * same server as {@link #iamEndpoint()}.
     *
     * @return e.g. {@code http://127.0.0.1:41235}
     */
    public URI stsEndpoint() {
        return iamEndpoint();
    }

    /**
     * The credentials provider as {@code host:port} (HTTPS, client certificate required, server
     * certificate from {@link #caCertificatePem()}). Credentials of a role alias are at
     * {@code https://<this>/role-aliases/<alias>/credentials}. DescribeEndpoint with
     * {@code iot:CredentialProvider} answers the same {@code host:port}, so code that builds the URL
     * from DescribeEndpoint works unchanged; the data endpoints answer {@link #mqttHost()} only, and
     * the MQTT port is {@link #mqttPort()}.
     *
     * @return e.g. {@code 127.0.0.1:41236}
     */
    public String credentialsEndpoint() {
        return httpHost() + ":" + credentialsServer.port();
    }

    private Optional<String> endpointAddress(String endpointType) {
        switch (endpointType) {
            case "iot:Data":
            case "iot:Data-ATS":
            case "iot:Jobs":
                return Optional.of(mqttHost());
            case "iot:CredentialProvider":
                return Optional.of(credentialsEndpoint());
            default:
                return Optional.empty();
        }
    }

    /** @return the local CA certificate in PEM: the root CA for the broker and for issued device certificates */
    public String caCertificatePem() {
        return ca.certificatePem();
    }

    /** @return a PEM file holding the local CA certificate, for SDKs that want a file */
    public Path caPath() {
        return caPath;
    }

    /** @return the local CA, which signs the broker's and the devices' certificates */
    public CertificateAuthority certificateAuthority() {
        return ca;
    }

    /** @return the registry */
    public IotRegistry registry() {
        return registry;
    }

    /** @return the fault rules */
    public Faults faults() {
        return faults;
    }

    /**
     * Starts a network-latency fault in front of the MQTT listener: a {@link DelayingProxy} on its own
     * loopback port that holds each direction's bytes for the given delay. Clients that connect to
     * {@link #mqttHost()} and the proxy's {@link DelayingProxy#port()} see a round-trip time of at least
     * the sum of the two delays; clients on {@link #mqttPort()} are not affected. The proxy is closed
     * with this instance, or earlier by its own {@code close()}.
     *
     * @param clientToBroker the one-way delay from the client to the broker
     * @param brokerToClient the one-way delay from the broker to the client
     * @return the running proxy
     */
    public DelayingProxy startMqttDelay(Duration clientToBroker, Duration brokerToClient) {
        DelayingProxy proxy = DelayingProxy.start("127.0.0.1", mqttPort(), clientToBroker, brokerToClient);
        synchronized (this) {
            if (closed) {
                proxy.close();
                throw new IllegalStateException("This LocalIotCore is closed; start a new one.");
            }
            closeables.push(proxy);
        }
        return proxy;
    }

    /** @return the event log */
    public EventLog events() {
        return events;
    }

    /** @return the partition of ARNs */
    public String partition() {
        return partition;
    }

    /** @return the region */
    public String region() {
        return region;
    }

    /** @return the account id */
    public String accountId() {
        return accountId;
    }

    /** @return the clock that decides expiries */
    public Clock clock() {
        return clock;
    }

    /**
     * Moves the emulator's clock forward (only when it runs on a {@link TestClock}, the default) and
     * applies expiries at once: ownership tokens older than an hour lapse and their never-registered
     * certificates are deleted; claims past their expiry are refused on their next CONNECT.
     *
     * @param amount how far to move
     * @return the new time
     * @throws IllegalStateException if the instance was built with another clock
     */
    public Instant advanceClock(Duration amount) {
        Objects.requireNonNull(amount, "amount");
        if (!(clock instanceof TestClock testClock)) {
            throw new IllegalStateException("This LocalIotCore runs on " + clock + "; only a TestClock can be moved."
                    + " Build it with clock(TestClock.system()) or move your own clock.");
        }
        Instant now = testClock.advance(amount);
        provisioning.expireTokens();
        return now;
    }

    /**
     * Turns policy enforcement on or off.
     *
     * @param on whether CONNECT, PUBLISH, SUBSCRIBE and deliveries are authorized by IoT policies
     */
    public void setPolicyEnforcement(boolean on) {
        enforcer.setEnforcing(on);
    }

    /**
     * Turns AWS IoT Core's "Connect requests per second per client ID" quota (1) on or off (on by
     * default, as in AWS IoT Core: developer guide, "AWS IoT Core message broker and protocol limits and
     * quotas"): when on, a CONNECT less than a second after the last accepted CONNECT of the same client
     * id is refused with CONNACK 0x9F "connection rate exceeded" (MQTT 3.1.1: 0x03 "server unavailable"),
     * as AWS throttles it. A device that reconnects with the same client id must wait at least a second
     * (fleetprov's device client paces its CONNECTs that way); turn the limit off only for clients that
     * cannot.
     *
     * @param on whether CONNECTs are limited to one per second per client id
     */
    public void setConnectRateLimit(boolean on) {
        brokerExtension.setConnectThrottling(on);
    }

    /** @return whether CONNECTs are limited to one per second per client id */
    public boolean isConnectRateLimited() {
        return brokerExtension.isConnectThrottling();
    }

    /**
     * Points bulk registration (StartThingRegistrationTask) at an S3 endpoint, e.g. moto_server's or
     * LocalStack's, replacing the one set before: input files are read from it and reports written to
     * it with the AWS SDK's S3 client, path-style, signed for this emulator's region. Use it on the
     * {@link #shared()} instance; otherwise {@link Builder#s3Endpoint(URI)} does the same.
     *
     * @param endpoint the S3 endpoint, e.g. {@code http://127.0.0.1:5000}
     * @param credentials the credentials for it (any static pair for moto_server)
     */
    public void setS3Endpoint(URI endpoint, AwsCredentialsProvider credentials) {
        registrationTasks.useS3(checkS3Endpoint(endpoint), Objects.requireNonNull(credentials, "credentials"), region);
    }

    private static URI checkS3Endpoint(URI endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        if (endpoint.getHost() == null || !("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme()))) {
            throw new InvalidInputException("s3Endpoint", "'" + endpoint + "' is not an http(s) URL",
                    "Give the S3 endpoint as a URL, e.g. http://127.0.0.1:5000.");
        }
        return endpoint;
    }

    /** @return the S3 endpoint bulk registration uses, if one was set */
    public Optional<URI> s3Endpoint() {
        return registrationTasks.s3Endpoint();
    }

    /** @return whether IoT policies are enforced */
    public boolean isPolicyEnforced() {
        return enforcer.isEnforcing();
    }

    /**
     * Issues a claim certificate with a new EC P-256 key, registers it ACTIVE and attaches an existing
     * policy to it.
     *
     * @param policyName the claim policy (must exist in the registry)
     * @return the certificate and its key pair
     * @throws io.github.fleetprov.testkit.registry.RegistryException {@code ResourceNotFoundException} if
     *     the policy does not exist
     */
    public IssuedCertificate createClaimCertificate(String policyName) {
        Objects.requireNonNull(policyName, "policyName");
        return createCertificate("claim-" + UUID.randomUUID().toString().substring(0, 8), policyName);
    }

    /**
     * Issues a device certificate, registers it ACTIVE, attaches a policy and attaches it to a thing
     * (created if missing), as a provisioned device would have.
     *
     * @param thingName the thing
     * @param policyName the policy (must exist)
     * @return the certificate and its key pair
     */
    public IssuedCertificate createDeviceCertificate(String thingName, String policyName) {
        Objects.requireNonNull(thingName, "thingName");
        Objects.requireNonNull(policyName, "policyName");
        IssuedCertificate issued = createCertificate(thingName, policyName);
        if (registry.findThing(thingName).isEmpty()) {
            registry.createThing(thingName);
        }
        registry.attachThingPrincipal(thingName, registry.arn("cert", issued.certificateId()));
        return issued;
    }

    /**
     * Issues a temporary provisioning claim for a template, valid for five minutes, as
     * CreateProvisioningClaim does: it may connect and provision with that template only.
     *
     * @param templateName the template (must exist)
     * @return the certificate and its key pair
     */
    public IssuedCertificate createProvisioningClaim(String templateName) {
        registry.describeProvisioningTemplate(templateName);
        // The X.509 validity is generous; the five minutes are enforced by the claim expiry on the
        // emulator's clock, so that tests can move that clock.
        IssuedCertificate issued = ca.issueWithKey(Subject.ofCommonName("AWS IoT Provisioning Claim"),
                KeyAlgorithm.EC_P256, Duration.ofDays(1));
        registry.registerCertificate(CertificateRegistration.builder(issued.certificatePem())
                .status(CertificateStatus.ACTIVE).claimExpiry(clock.instant().plus(Duration.ofMinutes(5)))
                .provisioningClaimFor(templateName).build());
        return issued;
    }

    private IssuedCertificate createCertificate(String commonName, String policyName) {
        registry.getPolicy(policyName);
        IssuedCertificate issued = ca.issueWithKey(Subject.ofCommonName(commonName), KeyAlgorithm.EC_P256,
                Duration.ofDays(365));
        String arn = registry.registerCertificate(issued.certificatePem(), CertificateStatus.ACTIVE).certificateArn();
        registry.attachPolicy(policyName, arn);
        return issued;
    }

    /**
     * Stops the broker and every server and deletes temporary files. Does nothing on the
     * {@link #shared()} instance, which stops when the JVM exits.
     */
    @Override
    public void close() {
        if (isShared) {
            return;
        }
        shutdown();
    }

    private synchronized void shutdown() {
        if (closed) {
            return;
        }
        closed = true;
        while (!closeables.isEmpty()) {
            try {
                closeables.pop().close();
            } catch (Exception e) {
                LOG.debug("LocalIotCore: a component failed to stop", e);
            }
        }
        deleteQuietly(caPath);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a temporary file; the OS cleans it up
        }
    }

    @Override
    public String toString() {
        return "LocalIotCore{mqtts://" + mqttEndpoint() + ", " + region + ", " + accountId + "}";
    }

    /** Builds a {@link LocalIotCore}. */
    public static final class Builder {
        private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
        private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");

        private String partition = "aws";
        private String region = DEFAULT_REGION;
        private String accountId = DEFAULT_ACCOUNT_ID;
        private Clock clock = TestClock.system();
        private boolean policyEnforcement = true;
        private boolean recordAllowedDecisions;
        private int mqttPort;
        private int mqttAlpnPort;
        private int webSocketPort;
        private boolean webSockets = true;
        private int controlPlanePort;
        private int iamPort;
        private int credentialsPort;
        private InetAddress bindAddress = InetAddress.getLoopbackAddress();
        private CertificateAuthority ca;
        private Path dataDirectory;
        private KeyAlgorithm serverKeyAlgorithm = KeyAlgorithm.RSA_2048;
        private Duration certificateValidity = Duration.ofDays(365);
        private Duration hookTimeout = Duration.ofSeconds(5);
        private int eventCapacity = EventLog.DEFAULT_CAPACITY;
        private boolean connectRateLimit = true;
        private URI s3Endpoint;
        private AwsCredentialsProvider s3Credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create("testing", "testing"));

        private Builder() {
        }

        /**
         * Sets the S3 endpoint of bulk registration (default none: StartThingRegistrationTask then
         * answers InvalidRequestException). The input file of a task is read from it, and its result and
         * error reports are written to it, with the AWS SDK's S3 client, path-style. See
         * {@link LocalIotCore#setS3Endpoint(URI, AwsCredentialsProvider)}.
         *
         * @param endpoint the S3 endpoint, e.g. moto_server's {@code http://127.0.0.1:5000}
         * @return this builder
         */
        public Builder s3Endpoint(URI endpoint) {
            this.s3Endpoint = checkS3Endpoint(endpoint);
            return this;
        }

        /**
         * Sets the credentials for {@link #s3Endpoint(URI)} (default the static pair
         * {@code testing}/{@code testing}, which moto_server and LocalStack accept).
         *
         * @param credentials the credentials provider
         * @return this builder
         */
        public Builder s3Credentials(AwsCredentialsProvider credentials) {
            this.s3Credentials = Objects.requireNonNull(credentials, "credentials");
            return this;
        }

        /**
         * Sets the region (default {@value LocalIotCore#DEFAULT_REGION}).
         *
         * @param region the region
         * @return this builder
         */
        public Builder region(String region) {
            Objects.requireNonNull(region, "region");
            if (!REGION.matcher(region).matches()) {
                throw new InvalidInputException("region", "'" + region + "' is not an AWS region",
                        "Use a region name such as us-east-1.");
            }
            this.region = region;
            return this;
        }

        /**
         * Sets the account id (default {@value LocalIotCore#DEFAULT_ACCOUNT_ID}).
         *
         * @param accountId a 12-digit account id
         * @return this builder
         */
        public Builder accountId(String accountId) {
            Objects.requireNonNull(accountId, "accountId");
            if (!ACCOUNT.matcher(accountId).matches()) {
                throw new InvalidInputException("accountId", "'" + accountId + "' is not a 12-digit account id",
                        "Give 12 digits, e.g. 123456789012.");
            }
            this.accountId = accountId;
            return this;
        }

        /**
         * Sets the partition (default {@code aws}).
         *
         * @param partition {@code aws}, {@code aws-cn} or {@code aws-us-gov}
         * @return this builder
         */
        public Builder partition(String partition) {
            Objects.requireNonNull(partition, "partition");
            if (!partition.matches("aws(-[a-z]+)*")) {
                throw new InvalidInputException("partition", "'" + partition + "' is not an AWS partition",
                        "Use aws, aws-cn or aws-us-gov.");
            }
            this.partition = partition;
            return this;
        }

        /**
         * Sets the clock that decides expiries (default a {@link TestClock} on the system time).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Turns IoT policy enforcement on (default) or off.
         *
         * @param on whether policies are enforced
         * @return this builder
         */
        public Builder policyEnforcement(boolean on) {
            this.policyEnforcement = on;
            return this;
        }

        /**
         * Records allowed authorization decisions in the event log too (denials are always recorded).
         *
         * @param on whether to record allowed decisions
         * @return this builder
         */
        public Builder recordAllowedDecisions(boolean on) {
            this.recordAllowedDecisions = on;
            return this;
        }

        /**
         * Sets the MQTT port (default: a free loopback port).
         *
         * @param port the port, or 0 for a free one
         * @return this builder
         */
        public Builder mqttPort(int port) {
            if (port < 0 || port > 65535) {
                throw new InvalidInputException("mqttPort", "is " + port, "Give 0 for a free port, or 1 to 65535.");
            }
            this.mqttPort = port;
            return this;
        }

        /**
         * Sets the port of the MQTT endpoint that requires the ALPN protocol {@code x-amzn-mqtt-ca}, AWS
         * IoT's port 443 for X.509 clients (default: a free loopback port).
         *
         * @param port the port, or 0 for a free one
         * @return this builder
         */
        public Builder mqttAlpnPort(int port) {
            this.mqttAlpnPort = checkPort("mqttAlpnPort", port);
            return this;
        }

        /**
         * Turns the MQTT over WebSockets listener (SigV4-signed upgrade, IAM authorization) on, the
         * default, or off.
         *
         * @param on whether {@link LocalIotCore#webSocketPort()} is served
         * @return this builder
         */
        public Builder webSockets(boolean on) {
            this.webSockets = on;
            return this;
        }

        /**
         * Sets the port of the MQTT over WebSockets listener, AWS IoT's port 443 for SigV4 clients
         * (default: a free port).
         *
         * @param port the port, or 0 for a free one
         * @return this builder
         */
        public Builder webSocketPort(int port) {
            this.webSocketPort = checkPort("webSocketPort", port);
            return this;
        }

        /**
         * Sets the port of the control plane (default: a free port).
         *
         * @param port the port, or 0 for a free one
         * @return this builder
         */
        public Builder controlPlanePort(int port) {
            this.controlPlanePort = checkPort("controlPlanePort", port);
            return this;
        }

        /**
         * Sets the port of the local IAM and STS (default: a free port).
         *
         * @param port the port, or 0 for a free one
         * @return this builder
         */
        public Builder iamPort(int port) {
            this.iamPort = checkPort("iamPort", port);
            return this;
        }

        /**
         * Sets the port of the credentials provider (default: a free port).
         *
         * @param port the port, or 0 for a free one
         * @return this builder
         */
        public Builder credentialsPort(int port) {
            this.credentialsPort = checkPort("credentialsPort", port);
            return this;
        }

        private static int checkPort(String field, int port) {
            if (port < 0 || port > 65535) {
                throw new InvalidInputException(field, "is " + port, "Give 0 for a free port, or 1 to 65535.");
            }
            return port;
        }

        /**
         * Sets the address every listener binds (default the loopback address). Another address
         * exposes the emulator, which checks no AWS signature, to the network; its server certificates
         * then also name that address (or, for the wildcard address, this machine's host name).
         *
         * @param address the address
         * @return this builder
         */
        public Builder bindAddress(InetAddress address) {
            this.bindAddress = Objects.requireNonNull(address, "address");
            return this;
        }

        /**
         * Uses an existing CA instead of a new one (default: a new CA per instance); it signs the
         * servers' certificates and the certificates the emulator issues.
         *
         * @param authority the CA, with its private key
         * @return this builder
         */
        public Builder certificateAuthority(CertificateAuthority authority) {
            this.ca = Objects.requireNonNull(authority, "authority");
            return this;
        }

        /**
         * Keeps the registry (things, thing types and groups, certificates and their status, CAs,
         * policies and versions, templates and versions, role aliases, bulk registration tasks) and the
         * IAM roles in a directory
         * (default: in memory only). Every change is in an fsynced journal before it is acknowledged,
         * so it survives a stop or a crash; the next instance on the same directory starts with it.
         * Not kept: the CA (pass the same one with {@link #certificateAuthority}), ownership tokens,
         * sessions, Java pre-provisioning hooks and the event log. One instance at a time per directory.
         *
         * @param directory the directory (created if missing)
         * @return this builder
         */
        public Builder dataDirectory(Path directory) {
            this.dataDirectory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /**
         * Sets the key type CreateKeysAndCertificate makes (default RSA-2048, as AWS IoT; EC P-256 is
         * about a hundred times faster to generate).
         *
         * @param algorithm the key algorithm
         * @return this builder
         */
        public Builder serverKeyAlgorithm(KeyAlgorithm algorithm) {
            this.serverKeyAlgorithm = Objects.requireNonNull(algorithm, "algorithm");
            return this;
        }

        /**
         * Sets the validity of the certificates the fleet provisioning API issues (default 365 days).
         *
         * @param validity the validity
         * @return this builder
         */
        public Builder certificateValidity(Duration validity) {
            Objects.requireNonNull(validity, "validity");
            if (validity.isNegative() || validity.isZero()) {
                throw new InvalidInputException("certificateValidity", "is not positive", "Give a positive duration.");
            }
            this.certificateValidity = validity;
            return this;
        }

        /**
         * Sets how long a pre-provisioning hook may take before RegisterThing is refused (default 5 s,
         * AWS's limit).
         *
         * @param timeout the limit
         * @return this builder
         */
        public Builder hookTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new InvalidInputException("hookTimeout", "is not positive", "Give a positive duration.");
            }
            this.hookTimeout = timeout;
            return this;
        }

        /**
         * Sets how many recent events the log keeps (default {@value EventLog#DEFAULT_CAPACITY}).
         *
         * @param capacity at least 1
         * @return this builder
         */
        public Builder eventCapacity(int capacity) {
            if (capacity < 1) {
                throw new InvalidInputException("eventCapacity", "is " + capacity, "Give at least 1.");
            }
            this.eventCapacity = capacity;
            return this;
        }

        /**
         * Limits CONNECTs to one per second per client id, as AWS IoT Core does with its quota "Connect
         * requests per second per client ID" = 1 (default on; {@code false} turns it off for clients that
         * reconnect at once with the same client id; see {@link LocalIotCore#setConnectRateLimit(boolean)}).
         *
         * @param on whether CONNECTs are limited
         * @return this builder
         */
        public Builder connectRateLimit(boolean on) {
            this.connectRateLimit = on;
            return this;
        }

        /**
         * Starts the emulator.
         *
         * @return the running emulator; close it when done
         */
        public LocalIotCore start() {
            return new LocalIotCore(this, false);
        }
    }
}
