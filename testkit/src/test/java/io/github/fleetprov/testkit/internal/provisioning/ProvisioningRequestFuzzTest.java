package io.github.fleetprov.testkit.internal.provisioning;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.github.fleetprov.core.pki.CertificateAuthority;
import io.github.fleetprov.core.pki.IssuedCertificate;
import io.github.fleetprov.core.pki.KeyAlgorithm;
import io.github.fleetprov.core.pki.Subject;
import io.github.fleetprov.testkit.event.EventLog;
import io.github.fleetprov.testkit.fault.Faults;
import io.github.fleetprov.core.testing.FuzzGuard;
import io.github.fleetprov.testkit.internal.broker.Connection;
import io.github.fleetprov.testkit.internal.broker.MqttOutbound;
import io.github.fleetprov.testkit.registry.CertificateRegistration;
import io.github.fleetprov.testkit.registry.CertificateStatus;
import io.github.fleetprov.testkit.registry.IotRegistry;
import io.github.fleetprov.testkit.registry.ProvisioningTemplateSpec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes the emulator's fleet provisioning MQTT API with request payloads (JSON and CBOR) for
 * CreateKeysAndCertificate, CreateCertificateFromCsr and RegisterThing, as a device would publish them.
 *
 * <p>The first byte picks the encoding (bit 0) and the operation (bits 1-2: CreateKeysAndCertificate,
 * CreateCertificateFromCsr, RegisterThing with an existing template, RegisterThing with an unknown
 * one); the rest is the payload, in which the text {@code $TOKEN} stands for a fresh, valid certificate
 * ownership token. Property: every request is answered on its {@code /accepted} or {@code /rejected}
 * topic, and no rejection is a 500 (the emulator's answer to an unexpected exception), within
 * {@link FuzzGuard}'s bound. Regression inputs:
 * {@code src/test/resources/io/github/fleetprov/testkit/internal/provisioning/ProvisioningRequestFuzzTestInputs/provisioningRequest/}.
 */
class ProvisioningRequestFuzzTest {

    private static final String TEMPLATE = "FuzzTemplate";
    private static final String TEMPLATE_BODY = "{\"Parameters\":{\"SerialNumber\":{\"Type\":\"String\"},"
            + "\"AWS::IoT::Certificate::Id\":{\"Type\":\"String\"}},"
            + "\"Resources\":{\"thing\":{\"Type\":\"AWS::IoT::Thing\",\"Properties\":{\"ThingName\":"
            + "{\"Fn::Join\":[\"\",[\"fuzz-\",{\"Ref\":\"SerialNumber\"}]]},\"AttributePayload\":{\"serial\":"
            + "{\"Ref\":\"SerialNumber\"}}}},\"certificate\":{\"Type\":\"AWS::IoT::Certificate\",\"Properties\":"
            + "{\"CertificateId\":{\"Ref\":\"AWS::IoT::Certificate::Id\"},\"Status\":\"ACTIVE\"}}},"
            + "\"DeviceConfiguration\":{\"Serial\":{\"Ref\":\"SerialNumber\"}}}";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper CBOR = new CBORMapper();

    private static final BlockingQueue<Reply> REPLIES = new LinkedBlockingQueue<>();
    private static FleetProvisioningService service;
    private static Connection claim;

    private record Reply(String topic, byte[] payload) {
    }

    @BeforeAll
    static void start() throws InterruptedException {
        Clock clock = Clock.systemUTC();
        IotRegistry registry = IotRegistry.inMemory("aws", "us-east-1", "123456789012", clock, EventLog.create(clock));
        CertificateAuthority ca = CertificateAuthority.create("fuzz CA");
        service = new FleetProvisioningService(registry, ca, Faults.create(registry.events()),
                new FleetProvisioningService.Settings(KeyAlgorithm.EC_P256, Duration.ofDays(1), Duration.ofSeconds(5)));
        service.bind(new MqttOutbound() {
            @Override
            public CompletableFuture<Delivery> publishToClient(String clientId, String topic, byte[] payload) {
                REPLIES.add(new Reply(topic, payload));
                return CompletableFuture.completedFuture(Delivery.DELIVERED);
            }

            @Override
            public CompletableFuture<Boolean> disconnect(String clientId) {
                return CompletableFuture.completedFuture(true);
            }
        });
        registry.createProvisioningTemplate(ProvisioningTemplateSpec.builder().templateName(TEMPLATE)
                .templateBody(TEMPLATE_BODY).enabled(true)
                .provisioningRoleArn("arn:aws:iam::123456789012:role/FleetProvisioningRole").build());
        IssuedCertificate claimCertificate = ca.issueWithKey(Subject.ofCommonName("claim"), KeyAlgorithm.EC_P256,
                Duration.ofDays(1));
        String claimId = registry.registerCertificate(CertificateRegistration.builder(claimCertificate.certificatePem())
                .status(CertificateStatus.ACTIVE).build()).certificateId();
        claim = new Connection("fuzz-device", claimId, claimCertificate.certificate(), "127.0.0.1", true);
        request("$aws/certificates/create/json", new byte[0]);
    }

    @AfterAll
    static void stop() {
        FuzzGuard.report(ProvisioningRequestFuzzTest.class);
        service.close();
    }

    /** Publishes one request and waits for its answer. */
    private static Reply request(String topic, byte[] payload) throws InterruptedException {
        REPLIES.clear();
        service.submit(claim, topic, payload);
        Reply reply = REPLIES.poll(FuzzGuard.HANG_BOUND_SECONDS, TimeUnit.SECONDS);
        if (reply == null) {
            throw new AssertionError("no answer to a request on " + topic);
        }
        return reply;
    }

    private static String freshToken(boolean cbor) throws Exception {
        Reply created = request("$aws/certificates/create/" + (cbor ? "cbor" : "json"), new byte[0]);
        return (cbor ? CBOR : JSON).readTree(created.payload()).path("certificateOwnershipToken").asText();
    }

    @FuzzTest(maxDuration = "10s")
    void provisioningRequest(byte[] data) {
        FuzzGuard.input();
        int variant = data.length == 0 ? 0 : data[0] & 0xff;
        boolean cbor = (variant & 1) != 0;
        String format = cbor ? "cbor" : "json";
        String topic = switch ((variant >> 1) & 3) {
            case 0 -> "$aws/certificates/create/" + format;
            case 1 -> "$aws/certificates/create-from-csr/" + format;
            case 2 -> "$aws/provisioning-templates/" + TEMPLATE + "/provision/" + format;
            default -> "$aws/provisioning-templates/Missing/provision/" + format;
        };
        byte[] raw = data.length == 0 ? data : Arrays.copyOfRange(data, 1, data.length);
        Reply reply = FuzzGuard.check(NoException.class, () -> {
            byte[] payload = withToken(raw, cbor);
            return request(topic, payload);
        });
        if (reply.topic().endsWith("/rejected")) {
            JsonNode rejection = FuzzGuard.check(NoException.class, () -> (cbor ? CBOR : JSON).readTree(reply.payload()));
            int status = rejection.path("statusCode").asInt();
            if (status == 500 || status == 0) {
                throw new AssertionError("the emulator failed on a request to " + topic + ": " + rejection);
            }
        } else if (!reply.topic().equals(topic + "/accepted")) {
            throw new AssertionError("an answer on " + reply.topic() + " to a request on " + topic);
        }
    }

    /** Replaces the text {@code $TOKEN} (UTF-8, in JSON or in a CBOR text string of that length) by a fresh token. */
    private static byte[] withToken(byte[] raw, boolean cbor) throws Exception {
        byte[] marker = "$TOKEN".getBytes(StandardCharsets.UTF_8);
        int at = indexOf(raw, marker);
        if (at < 0) {
            return raw;
        }
        byte[] token = freshToken(cbor).getBytes(StandardCharsets.UTF_8);
        if (cbor) {
            if (at == 0 || raw[at - 1] != (byte) (0x60 | marker.length)) {
                return raw;
            }
            byte[] head = token.length < 256 ? new byte[] {0x78, (byte) token.length}
                    : new byte[] {0x79, (byte) (token.length >> 8), (byte) token.length};
            return concat(Arrays.copyOf(raw, at - 1), head, token, Arrays.copyOfRange(raw, at + marker.length, raw.length));
        }
        return concat(Arrays.copyOf(raw, at), token, Arrays.copyOfRange(raw, at + marker.length, raw.length));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** No exception is acceptable. */
    private static final class NoException extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }
}
