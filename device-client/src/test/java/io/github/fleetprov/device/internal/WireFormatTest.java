package io.github.fleetprov.device.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.github.fleetprov.core.FleetProvisioningException;
import io.github.fleetprov.core.mqtt.MqttTopicFilter;
import io.github.fleetprov.device.ProvisioningRejectedException;
import io.github.fleetprov.device.ProvisioningStep;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The payloads of the fleet provisioning MQTT API, with AWS's documented examples. */
class WireFormatTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void createCertificateFromCsrRequest_holdsTheCsrUnderItsDocumentedName() {
        String json = new String(WireFormat.JSON.createCertificateFromCsrRequest("-----BEGIN CERTIFICATE REQUEST-----\nMII\n"
                + "-----END CERTIFICATE REQUEST-----\n"), StandardCharsets.UTF_8);

        assertThat(json).isEqualTo("{\"certificateSigningRequest\":\"-----BEGIN CERTIFICATE REQUEST-----\\nMII\\n"
                + "-----END CERTIFICATE REQUEST-----\\n\"}");
    }

    @Test
    void createKeysAndCertificateRequest_isAnEmptyObject() {
        assertThat(new String(WireFormat.JSON.createKeysAndCertificateRequest(), StandardCharsets.UTF_8)).isEqualTo("{}");
    }

    @Test
    void registerThingRequest_holdsTokenAndParameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("SerialNumber", "1");
        parameters.put("DeviceLocation", "Seattle");

        String json = new String(WireFormat.JSON.registerThingRequest("tok", parameters), StandardCharsets.UTF_8);

        assertThat(json).isEqualTo("{\"certificateOwnershipToken\":\"tok\",\"parameters\":"
                + "{\"SerialNumber\":\"1\",\"DeviceLocation\":\"Seattle\"}}");
    }

    @Test
    void readCreatedCertificate_readsTheDocumentedAcceptedPayload() {
        WireFormat.CreatedCertificate created = WireFormat.JSON.readCreatedCertificate(utf8("{\"certificateOwnershipToken\":"
                + "\"string\",\"certificateId\":\"abc\",\"certificatePem\":\"PEM\"}"), false);

        assertThat(created.certificateId()).isEqualTo("abc");
        assertThat(created.certificatePem()).isEqualTo("PEM");
        assertThat(created.ownershipToken()).isEqualTo("string");
        assertThat(created.privateKeyPem()).isNull();
        assertThat(created.toString()).doesNotContain("string");
    }

    @Test
    void readCreatedCertificate_forCreateKeys_requiresThePrivateKey() {
        assertThatThrownBy(() -> WireFormat.JSON.readCreatedCertificate(utf8("{\"certificateOwnershipToken\":\"t\","
                + "\"certificateId\":\"abc\",\"certificatePem\":\"PEM\"}"), true))
                .isInstanceOf(FleetProvisioningException.class)
                .hasMessageContaining("'privateKey'");
    }

    @Test
    void readCreatedCertificate_whenNotJson_throwsWithoutEchoingThePayload() {
        assertThatThrownBy(() -> WireFormat.JSON.readCreatedCertificate(utf8("not json SECRET"), false))
                .isInstanceOf(FleetProvisioningException.class)
                .hasMessageContaining("not valid JSON")
                .hasMessageNotContaining("SECRET");
    }

    @Test
    void readRegisteredThing_readsThingNameAndDeviceConfiguration() {
        WireFormat.RegisteredThing thing = WireFormat.JSON.readRegisteredThing(utf8("{\"deviceConfiguration\":"
                + "{\"FallbackUrl\":\"https://www.example.com/test-site\",\"LocationUrl\":\"https://example.aws\"},"
                + "\"thingName\":\"ThingPrefix_1\"}"));

        assertThat(thing.thingName()).isEqualTo("ThingPrefix_1");
        assertThat(thing.deviceConfiguration()).containsOnly(
                Map.entry("FallbackUrl", "https://www.example.com/test-site"),
                Map.entry("LocationUrl", "https://example.aws"));
    }

    @Test
    void readRegisteredThing_withoutDeviceConfiguration_returnsEmptyMap() {
        assertThat(WireFormat.JSON.readRegisteredThing(utf8("{\"thingName\":\"t\"}")).deviceConfiguration()).isEmpty();
    }

    @Test
    void readRejection_readsStatusCodeErrorCodeAndMessage() {
        ProvisioningRejectedException e = WireFormat.JSON.readRejection(utf8("{\"statusCode\":400,\"errorCode\":"
                + "\"InvalidParameters\",\"errorMessage\":\"Missing SerialNumber\"}"), ProvisioningStep.REGISTER_THING);

        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.errorCode()).isEqualTo("InvalidParameters");
        assertThat(e.errorMessage()).isEqualTo("Missing SerialNumber");
        assertThat(e.step()).isEqualTo(ProvisioningStep.REGISTER_THING);
        assertThat(e.isRetryable()).isFalse();
    }

    @Test
    void readRejection_throttlingAndServerErrors_areRetryable() {
        assertThat(WireFormat.JSON.readRejection(utf8("{\"statusCode\":429,\"errorCode\":\"Throttling\"}"),
                ProvisioningStep.CREATE_CERTIFICATE).isRetryable()).isTrue();
        assertThat(WireFormat.JSON.readRejection(utf8("{\"statusCode\":500,\"errorCode\":\"InternalFailure\"}"),
                ProvisioningStep.CREATE_CERTIFICATE).isRetryable()).isTrue();
        assertThat(WireFormat.JSON.readRejection(utf8("{\"statusCode\":400,\"errorCode\":\"ThrottlingException\"}"),
                ProvisioningStep.CREATE_CERTIFICATE).isRetryable()).isTrue();
    }

    @Test
    void readRejection_whenPayloadIsNotJson_stillReturnsATypedRejection() {
        ProvisioningRejectedException e = WireFormat.JSON.readRejection(utf8("oops"), ProvisioningStep.CREATE_CERTIFICATE);

        assertThat(e.statusCode()).isZero();
        assertThat(e.errorMessage()).contains("not a JSON object");
    }

    @Test
    void replyRouter_dropsRepliesNobodyWaitsFor() {
        ReplyRouter router = new ReplyRouter();
        var future = router.expect(FleetOperation.CREATE_CERTIFICATE_FROM_CSR);

        router.onMessage("$aws/certificates/create/json/accepted", utf8("{}"));
        router.onMessage("$aws/certificates/create-from-csr/json/rejected", utf8("{\"statusCode\":400}"));

        assertThat(future).isCompleted();
        assertThat(future.join().accepted()).isFalse();
    }

    @Test
    void topicFilters_matchMqttWildcards() {
        assertThat(MqttTopicFilter.matches("dt/+/telemetry", "dt/thing-1/telemetry")).isTrue();
        assertThat(MqttTopicFilter.matches("dt/#", "dt/thing-1/telemetry")).isTrue();
        assertThat(MqttTopicFilter.matches("dt/+", "dt/thing-1/telemetry")).isFalse();
        assertThat(MqttTopicFilter.matches("dt/thing-1", "dt/thing-2")).isFalse();
    }

    // ---------------------------------------------------------------- CBOR: the same fields, binary

    private static final CBORMapper CBOR = new CBORMapper();

    @Test
    void cborRequests_encodeTheSameFieldsAsJson() throws Exception {
        Map<String, String> parameters = Map.of("SerialNumber", "1");

        assertThat(CBOR.readTree(WireFormat.CBOR.createCertificateFromCsrRequest("CSR")))
                .isEqualTo(new ObjectMapper().readTree(WireFormat.JSON.createCertificateFromCsrRequest("CSR")));
        assertThat(CBOR.readTree(WireFormat.CBOR.registerThingRequest("tok", parameters)))
                .isEqualTo(new ObjectMapper().readTree(WireFormat.JSON.registerThingRequest("tok", parameters)));
        // RFC 8949: 0xa0 is the empty map
        assertThat(WireFormat.CBOR.createKeysAndCertificateRequest()).containsExactly((byte) 0xa0);
    }

    @Test
    void cborReplies_areReadLikeJsonOnes() throws Exception {
        byte[] created = CBOR.writeValueAsBytes(Map.of("certificateOwnershipToken", "tok", "certificateId", "abc",
                "certificatePem", "PEM", "privateKey", "KEY"));
        byte[] registered = CBOR.writeValueAsBytes(Map.of("thingName", "t1",
                "deviceConfiguration", Map.of("FallbackUrl", "https://www.example.com/test-site")));
        byte[] rejected = CBOR.writeValueAsBytes(Map.of("statusCode", 400, "errorCode", "InvalidParameters",
                "errorMessage", "bad"));

        assertThat(WireFormat.CBOR.readCreatedCertificate(created, true).privateKeyPem()).isEqualTo("KEY");
        assertThat(WireFormat.CBOR.readRegisteredThing(registered).deviceConfiguration())
                .containsEntry("FallbackUrl", "https://www.example.com/test-site");
        ProvisioningRejectedException e = WireFormat.CBOR.readRejection(rejected, ProvisioningStep.REGISTER_THING);
        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.errorCode()).isEqualTo("InvalidParameters");
    }

    @Test
    void cborReply_thatIsNotAMap_isRefusedNamingCbor() {
        assertThatThrownBy(() -> WireFormat.CBOR.readRegisteredThing(utf8("{\"thingName\":\"t\"}")))
                .isInstanceOf(FleetProvisioningException.class).hasMessageContaining("CBOR");
    }
}
