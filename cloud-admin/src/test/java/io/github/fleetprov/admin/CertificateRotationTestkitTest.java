package io.github.fleetprov.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.pki.IssuedCertificate;
import io.github.fleetprov.testkit.LocalIotCore;
import io.github.fleetprov.testkit.fault.FaultRule;
import io.github.fleetprov.testkit.registry.CertificateStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iot.IotClient;

/**
 * {@link CertificateRotation} against the testkit's control plane: finding expiring certificates, and
 * retiring an old certificate step by step (INACTIVE, then after the grace period detached and deleted),
 * with a failure at each step leaving a working certificate and the next call finishing the job.
 */
class CertificateRotationTestkitTest {

    private static final Duration GRACE = Duration.ofDays(7);

    private final LocalIotCore core = LocalIotCore.shared();
    private IotClient iot;
    private String thing;
    private IssuedCertificate oldCert;
    private IssuedCertificate newCert;

    @BeforeEach
    void device() {
        iot = AwsStubs.iot(core.controlPlaneEndpoint());
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        thing = "rot-" + id;
        String policy = "rot-policy-" + id;
        core.registry().createPolicy(policy, "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Action\":\"iot:Connect\",\"Resource\":\"arn:aws:iot:*:*:client/" + thing + "\"}]}");
        oldCert = core.createDeviceCertificate(thing, policy);
        newCert = core.createDeviceCertificate(thing, policy);
    }

    @AfterEach
    void close() {
        iot.close();
    }

    private CertificateRotation rotation(Duration later) {
        return CertificateRotation.create(iot, Clock.offset(core.clock(), later));
    }

    private CertificateStatus status(IssuedCertificate cert) {
        return core.registry().findCertificate(cert.certificateId()).orElseThrow().status();
    }

    @Test
    void expiringWithin_findsActiveCertificatesInsideTheWindowWithTheirThings() {
        Duration untilExpiry = Duration.between(core.clock().instant(), oldCert.certificate().getNotAfter().toInstant());

        var soon = CertificateRotation.create(iot, core.clock()).expiringWithin(untilExpiry.plusDays(1));
        var notYet = CertificateRotation.create(iot, core.clock()).expiringWithin(untilExpiry.minusDays(1));

        assertThat(soon).filteredOn(c -> c.certificateId().equals(oldCert.certificateId())).singleElement()
                .satisfies(c -> {
                    assertThat(c.thingNames()).containsExactly(thing);
                    assertThat(c.notAfter()).isEqualTo(oldCert.certificate().getNotAfter().toInstant());
                });
        assertThat(notYet).noneMatch(c -> c.certificateId().equals(oldCert.certificateId()));
    }

    @Test
    void retire_deactivatesFirst_thenDeletesAfterTheGracePeriod_andIsIdempotent() {
        RetirementReport first = rotation(Duration.ZERO).retire(oldCert.certificateId(), newCert.certificateId(), GRACE);

        assertThat(first.state()).isEqualTo(RetirementReport.State.INACTIVE_IN_GRACE_PERIOD);
        assertThat(first.deleteAfter()).isPresent();
        assertThat(first.actions()).singleElement().asString().startsWith("UpdateCertificate");
        assertThat(status(oldCert)).isEqualTo(CertificateStatus.INACTIVE);
        assertThat(status(newCert)).isEqualTo(CertificateStatus.ACTIVE);

        RetirementReport again = rotation(Duration.ofDays(1)).retire(oldCert.certificateId(), newCert.certificateId(),
                GRACE);
        assertThat(again.state()).isEqualTo(RetirementReport.State.INACTIVE_IN_GRACE_PERIOD);
        assertThat(again.actions()).isEmpty();

        RetirementReport done = rotation(GRACE.plusDays(1)).retire(oldCert.certificateId(), newCert.certificateId(),
                GRACE);
        assertThat(done.state()).isEqualTo(RetirementReport.State.DELETED);
        assertThat(core.registry().findCertificate(oldCert.certificateId())).isEmpty();
        assertThat(core.registry().listThingPrincipals(thing)).containsExactly(
                core.registry().findCertificate(newCert.certificateId()).orElseThrow().certificateArn());

        RetirementReport after = rotation(GRACE.plusDays(2)).retire(oldCert.certificateId(), newCert.certificateId(),
                GRACE);
        assertThat(after.state()).isEqualTo(RetirementReport.State.DELETED);
        assertThat(after.actions()).isEmpty();
    }

    @Test
    void retire_whenDeactivationFails_leavesBothActive_andTheNextCallFinishes() {
        FaultRule rule = core.faults().on("UpdateCertificate").times(1)
                .reject("InvalidRequestException", 400, "injected");
        try {
            assertThatThrownBy(() -> rotation(Duration.ZERO).retire(oldCert.certificateId(), newCert.certificateId(),
                    Duration.ZERO)).isInstanceOf(AwsCallException.class).hasMessageContaining("UpdateCertificate");
        } finally {
            rule.remove();
        }
        assertThat(status(oldCert)).isEqualTo(CertificateStatus.ACTIVE);
        assertThat(status(newCert)).isEqualTo(CertificateStatus.ACTIVE);

        assertThat(rotation(Duration.ofSeconds(1)).retire(oldCert.certificateId(), newCert.certificateId(),
                Duration.ZERO).state()).isEqualTo(RetirementReport.State.DELETED);
        assertThat(status(newCert)).isEqualTo(CertificateStatus.ACTIVE);
    }

    @Test
    void retire_whenDeletionFails_leavesTheNewCertificateActive_andTheNextCallFinishes() {
        rotation(Duration.ZERO).retire(oldCert.certificateId(), newCert.certificateId(), GRACE);
        FaultRule rule = core.faults().on("DeleteCertificate").times(1)
                .reject("InvalidRequestException", 400, "injected");
        try {
            assertThatThrownBy(() -> rotation(GRACE.plusDays(1)).retire(oldCert.certificateId(),
                    newCert.certificateId(), GRACE)).isInstanceOf(AwsCallException.class);
        } finally {
            rule.remove();
        }
        assertThat(status(newCert)).isEqualTo(CertificateStatus.ACTIVE);
        assertThat(status(oldCert)).isEqualTo(CertificateStatus.INACTIVE);

        assertThat(rotation(GRACE.plusDays(1)).retire(oldCert.certificateId(), newCert.certificateId(), GRACE).state())
                .isEqualTo(RetirementReport.State.DELETED);
        assertThat(core.registry().findCertificate(oldCert.certificateId())).isEmpty();
    }

    @Test
    void retire_refusesANewCertificateThatIsInactiveOrNotAttached_andChangesNothing() {
        core.registry().updateCertificateStatus(newCert.certificateId(), CertificateStatus.INACTIVE);
        assertThatThrownBy(() -> rotation(Duration.ZERO).retire(oldCert.certificateId(), newCert.certificateId(), GRACE))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("newCertificateId")
                .hasMessageContaining("not ACTIVE");

        core.registry().updateCertificateStatus(newCert.certificateId(), CertificateStatus.ACTIVE);
        core.registry().detachThingPrincipal(thing,
                core.registry().findCertificate(newCert.certificateId()).orElseThrow().certificateArn());
        assertThatThrownBy(() -> rotation(Duration.ZERO).retire(oldCert.certificateId(), newCert.certificateId(), GRACE))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not attached to thing(s) [" + thing);
        assertThat(status(oldCert)).isEqualTo(CertificateStatus.ACTIVE);
    }

    @Test
    void badInput_namesTheFieldAndTheFix() {
        CertificateRotation rotation = rotation(Duration.ZERO);
        assertThatThrownBy(() -> rotation.retire("abc", newCert.certificateId(), GRACE))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("oldCertificateId")
                .hasMessageContaining("64 lowercase hex digits");
        assertThatThrownBy(() -> rotation.retire(oldCert.certificateId(), oldCert.certificateId(), GRACE))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("newCertificateId");
        assertThatThrownBy(() -> rotation.retire(oldCert.certificateId(), newCert.certificateId(), Duration.ofDays(-1)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("gracePeriod");
        assertThatThrownBy(() -> rotation.retire(oldCert.certificateId(), "f".repeat(64), GRACE))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("names no certificate");
        assertThatThrownBy(() -> rotation.expiringWithin(Duration.ZERO))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("window");
        assertThat(status(oldCert)).isEqualTo(CertificateStatus.ACTIVE);
    }
}
