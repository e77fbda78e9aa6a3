package io.github.fleetprov.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fleetprov.core.pki.Certificates;
import io.github.fleetprov.core.pki.IssuedCertificate;
import io.github.fleetprov.testkit.event.Event;
import io.github.fleetprov.testkit.event.EventType;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Ownership tokens expire after an hour and take their unregistered certificates with them; claims expire. */
@ExtendWith(LocalIotCoreExtension.class)
class ExpiryTest {

    @Test
    void registerThing_afterTheTokenHour_isRejectedAndTheUnusedCertificateIsDeleted(LocalIotCore iot)
            throws Exception {
        FleetFixture fleet = FleetFixture.create(iot);
        try (Mqtt5TestClient claim = fleet.connectClaim()) {
            RawProvisioning api = new RawProvisioning(claim);
            RawProvisioning.Reply created = api.createFromCsr(RawProvisioning.csrPem());
            String certificateId = created.text("certificateId");
            assertThat(iot.registry().findCertificate(certificateId)).isPresent();
            long mark = iot.events().lastSequence();

            iot.advanceClock(Duration.ofMinutes(61));

            assertThat(iot.registry().findCertificate(certificateId)).isEmpty();
            assertThat(iot.events().since(mark)).filteredOn(e -> e.type() == EventType.EXPIRY)
                    .anySatisfy(e -> {
                        assertThat(e.details()).containsEntry("certificateId", certificateId);
                        assertThat(e.outcome()).isEqualTo("CERTIFICATE_DELETED");
                    });
            RawProvisioning.Reply registered = api.registerThing(fleet.templateName,
                    created.text("certificateOwnershipToken"), Map.of("SerialNumber", fleet.id));
            assertThat(registered.accepted()).isFalse();
            assertThat(registered.body().get("statusCode").asInt()).isEqualTo(400);
            assertThat(registered.text("errorCode")).isEqualTo("InvalidCertificateOwnershipToken");
        }
    }

    @Test
    void registerThing_withoutToken_isRejectedAsAwsDoes(LocalIotCore iot) throws Exception {
        FleetFixture fleet = FleetFixture.create(iot);
        try (Mqtt5TestClient claim = fleet.connectClaim()) {
            RawProvisioning.Reply registered = new RawProvisioning(claim).registerThing(fleet.templateName, null,
                    Map.of("SerialNumber", fleet.id));
            assertThat(registered.text("errorCode")).isEqualTo("InvalidCertificateOwnershipToken");
            assertThat(registered.text("errorMessage")).isEqualTo("Certificate ownership token cannot be empty.");
        }
    }

    @Test
    void connect_withProvisioningClaimAfterFiveMinutes_isRefused(LocalIotCore iot) {
        FleetFixture fleet = FleetFixture.create(iot);
        IssuedCertificate temporary = iot.createProvisioningClaim(fleet.templateName);
        try (Mqtt5TestClient early = Mqtt5TestClient.connect(iot, "claim-" + fleet.id, temporary.certificatePem(),
                temporary.privateKeyPem())) {
            assertThat(early.connected()).isCompleted();
        }
        assertThat(iot.registry().listCertificates()).extracting(c -> c.certificateId())
                .doesNotContain(Certificates.awsCertificateId(temporary.certificate()));
        iot.advanceClock(Duration.ofMinutes(6));
        long mark = iot.events().lastSequence();
        try (Mqtt5TestClient late = Mqtt5TestClient.start(iot, "claim-" + fleet.id, temporary.certificatePem(),
                temporary.privateKeyPem())) {
            assertThat(late.failed()).succeedsWithin(Duration.ofSeconds(30));
        }
        assertThat(iot.events().since(mark)).filteredOn(e -> e.type() == EventType.CONNECT)
                .extracting(Event::message).anySatisfy(m -> assertThat(m).contains("expired"));
    }

    @Test
    void connect_withClaimWhoseExpiryPassed_isRefused(LocalIotCore iot) {
        FleetFixture fleet = FleetFixture.create(iot);
        String id = Certificates.awsCertificateId(fleet.claim.certificate());
        iot.registry().setClaimExpiry(id, iot.clock().instant().minusSeconds(1));
        long mark = iot.events().lastSequence();
        try (Mqtt5TestClient client = Mqtt5TestClient.start(iot, fleet.clientId(), fleet.claim.certificatePem(),
                fleet.claim.privateKeyPem())) {
            assertThat(client.failed()).succeedsWithin(Duration.ofSeconds(30));
        }
        assertThat(iot.events().since(mark)).filteredOn(e -> e.type() == EventType.CONNECT)
                .singleElement().satisfies(e -> {
                    assertThat(e.outcome()).isEqualTo("REFUSED");
                    assertThat(e.message()).contains("expired");
                });
    }
}
