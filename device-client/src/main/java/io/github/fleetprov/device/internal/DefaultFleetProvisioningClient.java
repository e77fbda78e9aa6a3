package io.github.fleetprov.device.internal;

import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.pki.AmazonRootCas;
import io.github.fleetprov.core.pki.Pem;
import io.github.fleetprov.core.store.ClaimIdentity;
import io.github.fleetprov.core.store.DeviceIdentity;
import io.github.fleetprov.device.CertificateRetirement;
import io.github.fleetprov.device.ClaimCredentials;
import io.github.fleetprov.device.FleetProvisioningClient;
import io.github.fleetprov.device.HttpProxy;
import io.github.fleetprov.device.KeyStrategy;
import io.github.fleetprov.device.MqttVersion;
import io.github.fleetprov.device.PayloadFormat;
import io.github.fleetprov.device.ProvisioningStep;
import io.github.fleetprov.device.RetiringCertificate;
import io.github.fleetprov.device.RetryPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** The {@link FleetProvisioningClient} implementation. */
public final class DefaultFleetProvisioningClient implements FleetProvisioningClient {

    private static final Pattern TEMPLATE_NAME = Pattern.compile("[0-9A-Za-z_-]{1,36}");

    private final BuilderImpl settings;
    private final EngineSettings engineSettings;
    private final TransportFactory transports;
    private final IdentityStore store;
    private final Sleeper sleeper;
    private final StepListener listener;

    private DefaultFleetProvisioningClient(BuilderImpl settings, TransportFactory transports, IdentityStore store,
            Sleeper sleeper, StepListener listener) {
        this.settings = settings;
        this.engineSettings = new EngineSettings(settings.endpoint, settings.port,
                new TlsIdentity(settings.claim.certificate(), settings.claim.privateKey()), settings.clientId,
                settings.templateName, Map.copyOf(settings.parameters), settings.keyStrategy,
                Map.copyOf(settings.timeouts), settings.retryPolicy, settings.storeDirectory, settings.payloadFormat);
        this.transports = transports != null ? transports : transportFactory(settings.connectionSettings(),
                settings.mqttVersion);
        IdentityStore identities = store != null ? store : CredentialStoreIdentityStore.open(settings.storeDirectory);
        this.store = settings.keyStrategy.pkcs11Key()
                .<IdentityStore>map(key -> new Pkcs11BindingStore(identities, key.pin())).orElse(identities);
        this.sleeper = sleeper;
        this.listener = listener;
    }

    /**
     * A new builder.
     *
     * @return the builder
     */
    public static FleetProvisioningClient.Builder builder() {
        return new BuilderImpl();
    }

    /**
     * Builds a client with replaced parts, for tests and the crash harness.
     *
     * @param builder a filled builder from {@link #builder()}
     * @param transports the transport factory, or {@code null} for the real MQTT transports
     * @param store the store, or {@code null} for the credential store in the configured directory
     * @param sleeper waits between retries
     * @param listener told after each step
     * @return the client
     */
    public static DefaultFleetProvisioningClient create(FleetProvisioningClient.Builder builder,
            TransportFactory transports, IdentityStore store, Sleeper sleeper, StepListener listener) {
        BuilderImpl impl = ((BuilderImpl) builder).validated(store == null);
        return new DefaultFleetProvisioningClient(impl, transports, store, sleeper, listener);
    }

    /**
     * The transport factory for an MQTT version.
     *
     * @param connection endpoint, port, CA, proxy
     * @param version the MQTT version
     * @return the factory
     */
    public static TransportFactory transportFactory(ConnectionSettings connection, MqttVersion version) {
        return version == MqttVersion.MQTT_3_1_1
                ? (identity, clientId) -> new Mqtt311Transport(connection, identity, clientId)
                : (identity, clientId) -> new Mqtt5Transport(connection, identity, clientId);
    }

    private ProvisioningEngine engine() {
        return new ProvisioningEngine(engineSettings, transports, store, settings.clock, sleeper, listener);
    }

    @Override
    public DeviceIdentity provision() {
        return engine().provision(false);
    }

    @Override
    public DeviceIdentity reprovision() {
        return engine().provision(true);
    }

    @Override
    public Optional<DeviceIdentity> storedDevice() {
        return store.readDevice();
    }

    @Override
    public DeviceIdentity rotateCertificate() {
        DeviceIdentity current = store.readDevice().orElseThrow(() -> new InvalidInputException(
                "credentialStore", "holds no provisioned device to rotate", "Call provision() first."));
        CertificateRetirer retirer = retirer();
        if (retirer != null) {
            retirer.recordReplacing(current);
        }
        DeviceIdentity rotated = engine().rotate(current, retirer == null);
        if (retirer != null) {
            retirer.retire(rotated);
        }
        return rotated;
    }

    @Override
    public List<RetiringCertificate> retireReplacedCertificates() {
        CertificateRetirer retirer = retirer();
        if (retirer == null) {
            throw new InvalidInputException("retirement", "is not configured",
                    "Give CertificateRetirement settings with Builder.retirement(..).");
        }
        DeviceIdentity current = store.readDevice().orElseThrow(() -> new InvalidInputException(
                "credentialStore", "holds no provisioned device", "Call provision() first."));
        return retirer.retire(current);
    }

    @Override
    public List<RetiringCertificate> retiringCertificates() {
        return CertificateRetirer.pending(new RetirementJournal(settings.storeDirectory),
                store.readDevice().orElse(null));
    }

    private CertificateRetirer retirer() {
        if (settings.retirement == null) {
            return null;
        }
        return new CertificateRetirer(settings.retirement, settings.caPem, settings.clock,
                new RetirementJournal(settings.storeDirectory), listener);
    }

    @Override
    public DeviceIdentity completeRegistration(String thingName) {
        Objects.requireNonNull(thingName, "thingName");
        if (thingName.isBlank()) {
            throw new InvalidInputException("thingName", "is blank", "Give the thing the pending certificate is"
                    + " attached to (aws iot list-principal-things).");
        }
        return engine().completeRegistration(thingName);
    }

    @Override
    public FleetProvisioningClient.Builder toBuilder() {
        return settings.copy();
    }

    @Override
    public String toString() {
        return "FleetProvisioningClient[endpoint=" + settings.endpoint + ":" + settings.port + ", template="
                + settings.templateName + ", keyStrategy=" + settings.keyStrategy + ", mqtt=" + settings.mqttVersion
                + ", payload=" + settings.payloadFormat + (settings.alpn ? ", alpn=" + Alpn.MQTT_PROTOCOL : "")
                + ", store=" + settings.storeDirectory + "]";
    }

    /** The builder. */
    static final class BuilderImpl implements FleetProvisioningClient.Builder {
        private String endpoint;
        private int port = 8883;
        private boolean alpn;
        private String caPem;
        private Path caFile;
        private ClaimCredentials claim;
        private String clientId;
        private String templateName;
        private Map<String, String> parameters = new LinkedHashMap<>();
        private KeyStrategy keyStrategy = KeyStrategy.csrWithNewKey();
        private MqttVersion mqttVersion = MqttVersion.MQTT_5;
        private PayloadFormat payloadFormat = PayloadFormat.JSON;
        private final Map<ProvisioningStep, Duration> timeouts = new EnumMap<>(ProvisioningStep.class);
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private HttpProxy proxy;
        private Path storeDirectory;
        private Clock clock = Clock.systemUTC();
        private CertificateRetirement retirement;

        BuilderImpl() {
            for (ProvisioningStep step : ProvisioningStep.values()) {
                timeouts.put(step, Duration.ofSeconds(10));
            }
        }

        BuilderImpl copy() {
            BuilderImpl b = new BuilderImpl();
            b.endpoint = endpoint;
            b.port = port;
            b.alpn = alpn;
            b.caPem = caPem;
            b.caFile = caFile;
            b.claim = claim;
            b.clientId = clientId;
            b.templateName = templateName;
            b.parameters = new LinkedHashMap<>(parameters);
            b.keyStrategy = keyStrategy;
            b.mqttVersion = mqttVersion;
            b.payloadFormat = payloadFormat;
            b.timeouts.putAll(timeouts);
            b.retryPolicy = retryPolicy;
            b.proxy = proxy;
            b.storeDirectory = storeDirectory;
            b.clock = clock;
            b.retirement = retirement;
            return b;
        }

        @Override
        public Builder endpoint(String endpoint) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            return this;
        }

        @Override
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        @Override
        public Builder mqttOverPort443() {
            this.port = Alpn.HTTPS_PORT;
            this.alpn = true;
            return this;
        }

        @Override
        public Builder certificateAuthorityPem(String pem) {
            this.caPem = Objects.requireNonNull(pem, "pem");
            this.caFile = null;
            return this;
        }

        @Override
        public Builder certificateAuthority(Path file) {
            this.caFile = Objects.requireNonNull(file, "file");
            this.caPem = null;
            return this;
        }

        @Override
        public Builder claim(ClaimCredentials claim) {
            this.claim = Objects.requireNonNull(claim, "claim");
            return this;
        }

        @Override
        public Builder claim(ClaimIdentity claim) {
            Objects.requireNonNull(claim, "claim");
            this.claim = ClaimCredentials.of(claim.certificate(), claim.privateKey());
            this.endpoint = claim.endpoint();
            claim.templateName().ifPresent(name -> this.templateName = name);
            return this;
        }

        @Override
        public Builder clientId(String clientId) {
            this.clientId = Objects.requireNonNull(clientId, "clientId");
            return this;
        }

        @Override
        public Builder templateName(String templateName) {
            this.templateName = Objects.requireNonNull(templateName, "templateName");
            return this;
        }

        @Override
        public Builder templateParameters(Map<String, String> parameters) {
            Objects.requireNonNull(parameters, "parameters");
            Map<String, String> copy = new LinkedHashMap<>();
            parameters.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "parameters key"),
                    Objects.requireNonNull(v, "parameters[" + k + "]")));
            this.parameters = copy;
            return this;
        }

        @Override
        public Builder templateParameter(String name, String value) {
            parameters.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        @Override
        public Builder keyStrategy(KeyStrategy keyStrategy) {
            this.keyStrategy = Objects.requireNonNull(keyStrategy, "keyStrategy");
            return this;
        }

        @Override
        public Builder mqttVersion(MqttVersion mqttVersion) {
            this.mqttVersion = Objects.requireNonNull(mqttVersion, "mqttVersion");
            return this;
        }

        @Override
        public Builder payloadFormat(PayloadFormat payloadFormat) {
            this.payloadFormat = Objects.requireNonNull(payloadFormat, "payloadFormat");
            return this;
        }

        @Override
        public Builder stepTimeout(ProvisioningStep step, Duration timeout) {
            Objects.requireNonNull(step, "step");
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isZero() || timeout.isNegative()) {
                throw new InvalidInputException("stepTimeout(" + step + ")", "must be positive, was " + timeout,
                        "Give a positive duration, for example Duration.ofSeconds(10).");
            }
            timeouts.put(step, timeout);
            return this;
        }

        @Override
        public Builder stepTimeouts(Duration timeout) {
            for (ProvisioningStep step : ProvisioningStep.values()) {
                stepTimeout(step, timeout);
            }
            return this;
        }

        @Override
        public Builder retryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
            return this;
        }

        @Override
        public Builder httpProxy(HttpProxy proxy) {
            this.proxy = Objects.requireNonNull(proxy, "proxy");
            return this;
        }

        @Override
        public Builder credentialStore(Path directory) {
            this.storeDirectory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        @Override
        public Builder retirement(CertificateRetirement retirement) {
            this.retirement = Objects.requireNonNull(retirement, "retirement");
            return this;
        }

        @Override
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        ConnectionSettings connectionSettings() {
            return new ConnectionSettings(endpoint, port, caPem, proxy);
        }

        BuilderImpl validated(boolean storeRequired) {
            BuilderImpl b = copy();
            if (b.endpoint == null || b.endpoint.isBlank()) {
                throw new InvalidInputException("endpoint", "is required", "Set the AWS IoT data endpoint"
                        + " (aws iot describe-endpoint --endpoint-type iot:Data-ATS).");
            }
            if (b.port < 1 || b.port > 65535) {
                throw new InvalidInputException("port", "must be between 1 and 65535, was " + b.port,
                        "Use 8883, or mqttOverPort443() for port 443 with the ALPN protocol " + Alpn.MQTT_PROTOCOL
                        + ".");
            }
            if (b.alpn || b.port == Alpn.HTTPS_PORT) {
                Alpn.requireSupported(b.alpn ? "mqttOverPort443" : "port");
                b.alpn = true;
            }
            if (b.claim == null) {
                throw new InvalidInputException("claim", "is required",
                        "Set the claim certificate and key, e.g. ClaimCredentials.fromPemFiles(cert, key).");
            }
            if (b.templateName == null) {
                throw new InvalidInputException("templateName", "is required", "Set the provisioning template's name.");
            }
            if (!TEMPLATE_NAME.matcher(b.templateName).matches()) {
                throw new InvalidInputException("templateName", "'" + b.templateName
                        + "' is not a valid template name", "Use 1 to 36 characters of [0-9A-Za-z_-].");
            }
            if (storeRequired && b.storeDirectory == null) {
                throw new InvalidInputException("credentialStore", "is required",
                        "Set the directory the device's identity is kept in.");
            }
            if (b.clientId == null) {
                b.clientId = UUID.randomUUID().toString();
            } else if (b.clientId.isEmpty() || b.clientId.length() > 128) {
                throw new InvalidInputException("clientId", "must be 1 to 128 characters", "Use a shorter client id.");
            }
            if (b.caFile != null) {
                try {
                    b.caPem = Files.readString(b.caFile, StandardCharsets.US_ASCII);
                } catch (IOException e) {
                    throw new InvalidInputException("certificateAuthority", "cannot read " + b.caFile,
                            "Check that the CA file exists and is readable.", e);
                }
                b.caFile = null;
            }
            if (b.caPem == null) {
                b.caPem = AmazonRootCas.pem();
            }
            try {
                Pem.readCertificates(b.caPem);
            } catch (InvalidInputException e) {
                throw new InvalidInputException("certificateAuthority", "holds no readable PEM certificate ("
                        + e.problem() + ")", "Pass the CA certificate(s) the endpoint chains to, as PEM.", e);
            }
            return b;
        }

        @Override
        public FleetProvisioningClient build() {
            return new DefaultFleetProvisioningClient(validated(true), null, null, Sleeper.THREAD, StepListener.NONE);
        }
    }
}
