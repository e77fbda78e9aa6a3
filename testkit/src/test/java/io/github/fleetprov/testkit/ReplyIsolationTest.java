package io.github.fleetprov.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fleetprov.core.pki.IssuedCertificate;
import io.github.fleetprov.testkit.event.EventType;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Replies go to the requesting client only: another device subscribed to the same reply topics (or
 * to the request topics) never sees someone else's private key, certificate or ownership token.
 */
@ExtendWith(LocalIotCoreExtension.class)
class ReplyIsolationTest {

    @Test
    void replies_areDeliveredOnlyToTheRequester_evenWhenAnotherClientSubscribesToEverything(LocalIotCore iot)
            throws Exception {
        FleetFixture fleet = FleetFixture.create(iot);
        String policy = "eavesdropper-" + fleet.id;
        iot.registry().createPolicy(policy, "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Action\":\"iot:*\",\"Resource\":\"*\"}]}");
        IssuedCertificate other = iot.createClaimCertificate(policy);
        try (Mqtt5TestClient eavesdropper = Mqtt5TestClient.connect(iot, "spy-" + fleet.id, other.certificatePem(),
                other.privateKeyPem());
                Mqtt5TestClient claim = fleet.connectClaim()) {
            eavesdropper.subscribe("$aws/certificates/#");
            eavesdropper.subscribe("$aws/provisioning-templates/#");
            eavesdropper.subscribe(RawProvisioning.KEYS_TOPIC + "/accepted");
            RawProvisioning api = new RawProvisioning(claim);

            RawProvisioning.Reply keys = api.call(RawProvisioning.KEYS_TOPIC, "{}", Duration.ofSeconds(30));
            RawProvisioning.Reply registered = api.registerThing(fleet.templateName,
                    keys.text("certificateOwnershipToken"), Map.of("SerialNumber", fleet.id, "DeviceLocation", "Seattle"));

            assertThat(keys.accepted()).isTrue();
            assertThat(keys.text("privateKey")).contains("PRIVATE KEY");
            assertThat(registered.accepted()).isTrue();
            assertThat(iot.events().await(e -> e.type() == EventType.REPLY
                    && e.clientId().orElse("").equals(fleet.clientId())
                    && e.operation().equals("RegisterThing"), Duration.ofSeconds(10))).isPresent();
            assertThat(eavesdropper.received()).isEmpty();
        }
    }

    @Test
    void events_neverContainPrivateKeysOrOwnershipTokens(LocalIotCore iot) throws Exception {
        FleetFixture fleet = FleetFixture.create(iot);
        long mark = iot.events().lastSequence();
        RawProvisioning.Reply keys;
        try (Mqtt5TestClient claim = fleet.connectClaim()) {
            keys = new RawProvisioning(claim).call(RawProvisioning.KEYS_TOPIC, "{}", Duration.ofSeconds(30));
        }
        String token = keys.text("certificateOwnershipToken");
        assertThat(iot.events().since(mark)).isNotEmpty().allSatisfy(e -> {
            assertThat(e.toString()).doesNotContain(token).doesNotContain("PRIVATE KEY");
        });
    }
}
