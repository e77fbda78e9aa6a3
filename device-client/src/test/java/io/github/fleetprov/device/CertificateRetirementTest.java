package io.github.fleetprov.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.store.DeviceIdentity;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CertificateStatus;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;

/**
 * Rotation by the device that ends with the old certificate retired: against LocalIotCore with the real
 * device client (aws-crt), the real credentials provider client and the AWS SDK's IotClient, the old
 * certificate is INACTIVE once the new one connects and gone after the grace period (on the emulator's
 * TestClock); a role that does not allow retirement gives a typed error and the new identity works.
 */
class CertificateRetirementTest {

    @TempDir
    Path store;

    private Fleet fleet;
    private DeviceIdentity original;

    @BeforeEach
    void provision() {
        fleet = Fleet.create();
        original = fleet.client(store).build().provision();
    }

    private IotClient admin() {
        return IotClient.builder().region(Region.of(fleet.iot.region())).endpointOverride(fleet.iot.controlPlaneEndpoint())
                .credentialsProvider(Fleet.adminCredentials()).build();
    }

    private CertificateStatus status(IotClient iot, String certificateId) {
        return iot.describeCertificate(r -> r.certificateId(certificateId)).certificateDescription().status();
    }

    private static void assertConnects(Fleet fleet, DeviceIdentity device) {
        try (DeviceConnection connection = DeviceConnection.builder(device)
                .certificateAuthorityPem(fleet.iot.caCertificatePem()).connectTimeout(Duration.ofSeconds(20))
                .connect()) {
            assertThat(connection.isConnected()).isTrue();
        }
    }

    @Test
    void rotate_makesTheOldCertificateInactive_andDeletesItAfterTheGracePeriod() {
        String alias = fleet.createRoleAlias(Fleet.RETIREMENT_POLICY);
        FleetProvisioningClient client = fleet.client(store)
                .retirement(fleet.retirement(alias).gracePeriod(Duration.ofHours(1)).build()).build();

        DeviceIdentity rotated = client.rotateCertificate();

        assertThat(rotated.certificateId()).isNotEqualTo(original.certificateId());
        assertConnects(fleet, rotated);
        try (IotClient iot = admin()) {
            assertThat(status(iot, original.certificateId())).isEqualTo(CertificateStatus.INACTIVE);
            assertThat(status(iot, rotated.certificateId())).isEqualTo(CertificateStatus.ACTIVE);
            assertThat(client.retiringCertificates()).singleElement().satisfies(e -> {
                assertThat(e.certificateId()).isEqualTo(original.certificateId());
                assertThat(e.stage()).isEqualTo(RetirementStage.INACTIVE);
                assertThat(e.deactivated()).isPresent();
            });

            fleet.iot.advanceClock(Duration.ofMinutes(59));
            assertThat(client.retireReplacedCertificates()).singleElement()
                    .satisfies(e -> assertThat(e.stage()).isEqualTo(RetirementStage.INACTIVE));
            assertThat(status(iot, original.certificateId())).isEqualTo(CertificateStatus.INACTIVE);

            fleet.iot.advanceClock(Duration.ofMinutes(1));
            assertThat(client.retireReplacedCertificates()).isEmpty();

            assertThatThrownBy(() -> status(iot, original.certificateId()))
                    .isInstanceOf(ResourceNotFoundException.class);
            assertThat(iot.listThingPrincipals(r -> r.thingName(rotated.thingName())).principals())
                    .singleElement().satisfies(arn -> assertThat(arn).endsWith("cert/" + rotated.certificateId()));
        }
        assertThat(client.retiringCertificates()).isEmpty();
        assertConnects(fleet, rotated);
    }

    @Test
    void rotate_withNoGracePeriod_deletesTheOldCertificateAtOnce() {
        String alias = fleet.createRoleAlias(Fleet.RETIREMENT_POLICY);
        FleetProvisioningClient client = fleet.client(store)
                .retirement(fleet.retirement(alias).gracePeriod(Duration.ZERO).build()).build();

        DeviceIdentity rotated = client.rotateCertificate();

        assertThat(fleet.iot.registry().findCertificate(original.certificateId())).isEmpty();
        assertThat(fleet.thingCertificates()).singleElement()
                .satisfies(c -> assertThat(c.certificateId()).isEqualTo(rotated.certificateId()));
        assertThat(client.retiringCertificates()).isEmpty();
    }

    @Test
    void rotate_whenTheRoleDoesNotAllowRetirement_throwsATypedError_andTheNewIdentityWorks() {
        String alias = fleet.createRoleAlias(null);
        FleetProvisioningClient client = fleet.client(store)
                .retirement(fleet.retirement(alias).gracePeriod(Duration.ZERO).build()).build();

        assertThatThrownBy(client::rotateCertificate)
                .isInstanceOfSatisfying(RetirementNotAllowedException.class, e -> {
                    assertThat(e.certificateId()).isEqualTo(original.certificateId());
                    assertThat(e.action()).isEqualTo("iot:UpdateCertificate");
                    assertThat(e.errorCode()).isEqualTo("AccessDeniedException");
                })
                .hasMessageContaining("role alias '" + alias + "'")
                .hasMessageContaining("The new certificate is stored and in use");

        DeviceIdentity stored = client.storedDevice().orElseThrow();
        assertThat(stored.certificateId()).isNotEqualTo(original.certificateId());
        assertConnects(fleet, stored);
        try (IotClient iot = admin()) {
            assertThat(status(iot, original.certificateId())).isEqualTo(CertificateStatus.ACTIVE);
        }
        assertThat(client.retiringCertificates()).singleElement().satisfies(e -> {
            assertThat(e.certificateId()).isEqualTo(original.certificateId());
            assertThat(e.stage()).isEqualTo(RetirementStage.REPLACED);
        });

        fleet.putRolePolicy(Fleet.RETIREMENT_POLICY);

        assertThat(client.retireReplacedCertificates()).isEmpty();
        assertThat(fleet.iot.registry().findCertificate(original.certificateId())).isEmpty();
    }

    @Test
    void rotate_whenTheRoleAllowsOnlyDeactivation_stopsAtDetachWithATypedError() {
        String alias = fleet.createRoleAlias("{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\","
                + "\"Action\":[\"iot:UpdateCertificate\",\"iot:DescribeCertificate\"],\"Resource\":\"*\"}}");
        FleetProvisioningClient client = fleet.client(store)
                .retirement(fleet.retirement(alias).gracePeriod(Duration.ZERO).build()).build();

        assertThatThrownBy(client::rotateCertificate)
                .isInstanceOfSatisfying(RetirementNotAllowedException.class,
                        e -> assertThat(e.action()).isEqualTo("iot:DetachThingPrincipal"));

        assertThat(fleet.iot.registry().findCertificate(original.certificateId())).hasValueSatisfying(c ->
                assertThat(c.status()).isEqualTo(io.github.fleetprov.testkit.registry.CertificateStatus.INACTIVE));
        assertThat(client.retiringCertificates()).singleElement()
                .satisfies(e -> assertThat(e.stage()).isEqualTo(RetirementStage.INACTIVE));
    }

    @Test
    void retireReplacedCertificates_withoutRetirementSettings_isRefusedNamingTheSetting() {
        assertThatThrownBy(() -> fleet.client(store).build().retireReplacedCertificates())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("retirement");
    }

    @Test
    void retirementSettings_withBadValues_areRefusedNamingTheField() {
        assertThatThrownBy(() -> CertificateRetirement.builder().credentialsEndpoint("x").region("eu-west-1").build())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("roleAlias");
        assertThatThrownBy(() -> CertificateRetirement.builder().roleAlias("a").credentialsEndpoint("x")
                .region("Europe").build()).isInstanceOf(InvalidInputException.class).hasMessageContaining("region");
        assertThatThrownBy(() -> CertificateRetirement.builder().roleAlias("a").credentialsEndpoint("x")
                .region("eu-west-1").gracePeriod(Duration.ofSeconds(-1)).build())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("gracePeriod");
        CertificateRetirement ok = CertificateRetirement.builder().roleAlias("a").credentialsEndpoint("x")
                .region("eu-west-1").build();
        assertThat(ok.gracePeriod()).isEqualTo(CertificateRetirement.DEFAULT_GRACE_PERIOD);
        assertThat(ok.toBuilder().build()).isEqualTo(ok).hasSameHashCodeAs(ok);
    }
}
