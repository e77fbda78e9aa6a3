package io.github.fleetprov.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.fleetprov.core.pki.CertificateSigningRequest;
import io.github.fleetprov.core.pki.IssuedCertificate;
import io.github.fleetprov.core.pki.KeyPairs;
import io.github.fleetprov.core.pki.Pem;
import io.github.fleetprov.core.pki.Subject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.crt.mqtt5.Mqtt5ClientOptions.ExtendedValidationAndFlowControlOptions;
import software.amazon.awssdk.crt.mqtt5.QOS;
import software.amazon.awssdk.crt.mqtt5.packets.PublishPacket;

/**
 * The fleet provisioning API gives each client a bounded share: a client that floods it with
 * CreateKeysAndCertificate requests is answered 429 {@code Throttling} past its share, while another
 * client's requests, sent during the flood, are all served.
 */
@ExtendWith(LocalIotCoreExtension.class)
class FairThrottlingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CREATE = "$aws/certificates/create/json";
    private static final String CSR = "$aws/certificates/create-from-csr/json";
    private static final String ALLOW_ALL = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":\"iot:*\",\"Resource\":\"*\"}]}";
    private static final int FLOOD = 300;
    private static final int QUIET = 5;

    @Test
    void aFloodingClientIsThrottled_andAQuietClientIsServedInFull(LocalIotCore iot) throws Exception {
        String policy = "fair-" + UUID.randomUUID().toString().substring(0, 8);
        iot.registry().createPolicy(policy, ALLOW_ALL);
        IssuedCertificate claim = iot.createClaimCertificate(policy);
        String key = Pem.privateKeyToPem(claim.keyPair().getPrivate());
        try (Mqtt5TestClient flooder = client(iot, "flood-" + UUID.randomUUID(), claim, key);
                Mqtt5TestClient quiet = client(iot, "quiet-" + UUID.randomUUID(), claim, key)) {
            flooder.subscribe(CREATE + "/accepted");
            flooder.subscribe(CREATE + "/rejected");
            quiet.subscribe(CSR + "/accepted");
            quiet.subscribe(CSR + "/rejected");

            byte[] empty = "{}".getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < FLOOD; i++) {
                flooder.client().publish(new PublishPacket.PublishPacketBuilder(CREATE, QOS.AT_MOST_ONCE, empty).build());
            }
            for (int i = 0; i < QUIET; i++) {
                byte[] request = JSON.writeValueAsBytes(JSON.createObjectNode().put("certificateSigningRequest",
                        CertificateSigningRequest.create(KeyPairs.generate(), Subject.ofCommonName("quiet")).toPem()));
                quiet.client().publish(new PublishPacket.PublishPacketBuilder(CSR, QOS.AT_LEAST_ONCE, request).build())
                        .get(30, TimeUnit.SECONDS);
                awaitReplies(quiet, CSR, i + 1);
            }

            awaitReplies(flooder, CREATE, FLOOD);
            List<JsonNode> floodRejections = payloads(flooder, CREATE + "/rejected");
            assertThat(floodRejections).isNotEmpty().allSatisfy(r -> {
                assertThat(r.path("statusCode").asInt()).isEqualTo(429);
                assertThat(r.path("errorCode").asText()).isEqualTo("Throttling");
            });
            assertThat(payloads(flooder, CREATE + "/accepted")).hasSize(FLOOD - floodRejections.size());

            assertThat(payloads(quiet, CSR + "/rejected")).isEmpty();
            assertThat(payloads(quiet, CSR + "/accepted")).hasSize(QUIET)
                    .allSatisfy(r -> assertThat(r.path("certificatePem").asText()).startsWith("-----BEGIN CERTIFICATE"));
        }
    }

    private static Mqtt5TestClient client(LocalIotCore iot, String clientId, IssuedCertificate claim, String key) {
        return Mqtt5TestClient.connect(iot, clientId, claim.certificatePem(), key,
                b -> b.withExtendedValidationAndFlowControlOptions(ExtendedValidationAndFlowControlOptions.NONE));
    }

    /** Waits until a client has received {@code n} replies (accepted or rejected) to an operation. */
    private static void awaitReplies(Mqtt5TestClient client, String operation, int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (replies(client, operation) < n && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(replies(client, operation)).as("replies to %s", operation).isEqualTo(n);
    }

    private static long replies(Mqtt5TestClient client, String operation) {
        return client.received().stream().filter(r -> r.topic().startsWith(operation + "/")).count();
    }

    private static List<JsonNode> payloads(Mqtt5TestClient client, String topic) {
        return client.received().stream().filter(r -> r.topic().equals(topic)).map(r -> {
            try {
                return JSON.readTree(r.bytes());
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }
}
