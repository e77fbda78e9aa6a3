package io.github.fleetprov.device.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.core.pki.CertificateAuthority;
import io.github.fleetprov.core.pki.Certificates;
import io.github.fleetprov.core.pki.IssuedCertificate;
import io.github.fleetprov.core.pki.KeyAlgorithm;
import io.github.fleetprov.core.pki.KeyPairs;
import io.github.fleetprov.core.pki.Subject;
import io.github.fleetprov.core.store.DeviceIdentity;
import io.github.fleetprov.device.ClaimCredentials;
import io.github.fleetprov.device.ConnectionLostException;
import io.github.fleetprov.device.ConnectionRefusedException;
import io.github.fleetprov.device.FleetProvisioningClient;
import io.github.fleetprov.device.IdentityPersistenceException;
import io.github.fleetprov.device.KeyStrategy;
import io.github.fleetprov.device.ProvisioningRejectedException;
import io.github.fleetprov.device.ProvisioningStep;
import io.github.fleetprov.device.ProvisioningTimeoutException;
import io.github.fleetprov.device.RegistrationUnconfirmedException;
import io.github.fleetprov.device.RetryPolicy;
import io.github.fleetprov.device.internal.ScriptedCloud.Outcome;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProvisioningEngineTest {

    private static final CertificateAuthority CLAIM_CA = CertificateAuthority.create("Claim CA");
    private static final IssuedCertificate CLAIM = CLAIM_CA.issueWithKey(Subject.ofCommonName("claim"),
            KeyAlgorithm.EC_P256, Duration.ofDays(30));

    private final List<String> log = new ArrayList<>();
    private final List<Duration> sleeps = new ArrayList<>();
    private final List<ProvisioningStep> steps = new ArrayList<>();
    private ScriptedCloud cloud;
    private MemoryIdentityStore store;
    private MutableClock clock;

    @BeforeEach
    void setUp() {
        cloud = new ScriptedCloud(log);
        store = new MemoryIdentityStore(log);
        clock = new MutableClock(Instant.parse("2026-11-22T00:00:00Z"));
    }

    private FleetProvisioningClient.Builder settings() {
        return FleetProvisioningClient.builder()
                .endpoint("iot.example.com")
                .port(8883)
                .certificateAuthorityPem(CLAIM_CA.certificatePem())
                .claim(ClaimCredentials.of(CLAIM.certificate(), CLAIM.keyPair().getPrivate()))
                .clientId("device-1")
                .templateName("FleetTemplate")
                .templateParameter("SerialNumber", "123")
                .credentialStore(Path.of("unused"))
                .retryPolicy(RetryPolicy.builder().maxAttempts(3).initialBackoff(Duration.ofMillis(100)).build())
                .clock(clock);
    }

    private FleetProvisioningClient client(FleetProvisioningClient.Builder builder) {
        return DefaultFleetProvisioningClient.create(builder, cloud, store, sleeps::add, steps::add);
    }

    private FleetProvisioningClient client() {
        return client(settings());
    }

    @Test
    void provision_withCsr_persistsPendingBeforeRegisterThingAndDeviceAfterIt() {
        DeviceIdentity device = client().provision();

        assertThat(log).containsExactly(
                "connect device-1",
                "create $aws/certificates/create-from-csr/json",
                "writePending",
                "register $aws/provisioning-templates/FleetTemplate/provision/json",
                "writeDevice",
                "deletePending",
                "close");
        assertThat(device.thingName()).isEqualTo("thing-123");
        assertThat(device.certificateId()).isEqualTo(cloud.createdCertificateIds.get(0));
        assertThat(device.deviceConfiguration()).containsEntry("FallbackUrl", "https://www.example.com/test-site");
        assertThat(device.privateKey().getAlgorithm()).isEqualTo("EC");
        assertThat(store.device).isEqualTo(device);
        assertThat(store.pending).isNull();
        assertThat(cloud.registerParameters).containsExactly(java.util.Map.of("SerialNumber", "123"));
        assertThat(steps).containsExactly(ProvisioningStep.CONNECT, ProvisioningStep.CREATE_CERTIFICATE,
                ProvisioningStep.PERSIST_PENDING, ProvisioningStep.REGISTER_THING, ProvisioningStep.PERSIST_DEVICE);
    }

    @Test
    void provision_withCreateKeysAndCertificate_keepsTheKeyAwsIotMade() {
        DeviceIdentity device = client(settings().keyStrategy(KeyStrategy.createKeysAndCertificate())).provision();

        assertThat(log).contains("create $aws/certificates/create/json");
        assertThat(device.privateKey().getAlgorithm()).isEqualTo("RSA");
        assertThat(Certificates.matches(device.certificate(), device.privateKey())).isTrue();
    }

    @Test
    void provision_withCallerKey_certifiesThatKey() {
        KeyPair keyPair = KeyPairs.generate(KeyAlgorithm.EC_P384);

        DeviceIdentity device = client(settings().keyStrategy(KeyStrategy.csrWithKey(keyPair))).provision();

        assertThat(device.certificate().getPublicKey()).isEqualTo(keyPair.getPublic());
    }

    @Test
    void provision_whenDeviceAlreadyStored_returnsItWithoutNetwork() {
        DeviceIdentity first = client().provision();
        log.clear();

        DeviceIdentity second = client().provision();

        assertThat(second).isEqualTo(first);
        assertThat(log).isEmpty();
        assertThat(cloud.connections).isEqualTo(1);
    }

    @Test
    void reprovision_whenDeviceAlreadyStored_provisionsANewCertificate() {
        DeviceIdentity first = client().provision();

        DeviceIdentity second = client().reprovision();

        assertThat(second.certificateId()).isNotEqualTo(first.certificateId());
        assertThat(store.device).isEqualTo(second);
    }

    @Test
    void provision_whenPendingTokenStillValid_resumesAtRegisterThing() {
        cloud.registerScript.add(Outcome.REJECT_INVALID);
        assertThatThrownBy(() -> client().provision()).isInstanceOf(ProvisioningRejectedException.class);
        String pendingId = store.pending.certificateId();
        log.clear();
        clock.advance(Duration.ofMinutes(30));

        DeviceIdentity device = client().provision();

        assertThat(device.certificateId()).isEqualTo(pendingId);
        assertThat(log).containsExactly("connect device-1",
                "register $aws/provisioning-templates/FleetTemplate/provision/json", "writeDevice", "deletePending",
                "close");
        assertThat(cloud.createdCertificateIds).hasSize(1);
    }

    @Test
    void provision_whenPendingTokenExpired_recordsAbandonedCertificateAndStartsOver() {
        cloud.registerScript.add(Outcome.REJECT_INVALID);
        assertThatThrownBy(() -> client().provision()).isInstanceOf(ProvisioningRejectedException.class);
        String expiredId = store.pending.certificateId();
        clock.advance(Duration.ofMinutes(61));

        DeviceIdentity device = client().provision();

        assertThat(store.abandoned).containsExactly(expiredId);
        assertThat(device.certificateId()).isNotEqualTo(expiredId);
        assertThat(cloud.createdCertificateIds).hasSize(2);
    }

    @Test
    void provision_whenCreateThrottled_retriesWithBackoffAndSucceeds() {
        cloud.createScript.add(Outcome.THROTTLE);
        cloud.createScript.add(Outcome.THROTTLE);

        DeviceIdentity device = client().provision();

        assertThat(device.thingName()).isEqualTo("thing-123");
        assertThat(sleeps).hasSize(2).allSatisfy(d -> assertThat(d).isBetween(Duration.ZERO, Duration.ofMillis(200)));
        assertThat(cloud.createdCertificateIds).hasSize(1);
    }

    @Test
    void provision_whenRegisterThingRejected_throwsWithServiceErrorCodeWithoutRetry() {
        cloud.registerScript.add(Outcome.REJECT_INVALID);

        assertThatThrownBy(() -> client().provision())
                .isInstanceOfSatisfying(ProvisioningRejectedException.class, e -> {
                    assertThat(e.step()).isEqualTo(ProvisioningStep.REGISTER_THING);
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.errorCode()).isEqualTo("InvalidParameters");
                    assertThat(e.errorMessage()).isEqualTo("Missing parameter SerialNumber");
                    assertThat(e.isRetryable()).isFalse();
                })
                .hasMessageContaining("REGISTER_THING was rejected")
                .hasMessageNotContaining(cloud.tokens.keySet().iterator().next());
        assertThat(sleeps).isEmpty();
        assertThat(store.device).isNull();
        assertThat(store.pending).isNotNull();
    }

    @Test
    void provision_whenRegisterReplyDropped_retriesWithTheSameCertificate() {
        cloud.registerScript.add(Outcome.DROP_REPLY);

        DeviceIdentity device = client().provision();

        assertThat(cloud.createdCertificateIds).containsExactly(device.certificateId());
        assertThat(log).filteredOn(e -> e.startsWith("register")).hasSize(2);
    }

    @Test
    void provision_whenConnectionLostDuringCreate_reconnectsAndRepeatsTheStep() {
        cloud.createScript.add(Outcome.DISCONNECT);

        DeviceIdentity device = client().provision();

        assertThat(cloud.connections).isEqualTo(2);
        assertThat(device.certificateId()).isEqualTo(cloud.createdCertificateIds.get(0));
    }

    @Test
    void provision_whenConnectionLostDuringRegister_reconnectsAndRegistersThePendingCertificate() {
        cloud.registerScript.add(Outcome.DISCONNECT);

        DeviceIdentity device = client().provision();

        assertThat(cloud.connections).isEqualTo(2);
        assertThat(cloud.createdCertificateIds).containsExactly(device.certificateId());
    }

    @Test
    void provision_whenClaimConnectDropsOnce_retriesTheConnection() {
        cloud.connectScript.add(Outcome.DISCONNECT);

        assertThat(client().provision().thingName()).isEqualTo("thing-123");
        assertThat(log).filteredOn(e -> e.startsWith("connect")).hasSize(2);
    }

    @Test
    void provision_whenClaimConnectionRefused_throwsWithoutRetry() {
        cloud.refuseConnect = true;

        assertThatThrownBy(() -> client().provision()).isInstanceOf(ConnectionRefusedException.class)
                .hasMessageContaining("NOT_AUTHORIZED");
        assertThat(sleeps).isEmpty();
        assertThat(store.pending).isNull();
    }

    @Test
    void provision_whenEveryAttemptTimesOut_throwsTimeoutNamingTheStep() {
        for (int i = 0; i < 3; i++) {
            cloud.createScript.add(Outcome.DROP_REPLY);
        }

        assertThatThrownBy(() -> client().provision())
                .isInstanceOfSatisfying(ProvisioningTimeoutException.class,
                        e -> assertThat(e.step()).isEqualTo(ProvisioningStep.CREATE_CERTIFICATE))
                .hasMessageContaining("CREATE_CERTIFICATE got no answer");
        assertThat(sleeps).hasSize(2);
        assertThat(store.pending).isNull();
    }

    @Test
    void provision_whenConnectionKeepsDropping_throwsConnectionLost() {
        for (int i = 0; i < 3; i++) {
            cloud.registerScript.add(Outcome.DISCONNECT);
        }

        assertThatThrownBy(() -> client().provision()).isInstanceOf(ConnectionLostException.class)
                .hasMessageContaining("REGISTER_THING");
        assertThat(store.device).isNull();
    }

    @Test
    void provision_whenPendingWriteFails_neverSendsRegisterThing() {
        store.failPendingWrite = true;

        assertThatThrownBy(() -> client().provision())
                .isInstanceOfSatisfying(IdentityPersistenceException.class,
                        e -> assertThat(e.step()).isEqualTo(ProvisioningStep.PERSIST_PENDING))
                .hasMessageContaining("PERSIST_PENDING failed");
        assertThat(log).noneMatch(e -> e.startsWith("register"));
        assertThat(store.device).isNull();
    }

    @Test
    void provision_whenDeviceWriteFails_keepsPendingSoTheNextRunFinishes() {
        store.failDeviceWrite = true;
        assertThatThrownBy(() -> client().provision()).isInstanceOf(IdentityPersistenceException.class)
                .hasMessageContaining("PERSIST_DEVICE");
        String pendingId = store.pending.certificateId();
        store.failDeviceWrite = false;

        DeviceIdentity device = client().provision();

        assertThat(device.certificateId()).isEqualTo(pendingId);
        assertThat(cloud.createdCertificateIds).hasSize(1);
    }

    @Test
    void provision_whenRegisterReplyLostAndTokenSpent_throwsUnconfirmedAndKeepsTheKey() {
        cloud.consumeTokens = true;
        cloud.registerScript.add(Outcome.DROP_REPLY);

        assertThatThrownBy(() -> client().provision())
                .isInstanceOfSatisfying(RegistrationUnconfirmedException.class,
                        e -> assertThat(e.certificateId()).isEqualTo(cloud.createdCertificateIds.get(0)))
                .hasMessageContaining("completeRegistration");
        assertThat(store.device).isNull();
        assertThat(store.pending.certificateId()).isEqualTo(cloud.createdCertificateIds.get(0));
        assertThat(store.abandoned).isEmpty();

        DeviceIdentity device = client().completeRegistration("thing-123");

        assertThat(device.certificateId()).isEqualTo(cloud.createdCertificateIds.get(0));
        assertThat(store.device).isEqualTo(device);
        assertThat(store.pending).isNull();
    }

    @Test
    void provision_whenResumedTokenRefusedAndCertificateNeverRegistered_startsOverAndRecordsIt() {
        cloud.consumeTokens = true;
        cloud.registerScript.add(Outcome.REJECT_INVALID);
        assertThatThrownBy(() -> client().provision()).isInstanceOf(ProvisioningRejectedException.class);
        String first = store.pending.certificateId();
        cloud.tokens.clear();

        DeviceIdentity device = client().provision();

        assertThat(store.abandoned).containsExactly(first);
        assertThat(device.certificateId()).isNotEqualTo(first);
        assertThat(cloud.createdCertificateIds).hasSize(2);
    }

    @Test
    void completeRegistration_withoutPendingCertificate_namesTheFix() {
        assertThatThrownBy(() -> client().completeRegistration("thing-1"))
                .isInstanceOf(io.github.fleetprov.core.InvalidInputException.class)
                .hasMessageContaining("holds no pending certificate");
    }

    @Test
    void rotate_replacesTheStoredIdentityOnlyAfterTheNewCertificateConnected() {
        DeviceIdentity first = client().provision();
        log.clear();

        DeviceIdentity rotated = client().rotateCertificate();

        assertThat(rotated.thingName()).isEqualTo(first.thingName());
        assertThat(rotated.certificateId()).isNotEqualTo(first.certificateId());
        assertThat(log).containsSubsequence("connect thing-123", "writePending", "register "
                + "$aws/provisioning-templates/FleetTemplate/provision/json", "close", "connect thing-123",
                "writeDevice");
        assertThat(store.abandoned).containsExactly(first.certificateId());
        assertThat(store.device).isEqualTo(rotated);
    }

    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
