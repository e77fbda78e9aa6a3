package io.github.fleetprov.device.internal;

import io.github.fleetprov.core.FleetProvisioningException;
import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.pki.CertificateSigningRequest;
import io.github.fleetprov.core.pki.Certificates;
import io.github.fleetprov.core.pki.KeyAlgorithm;
import io.github.fleetprov.core.pki.KeyPairs;
import io.github.fleetprov.core.pki.Pem;
import io.github.fleetprov.core.pki.Subject;
import io.github.fleetprov.core.store.DeviceIdentity;
import io.github.fleetprov.core.store.PendingIdentity;
import io.github.fleetprov.device.ConnectionLostException;
import io.github.fleetprov.device.ConnectionRefusedException;
import io.github.fleetprov.device.IdentityPersistenceException;
import io.github.fleetprov.device.KeyStrategy;
import io.github.fleetprov.device.Pkcs11Key;
import io.github.fleetprov.device.ProvisioningRejectedException;
import io.github.fleetprov.device.ProvisioningStep;
import io.github.fleetprov.device.ProvisioningTimeoutException;
import io.github.fleetprov.device.RegistrationUnconfirmedException;
import io.github.fleetprov.device.RetryPolicy;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provisioning state machine. The order of writes is what makes it crash-safe:
 *
 * <ol>
 *   <li>a stored device identity is returned as it is (unless forced);</li>
 *   <li>a stored pending certificate whose ownership token is still valid skips certificate creation;
 *       one whose token expired is recorded as abandoned and deleted;</li>
 *   <li>a new certificate is stored as pending (certificate, key, token, expiry) before RegisterThing
 *       is sent, so a crash after RegisterThing can always finish with the same certificate;</li>
 *   <li>the device identity is stored after RegisterThing was accepted, then the pending state is
 *       deleted.</li>
 * </ol>
 *
 * <p>Each network step is retried by the {@link RetryPolicy}; a lost connection is replaced by a new
 * one before the next attempt.
 */
public final class ProvisioningEngine {

    /** How long AWS IoT accepts a certificate ownership token. */
    public static final Duration TOKEN_VALIDITY = Duration.ofHours(1);
    /** A pending token closer than this to its expiry is not used any more. */
    public static final Duration RESUME_MARGIN = Duration.ofMinutes(1);

    private static final String INVALID_TOKEN = "InvalidCertificateOwnershipToken";
    private static final Logger LOG = LoggerFactory.getLogger(ProvisioningEngine.class);

    private final EngineSettings settings;
    private final TransportFactory transports;
    private final IdentityStore store;
    private final Clock clock;
    private final Sleeper sleeper;
    private final StepListener listener;
    private final WireFormat wire;

    /**
     * Creates an engine.
     *
     * @param settings what to provision
     * @param transports makes MQTT connections
     * @param store where state is kept
     * @param clock the clock that dates ownership tokens
     * @param sleeper waits between retries
     * @param listener told after each step
     */
    public ProvisioningEngine(EngineSettings settings, TransportFactory transports, IdentityStore store, Clock clock,
            Sleeper sleeper, StepListener listener) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.transports = Objects.requireNonNull(transports, "transports");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.wire = WireFormat.of(settings.payloadFormat());
    }

    /**
     * Provisions the device, or returns the stored identity.
     *
     * @param force {@code true} to provision a new identity even if one is stored
     * @return the device identity
     */
    public DeviceIdentity provision(boolean force) {
        if (!force) {
            Optional<DeviceIdentity> existing = store.readDevice();
            if (existing.isPresent()) {
                DeviceIdentity device = existing.get();
                store.readPending().filter(p -> p.certificateId().equals(device.certificateId()))
                        .ifPresent(p -> store.deletePending());
                LOG.debug("Device {} is already provisioned", device.thingName());
                return device;
            }
        }
        PendingIdentity pending = usablePending();
        boolean resumed = pending != null;
        try (Session session = new Session(settings.claim(), settings.clientId(), operations(true))) {
            if (pending == null) {
                pending = createCertificate(session, settings.keyStrategy());
            }
            WireFormat.RegisteredThing thing;
            try {
                thing = registerThing(session, pending, resumed);
            } catch (TokenRefused refused) {
                session.reset();
                if (probe(pending, settings.clientId())) {
                    throw new RegistrationUnconfirmedException(pending.certificateId());
                }
                store.recordAbandoned(pending.certificateId(), "ownership token refused and the certificate cannot"
                        + " connect: it was never registered");
                store.deletePending();
                LOG.info("Pending certificate {} was never registered; starting over", pending.certificateId());
                pending = createCertificate(session, settings.keyStrategy());
                thing = registerThing(session, pending, false);
            }
            return finish(pending, thing);
        }
    }

    private DeviceIdentity finish(PendingIdentity pending, WireFormat.RegisteredThing thing) {
        DeviceIdentity device = toDevice(pending, thing);
        persist(ProvisioningStep.PERSIST_DEVICE, () -> store.writeDevice(device));
        store.deletePending();
        listener.stepCompleted(ProvisioningStep.PERSIST_DEVICE);
        LOG.info("Provisioned thing {} with certificate {}", device.thingName(), device.certificateId());
        return device;
    }

    /**
     * Stores the pending certificate as the device identity after checking that it connects.
     *
     * @param thingName the thing it is attached to
     * @return the identity
     */
    public DeviceIdentity completeRegistration(String thingName) {
        PendingIdentity pending = store.readPending().orElseThrow(() -> new InvalidInputException("credentialStore",
                "holds no pending certificate to complete", "Call provision() instead."));
        try (ProvisioningTransport probe = transports.create(new TlsIdentity(pending.certificate(),
                pending.privateKey()), settings.clientId())) {
            probe.open(List.of(), settings.timeout(ProvisioningStep.VERIFY_NEW_CERTIFICATE));
        }
        listener.stepCompleted(ProvisioningStep.VERIFY_NEW_CERTIFICATE);
        return finish(pending, new WireFormat.RegisteredThing(thingName, java.util.Map.of()));
    }

    /** Whether a certificate connects: true if ACTIVE and known, false if the broker refuses it for good. */
    private boolean probe(PendingIdentity pending, String clientId) {
        try (ProvisioningTransport probe = transports.create(new TlsIdentity(pending.certificate(),
                pending.privateKey()), clientId)) {
            probe.open(List.of(), settings.timeout(ProvisioningStep.VERIFY_NEW_CERTIFICATE));
            return true;
        } catch (ConnectionRefusedException e) {
            if (e.isRetryable()) {
                throw e;
            }
            return false;
        }
    }

    /** RegisterThing refused the ownership token after an attempt whose outcome is unknown. */
    private static final class TokenRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TokenRefused() {
            super(null, null, false, false);
        }
    }

    /**
     * Replaces the device's certificate: a new key and CSR over the device's own connection,
     * RegisterThing with the template, a test connection with the new certificate, then the stored
     * identity is swapped. Retiring the old certificate is the caller's ({@link CertificateRetirer}); without
     * one, its id is recorded in the abandoned list so an operator can deactivate it.
     *
     * @param current the device's current identity
     * @param recordAbandoned whether to record the replaced certificate in the store's abandoned list
     *     (when nothing else retires it)
     * @return the new identity
     */
    public DeviceIdentity rotate(DeviceIdentity current, boolean recordAbandoned) {
        Objects.requireNonNull(current, "current");
        if (settings.keyStrategy().kind() != KeyStrategy.Kind.CSR) {
            throw new InvalidInputException("keyStrategy", "rotation sends a CSR so the new key never leaves the"
                    + " device", "Use KeyStrategy.csrWithNewKey() (or csrWithKey) for rotation.");
        }
        PendingIdentity pending = usablePending();
        boolean resumed = pending != null;
        DeviceIdentity rotated;
        TlsIdentity currentIdentity = new TlsIdentity(current.certificate(), current.privateKey());
        try (Session session = new Session(currentIdentity, current.thingName(), operations(true))) {
            if (pending == null) {
                pending = createCertificate(session, settings.keyStrategy(), current.certificateId());
            }
            WireFormat.RegisteredThing thing;
            try {
                thing = registerThing(session, pending, resumed);
            } catch (TokenRefused refused) {
                // An earlier run's RegisterThing used the token up (a crash after it): the certificate is
                // registered if it connects, and then rotation continues with it for the same thing.
                session.reset();
                if (probe(pending, current.thingName())) {
                    thing = new WireFormat.RegisteredThing(current.thingName(), current.deviceConfiguration());
                } else {
                    store.recordAbandoned(pending.certificateId(), "ownership token refused and the certificate"
                            + " cannot connect: it was never registered");
                    store.deletePending();
                    pending = createCertificate(session, settings.keyStrategy(), current.certificateId());
                    thing = registerThing(session, pending, false);
                }
            }
            rotated = toDevice(pending, thing);
        }
        PendingIdentity verified = pending;
        retry(ProvisioningStep.VERIFY_NEW_CERTIFICATE, () -> {
            try (ProvisioningTransport probe = transports.create(
                    new TlsIdentity(verified.certificate(), verified.privateKey()), current.thingName())) {
                probe.open(List.of(), settings.timeout(ProvisioningStep.VERIFY_NEW_CERTIFICATE));
            }
            return null;
        }, null);
        listener.stepCompleted(ProvisioningStep.VERIFY_NEW_CERTIFICATE);
        DeviceIdentity stored = rotated;
        persist(ProvisioningStep.PERSIST_DEVICE, () -> store.writeDevice(stored));
        store.deletePending();
        listener.stepCompleted(ProvisioningStep.PERSIST_DEVICE);
        if (recordAbandoned && !current.certificateId().equals(rotated.certificateId())) {
            store.recordAbandoned(current.certificateId(), "replaced by certificate rotation; deactivate it");
        }
        LOG.info("Rotated thing {} from certificate {} to {}", rotated.thingName(), current.certificateId(),
                rotated.certificateId());
        return rotated;
    }

    private PendingIdentity usablePending() {
        Optional<PendingIdentity> stored = store.readPending();
        if (stored.isEmpty()) {
            return null;
        }
        PendingIdentity pending = stored.get();
        if (pending.tokenExpiry().isAfter(clock.instant().plus(RESUME_MARGIN))) {
            LOG.info("Resuming with pending certificate {}", pending.certificateId());
            return pending;
        }
        store.recordAbandoned(pending.certificateId(), "ownership token expired before RegisterThing succeeded");
        store.deletePending();
        LOG.info("Pending certificate {} expired; starting over", pending.certificateId());
        return null;
    }

    private List<FleetOperation> operations(boolean create) {
        FleetOperation register = FleetOperation.registerThing(settings.templateName(), settings.payloadFormat());
        if (!create) {
            return List.of(register);
        }
        return List.of(createOperation(settings.keyStrategy()), register);
    }

    private FleetOperation createOperation(KeyStrategy strategy) {
        return strategy.kind() == KeyStrategy.Kind.CSR
                ? FleetOperation.createCertificateFromCsr(settings.payloadFormat())
                : FleetOperation.createKeysAndCertificate(settings.payloadFormat());
    }

    private PendingIdentity createCertificate(Session session, KeyStrategy strategy) {
        return createCertificate(session, strategy, null);
    }

    /**
     * Gets a new certificate.
     *
     * @param replacing the id of the certificate a rotation replaces, {@code null} when provisioning
     */
    private PendingIdentity createCertificate(Session session, KeyStrategy strategy, String replacing) {
        PendingIdentity pending;
        session.begin();
        if (strategy.kind() == KeyStrategy.Kind.CSR) {
            PrivateKey privateKey;
            String csr;
            if (strategy.pkcs11Key().isPresent()) {
                Pkcs11PrivateKey tokenKey = tokenKey(strategy.pkcs11Key().get(), replacing);
                privateKey = tokenKey;
                csr = Pkcs11Tokens.csr(tokenKey, settings.clientId()).toPem();
            } else {
                KeyPair keyPair = strategy.keyPair()
                        .orElseGet(() -> KeyPairs.generate(strategy.algorithm().orElse(KeyAlgorithm.EC_P256)));
                privateKey = keyPair.getPrivate();
                csr = strategy.csrPem().orElseGet(() ->
                        CertificateSigningRequest.create(keyPair, Subject.ofCommonName(settings.clientId())).toPem());
            }
            byte[] request = wire.createCertificateFromCsrRequest(csr);
            FleetOperation operation = createOperation(strategy);
            WireFormat.CreatedCertificate created = retry(ProvisioningStep.CREATE_CERTIFICATE,
                    () -> wire.readCreatedCertificate(session.request(operation, request,
                            ProvisioningStep.CREATE_CERTIFICATE), false), session);
            pending = pendingState(created, privateKey);
        } else {
            byte[] request = wire.createKeysAndCertificateRequest();
            FleetOperation operation = createOperation(strategy);
            WireFormat.CreatedCertificate created = retry(ProvisioningStep.CREATE_CERTIFICATE,
                    () -> wire.readCreatedCertificate(session.request(operation, request,
                            ProvisioningStep.CREATE_CERTIFICATE), true), session);
            PrivateKey key = Pem.readPrivateKey(created.privateKeyPem());
            pending = pendingState(created, key);
        }
        listener.stepCompleted(ProvisioningStep.CREATE_CERTIFICATE);
        PendingIdentity toStore = pending;
        persist(ProvisioningStep.PERSIST_PENDING, () -> store.writePending(toStore));
        listener.stepCompleted(ProvisioningStep.PERSIST_PENDING);
        return pending;
    }

    /**
     * The token key for a new certificate: the configured label when provisioning; when rotating, a new
     * key labelled after the certificate it replaces ({@code <label, at most 55 characters>-<8 hex digits>},
     * within the 64 characters a label may have), so that a rotation resumed after a crash finds the key it
     * made before.
     */
    private static Pkcs11PrivateKey tokenKey(Pkcs11Key key, String replacing) {
        if (replacing == null) {
            return Pkcs11Tokens.obtain(key, key.keyLabel());
        }
        String base = key.keyLabel().substring(0, Math.min(55, key.keyLabel().length()));
        return Pkcs11Tokens.obtain(key.copy(b -> b.generateIfMissing(true)),
                base + "-" + replacing.substring(0, Math.min(8, replacing.length())));
    }

    private PendingIdentity pendingState(WireFormat.CreatedCertificate created, PrivateKey key) {
        X509Certificate certificate = Pem.readCertificate(created.certificatePem());
        if (!Certificates.matches(certificate, key)) {
            throw new FleetProvisioningException(ProvisioningStep.CREATE_CERTIFICATE
                    + ": the certificate AWS IoT returned does not match the device's key");
        }
        Instant expiry = clock.instant().plus(TOKEN_VALIDITY);
        return PendingIdentity.builder().certificate(certificate).privateKey(key).certificateId(created.certificateId())
                .ownershipToken(created.ownershipToken()).tokenExpiry(expiry).templateName(settings.templateName())
                .parameters(settings.parameters()).build();
    }

    private WireFormat.RegisteredThing registerThing(Session session, PendingIdentity pending, boolean resumed) {
        FleetOperation operation = FleetOperation.registerThing(settings.templateName(), settings.payloadFormat());
        byte[] request = wire.registerThingRequest(pending.ownershipToken(), settings.parameters());
        boolean[] outcomeUnknown = {resumed};
        WireFormat.RegisteredThing thing;
        try {
            thing = retry(ProvisioningStep.REGISTER_THING, () -> {
                try {
                    return wire.readRegisteredThing(session.request(operation, request,
                            ProvisioningStep.REGISTER_THING));
                } catch (ProvisioningTimeoutException | ConnectionLostException e) {
                    outcomeUnknown[0] = true;
                    throw e;
                }
            }, session);
        } catch (ProvisioningRejectedException e) {
            if (outcomeUnknown[0] && INVALID_TOKEN.equals(e.errorCode())) {
                throw new TokenRefused();
            }
            throw e;
        }
        listener.stepCompleted(ProvisioningStep.REGISTER_THING);
        return thing;
    }

    private DeviceIdentity toDevice(PendingIdentity pending, WireFormat.RegisteredThing thing) {
        return DeviceIdentity.builder().thingName(thing.thingName()).certificatePem(pending.certificatePem())
                .certificateId(pending.certificateId()).privateKey(pending.privateKey())
                .deviceConfiguration(thing.deviceConfiguration()).endpoint(settings.endpoint()).port(settings.port())
                .build();
    }

    private void persist(ProvisioningStep step, Runnable write) {
        try {
            write.run();
        } catch (FleetProvisioningException e) {
            throw e instanceof IdentityPersistenceException ? e : new IdentityPersistenceException(step, e);
        } catch (RuntimeException e) {
            throw new IdentityPersistenceException(step, e);
        }
    }

    private <T> T retry(ProvisioningStep step, Supplier<T> action, Session session) {
        RetryPolicy policy = settings.retryPolicy();
        for (int attempt = 1; ; attempt++) {
            try {
                return action.get();
            } catch (FleetProvisioningException e) {
                if (!policy.shouldRetry(e, attempt)) {
                    throw e;
                }
                if (session != null && !session.isConnected()) {
                    session.reset();
                }
                Duration delay = policy.delayBefore(attempt);
                LOG.debug("{} attempt {} failed ({}); retrying in {} ms", step, attempt,
                        e.getClass().getSimpleName(), delay.toMillis());
                sleeper.sleep(delay);
            }
        }
    }

    /** The MQTT connection of one provisioning run, opened on first use and replaced when lost. */
    private final class Session implements AutoCloseable {
        private final TlsIdentity identity;
        private final String clientId;
        private final List<FleetOperation> operations;
        private ProvisioningTransport transport;
        private boolean opened;
        private boolean connectedOnce;

        Session(TlsIdentity identity, String clientId, List<FleetOperation> operations) {
            this.identity = identity;
            this.clientId = clientId;
            this.operations = operations;
        }

        byte[] request(FleetOperation operation, byte[] payload, ProvisioningStep step) {
            ProvisioningTransport connected = connect();
            Reply reply = connected.request(operation, payload, step, settings.timeout(step));
            if (!reply.accepted()) {
                throw wire.readRejection(reply.payload(), step);
            }
            return reply.payload();
        }

        /** Starts connecting in the background, if no connection is open or being opened. */
        void begin() {
            if (transport == null) {
                ProvisioningTransport fresh = transports.create(identity, clientId);
                transport = fresh;
                try {
                    fresh.begin(settings.timeout(ProvisioningStep.CONNECT));
                } catch (RuntimeException e) {
                    reset();
                }
            }
        }

        private ProvisioningTransport connect() {
            if (transport != null && opened && transport.isConnected()) {
                return transport;
            }
            if (transport == null || opened) {
                reset();
                transport = transports.create(identity, clientId);
            }
            ProvisioningTransport fresh = transport;
            try {
                fresh.open(operations, settings.timeout(ProvisioningStep.CONNECT));
            } catch (RuntimeException e) {
                reset();
                throw e;
            }
            opened = true;
            if (!connectedOnce) {
                connectedOnce = true;
                listener.stepCompleted(ProvisioningStep.CONNECT);
            }
            return fresh;
        }

        boolean isConnected() {
            return transport != null && opened && transport.isConnected();
        }

        void reset() {
            if (transport != null) {
                transport.close();
                transport = null;
            }
            opened = false;
        }

        @Override
        public void close() {
            reset();
        }
    }
}
