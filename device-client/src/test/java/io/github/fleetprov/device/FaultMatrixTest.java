package io.github.fleetprov.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.core.store.CredentialStore;
import io.github.fleetprov.core.store.DeviceIdentity;
import io.github.fleetprov.core.store.PendingIdentity;
import io.github.fleetprov.device.internal.CredentialStoreIdentityStore;
import io.github.fleetprov.device.internal.DefaultFleetProvisioningClient;
import io.github.fleetprov.device.internal.IdentityStore;
import io.github.fleetprov.device.internal.Sleeper;
import io.github.fleetprov.device.internal.StepListener;
import io.github.fleetprov.testkit.event.EventType;
import io.github.fleetprov.testkit.fault.FaultRule;
import io.github.fleetprov.testkit.fault.Faults;
import io.github.fleetprov.testkit.registry.Certificate;
import io.github.fleetprov.testkit.registry.CertificateStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The fault matrix against LocalIotCore, one test per cell: each ends with the device provisioned
 * exactly once (one thing, one ACTIVE certificate, the identity on disk) or with a typed error, no
 * device identity on disk and no ACTIVE certificate. Crashes (a killed JVM) are in
 * {@link CrashRecoveryTest}. Faults on the claim CONNECT are injected on the wire by
 * {@link FaultyTcpProxy}; faults on requests through LocalIotCore's fault rules; failed writes through
 * a store that throws.
 */
class FaultMatrixTest {

    @TempDir
    Path store;

    private Fleet fleet;

    @BeforeEach
    void setUp() {
        fleet = Fleet.create();
    }

    @AfterEach
    void clearFaults() {
        fleet.iot.faults().clear();
    }

    private FleetProvisioningClient.Builder client() {
        return fleet.client(store);
    }

    private void assertProvisionedExactlyOnce(DeviceIdentity device) {
        assertThat(device.thingName()).isEqualTo(fleet.thingName());
        assertThat(fleet.thingCertificates()).singleElement().satisfies(c -> {
            assertThat(c.certificateId()).isEqualTo(device.certificateId());
            assertThat(c.status()).isEqualTo(CertificateStatus.ACTIVE);
        });
        assertThat(fleet.newActiveCertificateIds()).containsExactly(device.certificateId());
        CredentialStore disk = CredentialStore.open(store);
        assertThat(disk.readDevice()).hasValueSatisfying(d ->
                assertThat(d.certificateId()).isEqualTo(device.certificateId()));
        assertThat(disk.readPending()).isEmpty();
    }

    private void assertNothingProvisioned() {
        assertThat(CredentialStore.open(store).readDevice()).isEmpty();
        assertThat(fleet.newActiveCertificateIds()).isEmpty();
        assertThat(fleet.iot.registry().findThing(fleet.thingName())).isEmpty();
    }

    // ---------------------------------------------------------------- claim CONNECT

    @Test
    void claimConnect_whenTheAnswerNeverComes_retriesAndProvisionsOnce() throws IOException {
        try (FaultyTcpProxy proxy = new FaultyTcpProxy(fleet.iot.mqttPort())) {
            proxy.next(FaultyTcpProxy.Mode.BLACKHOLE);

            DeviceIdentity device = client().port(proxy.port())
                    .stepTimeout(ProvisioningStep.CONNECT, Duration.ofSeconds(3)).build().provision();

            assertThat(proxy.accepted).hasValueGreaterThanOrEqualTo(2);
            assertProvisionedExactlyOnce(device.toBuilder().port(fleet.iot.mqttPort()).build());
        }
    }

    @Test
    void claimConnect_whenTheConnectionDrops_retriesAndProvisionsOnce() throws IOException {
        try (FaultyTcpProxy proxy = new FaultyTcpProxy(fleet.iot.mqttPort())) {
            proxy.next(FaultyTcpProxy.Mode.CLOSE);
            proxy.next(FaultyTcpProxy.Mode.CLOSE);

            DeviceIdentity device = client().port(proxy.port()).build().provision();

            assertThat(proxy.accepted).hasValueGreaterThanOrEqualTo(3);
            assertProvisionedExactlyOnce(device.toBuilder().port(fleet.iot.mqttPort()).build());
        }
    }

    @ParameterizedTest
    @EnumSource(MqttVersion.class)
    void claimConnect_whenThrottled_retriesAndProvisionsOnce(MqttVersion version) {
        FaultRule throttle = fleet.iot.faults().on(Faults.CONNECT).times(2).throttle();

        DeviceIdentity device = client().mqttVersion(version).build().provision();

        assertThat(throttle.triggered()).isEqualTo(2);
        assertThat(fleet.iot.events().matching(e -> e.type() == EventType.CONNECT && "REFUSED".equals(e.outcome())
                && e.clientId().equals(Optional.of("test-" + fleet.id))))
                .hasSize(2).allSatisfy(e -> assertThat(e.message()).contains("connection rate exceeded"));
        assertProvisionedExactlyOnce(device);
    }

    @Test
    void claimConnect_whenTheClaimIsRejected_throwsConnectionRefusedWithAHint() {
        fleet.iot.registry().updateCertificateStatus(fleet.claim.certificateId(), CertificateStatus.INACTIVE);

        assertThatThrownBy(() -> client().build().provision())
                .isInstanceOfSatisfying(ConnectionRefusedException.class, e -> assertThat(e.isRetryable()).isFalse())
                .hasMessageContaining("NOT_AUTHORIZED")
                .hasMessageContaining("ACTIVE and not expired")
                .hasMessageContaining("iot:Connect for client id 'test-" + fleet.id + "'");
        assertNothingProvisioned();
        assertThat(CredentialStore.open(store).readPending()).isEmpty();
    }

    @Test
    void claimConnect_whenClaimExpired_throwsConnectionRefusedBeforeAnyCertificate() {
        fleet.iot.registry().setClaimExpiry(fleet.claim.certificateId(), fleet.iot.clock().instant().minusSeconds(1));

        assertThatThrownBy(() -> client().build().provision()).isInstanceOf(ConnectionRefusedException.class)
                .hasMessageContaining("refused");
        assertNothingProvisioned();
    }

    // ---------------------------------------------------------------- certificate creation

    @Test
    void createCertificate_whenTheReplyIsDropped_retriesAndActivatesOnlyTheSecondCertificate() {
        fleet.iot.faults().on("CreateCertificateFromCsr").times(1).dropReply();

        DeviceIdentity device = client().stepTimeout(ProvisioningStep.CREATE_CERTIFICATE, Duration.ofSeconds(3))
                .build().provision();

        assertProvisionedExactlyOnce(device);
        assertThat(fleet.newCertificates()).hasSizeGreaterThanOrEqualTo(2)
                .filteredOn(c -> !c.certificateId().equals(device.certificateId()))
                .allSatisfy(c -> assertThat(c.status()).isNotEqualTo(CertificateStatus.ACTIVE));
    }

    @Test
    void createCertificate_whenThrottled_retriesAndProvisionsOnce() {
        fleet.iot.faults().on("CreateCertificateFromCsr").times(2).throttle();

        DeviceIdentity device = client().build().provision();

        assertProvisionedExactlyOnce(device);
        assertThat(fleet.iot.faults().rules()).isEmpty();
    }

    @Test
    void createCertificate_whenRejected_throwsWithServiceErrorCode() {
        fleet.iot.faults().on("CreateCertificateFromCsr").times(1).reject("InvalidRequest", 400, "Bad CSR");

        assertThatThrownBy(() -> client().build().provision())
                .isInstanceOfSatisfying(ProvisioningRejectedException.class, e -> {
                    assertThat(e.step()).isEqualTo(ProvisioningStep.CREATE_CERTIFICATE);
                    assertThat(e.errorCode()).isEqualTo("InvalidRequest");
                    assertThat(e.statusCode()).isEqualTo(400);
                });
        assertNothingProvisioned();
        assertThat(CredentialStore.open(store).readPending()).isEmpty();
    }

    @Test
    void createCertificate_whenTheBrokerDisconnects_reconnectsAndProvisionsOnce() {
        fleet.iot.faults().on("CreateCertificateFromCsr").times(1).disconnect();

        DeviceIdentity device = client().build().provision();

        assertProvisionedExactlyOnce(device);
    }

    // ---------------------------------------------------------------- persist pending

    @Test
    void persistPending_whenTheWriteFails_neverSendsRegisterThing() {
        FailingStore failing = new FailingStore(CredentialStoreIdentityStore.open(store));
        failing.failPending = true;
        FleetProvisioningClient client = DefaultFleetProvisioningClient.create(client(), null, failing,
                Sleeper.THREAD, StepListener.NONE);

        assertThatThrownBy(client::provision)
                .isInstanceOfSatisfying(IdentityPersistenceException.class,
                        e -> assertThat(e.step()).isEqualTo(ProvisioningStep.PERSIST_PENDING));
        assertNothingProvisioned();
        assertThat(fleet.iot.events().matching(e -> e.type() == EventType.REQUEST
                && e.operation().equals("RegisterThing") && e.clientId().orElse("").equals("test-" + fleet.id)))
                .isEmpty();

        DeviceIdentity device = fleet.client(store).build().provision();

        assertProvisionedExactlyOnce(device);
    }

    // ---------------------------------------------------------------- RegisterThing

    @Test
    void registerThing_whenTheReplyIsDropped_reportsUnconfirmedThenCompletesWithTheSameCertificate() {
        fleet.iot.faults().on("$aws/provisioning-templates/" + fleet.templateName + "/provision/json").times(1)
                .dropReply();
        FleetProvisioningClient client = client().stepTimeout(ProvisioningStep.REGISTER_THING, Duration.ofSeconds(3))
                .build();

        assertThatThrownBy(client::provision).isInstanceOf(RegistrationUnconfirmedException.class)
                .hasMessageContaining("completeRegistration");
        assertThat(CredentialStore.open(store).readDevice()).isEmpty();
        String pendingId = CredentialStore.open(store).readPending().orElseThrow().certificateId();
        assertThat(fleet.newActiveCertificateIds()).containsExactly(pendingId);

        DeviceIdentity device = client.completeRegistration(fleet.thingName());

        assertThat(device.certificateId()).isEqualTo(pendingId);
        assertProvisionedExactlyOnce(device);
    }

    @Test
    void registerThing_whenThrottled_retriesAndProvisionsOnce() {
        fleet.iot.faults().on("$aws/provisioning-templates/" + fleet.templateName + "/provision/json").times(2)
                .throttle();

        DeviceIdentity device = client().build().provision();

        assertProvisionedExactlyOnce(device);
    }

    @Test
    void registerThing_whenRejected_throwsAndLaterResumesWithTheSameCertificate() {
        fleet.iot.faults().on("$aws/provisioning-templates/" + fleet.templateName + "/provision/json").times(1)
                .reject("InvalidParameters", 400, "SerialNumber is not allowed");

        assertThatThrownBy(() -> client().build().provision())
                .isInstanceOfSatisfying(ProvisioningRejectedException.class, e -> {
                    assertThat(e.step()).isEqualTo(ProvisioningStep.REGISTER_THING);
                    assertThat(e.errorCode()).isEqualTo("InvalidParameters");
                    assertThat(e.errorMessage()).isEqualTo("SerialNumber is not allowed");
                    assertThat(e.isRetryable()).isFalse();
                });
        assertNothingProvisioned();
        String pendingId = CredentialStore.open(store).readPending().orElseThrow().certificateId();

        DeviceIdentity device = client().build().provision();

        assertThat(device.certificateId()).isEqualTo(pendingId);
        assertProvisionedExactlyOnce(device);
    }

    @Test
    void registerThing_whenTheBrokerDisconnects_reconnectsAndProvisionsOnce() {
        fleet.iot.faults().on("$aws/provisioning-templates/" + fleet.templateName + "/provision/json").times(1)
                .disconnect();

        DeviceIdentity device = client().build().provision();

        assertProvisionedExactlyOnce(device);
    }

    // ---------------------------------------------------------------- persist device

    @Test
    void persistDevice_whenTheWriteFails_keepsTheKeyAndCompletesLater() {
        FailingStore failing = new FailingStore(CredentialStoreIdentityStore.open(store));
        failing.failDevice = true;
        FleetProvisioningClient client = DefaultFleetProvisioningClient.create(client(), null, failing,
                Sleeper.THREAD, StepListener.NONE);

        assertThatThrownBy(client::provision)
                .isInstanceOfSatisfying(IdentityPersistenceException.class,
                        e -> assertThat(e.step()).isEqualTo(ProvisioningStep.PERSIST_DEVICE))
                .hasMessageContaining("resumes");
        assertThat(CredentialStore.open(store).readDevice()).isEmpty();
        String pendingId = CredentialStore.open(store).readPending().orElseThrow().certificateId();

        FleetProvisioningClient healthy = client().build();
        assertThatThrownBy(healthy::provision).isInstanceOf(RegistrationUnconfirmedException.class);
        DeviceIdentity device = healthy.completeRegistration(fleet.thingName());

        assertThat(device.certificateId()).isEqualTo(pendingId);
        assertProvisionedExactlyOnce(device);
    }

    // ---------------------------------------------------------------- bad input

    @Test
    void provision_withATemplateTheClaimPolicyDoesNotName_isRefusedAtSubscribeNamingTheTopic() {
        assertThatThrownBy(() -> client().templateName("no-such-template").build().provision())
                .isInstanceOfSatisfying(ConnectionRefusedException.class, e -> assertThat(e.isRetryable()).isFalse())
                .hasMessageContaining("SUBACK NOT_AUTHORIZED")
                .hasMessageContaining("$aws/provisioning-templates/no-such-template/provision/json/accepted");
        assertNothingProvisioned();
    }

    @Test
    void provision_withUnknownTemplate_isRejectedAtRegisterThing() {
        String template = "missing-" + fleet.id;
        fleet.iot.registry().createPolicyVersion(fleet.policyName,
                Fleet.claimPolicy(fleet.iot, template), true);

        assertThatThrownBy(() -> client().templateName(template).build().provision())
                .isInstanceOfSatisfying(ProvisioningRejectedException.class, e -> {
                    assertThat(e.step()).isEqualTo(ProvisioningStep.REGISTER_THING);
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.errorCode()).isEqualTo("ResourceNotFound");
                })
                .hasMessageContaining("Check the template name");
        assertThat(CredentialStore.open(store).readDevice()).isEmpty();
        assertThat(fleet.newActiveCertificateIds()).isEmpty();
    }

    @Test
    void provision_withParametersTheTemplateRejects_isRejectedWithItsCode() {
        assertThatThrownBy(() -> client().templateParameters(java.util.Map.of("DeviceLocation", "Seattle")).build()
                .provision())
                .isInstanceOfSatisfying(ProvisioningRejectedException.class, e -> {
                    assertThat(e.step()).isEqualTo(ProvisioningStep.REGISTER_THING);
                    assertThat(e.isRetryable()).isFalse();
                });
        assertThat(CredentialStore.open(store).readDevice()).isEmpty();
        assertThat(fleet.newActiveCertificateIds()).isEmpty();
    }

    @Test
    void provision_withACaThatDoesNotMatchTheBroker_failsTheTlsHandshakeWithAHint() {
        String otherCa = io.github.fleetprov.core.pki.CertificateAuthority.create("Not the broker's CA")
                .certificatePem();

        // aws-crt (s2n) reports a failed handshake after a random 10-30 s delay, hence the long timeout
        assertThatThrownBy(() -> client().certificateAuthorityPem(otherCa)
                .stepTimeout(ProvisioningStep.CONNECT, Duration.ofSeconds(45))
                .retryPolicy(RetryPolicy.none()).build().provision())
                .isInstanceOfSatisfying(ConnectionRefusedException.class, e -> assertThat(e.isRetryable()).isFalse())
                .hasMessageContaining("TLS")
                .hasMessageContaining("check that the CA certificate matches");
        assertNothingProvisioned();
    }

    @Test
    void claimCredentials_withTheWrongKey_areRefusedBeforeAnyNetworkTraffic() {
        String otherKey = io.github.fleetprov.core.pki.Pem.privateKeyToPem(
                io.github.fleetprov.core.pki.KeyPairs.generate().getPrivate());

        assertThatThrownBy(() -> ClaimCredentials.fromPem(fleet.claim.certificatePem(), otherKey))
                .isInstanceOf(io.github.fleetprov.core.InvalidInputException.class)
                .hasMessageContaining("does not belong to the certificate");
    }

    @Test
    void provision_withAnExpiredPendingToken_startsOverAndRecordsTheAbandonedCertificate() {
        fleet.iot.faults().on("$aws/provisioning-templates/" + fleet.templateName + "/provision/json").times(1)
                .reject("InvalidParameters", 400, "try later");
        assertThatThrownBy(() -> client().build().provision()).isInstanceOf(ProvisioningRejectedException.class);
        String expired = CredentialStore.open(store).readPending().orElseThrow().certificateId();
        fleet.iot.advanceClock(Duration.ofMinutes(61));

        DeviceIdentity device = client().build().provision();

        assertThat(device.certificateId()).isNotEqualTo(expired);
        assertThat(CredentialStore.open(store).abandoned())
                .anySatisfy(a -> assertThat(a.certificateId()).isEqualTo(expired));
        assertThat(fleet.iot.registry().findCertificate(expired).map(Certificate::status))
                .isNotEqualTo(Optional.of(CertificateStatus.ACTIVE));
        assertProvisionedExactlyOnce(device);
    }

    /** A store that fails chosen writes like a full disk. */
    private static final class FailingStore implements IdentityStore {
        private final IdentityStore delegate;
        boolean failPending;
        boolean failDevice;

        FailingStore(IdentityStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public Optional<DeviceIdentity> readDevice() {
            return delegate.readDevice();
        }

        @Override
        public void writeDevice(DeviceIdentity device) {
            if (failDevice) {
                throw new UncheckedIOException(new IOException("No space left on device"));
            }
            delegate.writeDevice(device);
        }

        @Override
        public Optional<PendingIdentity> readPending() {
            return delegate.readPending();
        }

        @Override
        public void writePending(PendingIdentity pending) {
            if (failPending) {
                throw new UncheckedIOException(new IOException("No space left on device"));
            }
            delegate.writePending(pending);
        }

        @Override
        public void deletePending() {
            delegate.deletePending();
        }

        @Override
        public void recordAbandoned(String certificateId, String reason) {
            delegate.recordAbandoned(certificateId, reason);
        }
    }
}
