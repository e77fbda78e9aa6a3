package io.github.fleetprov.testkit.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.core.pki.CertificateSigningRequest;
import io.github.fleetprov.core.pki.KeyPairs;
import io.github.fleetprov.core.pki.Pem;
import io.github.fleetprov.core.pki.SelfSignedCertificates;
import io.github.fleetprov.core.pki.Subject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.AttributePayload;
import software.amazon.awssdk.services.iot.model.CertificateDescription;
import software.amazon.awssdk.services.iot.model.CertificateStatus;
import software.amazon.awssdk.services.iot.model.CreateCertificateFromCsrResponse;
import software.amazon.awssdk.services.iot.model.DescribeThingResponse;
import software.amazon.awssdk.services.iot.model.InvalidRequestException;
import software.amazon.awssdk.services.iot.model.IotException;
import software.amazon.awssdk.services.iot.model.VersionConflictException;

/** Control-plane behaviours where the emulator answers as AWS IoT does, through the AWS SDK v2 IotClient. */
class ControlPlaneFidelityTest {

    /** AWS IoT's own certificates are valid until the end of 2049. */
    private static final Instant END_OF_2049 = Instant.parse("2049-12-31T23:59:59Z");

    @RegisterExtension
    static final ControlPlaneExtension plane = ControlPlaneExtension.perTest();

    private HttpResponse<String> raw(String method, String pathAndQuery, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(plane.fixture().controlPlane().endpoint()
                + pathAndQuery)).method(method, HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void updateThing_mergesAttributes_setsType_andBumpsVersion() {
        plane.iot().createThingType(r -> r.thingTypeName("sensor"));
        plane.iot().createThing(r -> r.thingName("t").attributePayload(AttributePayload.builder()
                .attributes(Map.of("a", "1", "b", "2")).build()));

        plane.iot().updateThing(r -> r.thingName("t").thingTypeName("sensor").expectedVersion(1L).attributePayload(
                AttributePayload.builder().attributes(Map.of("b", "", "c", "3")).merge(true).build()));
        DescribeThingResponse thing = plane.iot().describeThing(r -> r.thingName("t"));

        assertThat(thing.thingTypeName()).isEqualTo("sensor");
        assertThat(thing.attributes()).containsExactlyInAnyOrderEntriesOf(Map.of("a", "1", "c", "3"));
        assertThat(thing.version()).isEqualTo(2L);
    }

    @Test
    void updateThing_withStaleExpectedVersion_throwsVersionConflict409() {
        plane.iot().createThing(r -> r.thingName("t"));
        plane.iot().updateThing(r -> r.thingName("t").attributePayload(AttributePayload.builder().attributes(Map.of("a", "1")).build()));

        assertThatThrownBy(() -> plane.iot().updateThing(r -> r.thingName("t").expectedVersion(1L)
                .attributePayload(AttributePayload.builder().attributes(Map.of("a", "2")).build())))
                .isInstanceOf(VersionConflictException.class)
                .satisfies(e -> assertThat(((IotException) e).statusCode()).isEqualTo(409));
        assertThat(plane.iot().describeThing(r -> r.thingName("t")).attributes()).containsEntry("a", "1");
    }

    @Test
    void createCertificateFromCsr_signsTheCsrKey_untilTheEndOf2049() {
        KeyPair keys = KeyPairs.generate();
        String csr = CertificateSigningRequest.create(keys, Subject.ofCommonName("device-7")).toPem();

        CreateCertificateFromCsrResponse created = plane.iot().createCertificateFromCsr(r -> r.certificateSigningRequest(csr)
                .setAsActive(true));
        X509Certificate cert = Pem.readCertificate(created.certificatePem());
        CertificateDescription described = plane.iot().describeCertificate(r -> r.certificateId(created.certificateId()))
                .certificateDescription();

        assertThat(cert.getPublicKey()).isEqualTo(keys.getPublic());
        assertThat(cert.getSubjectX500Principal().getName()).contains("CN=device-7");
        assertThat(cert.getNotAfter().toInstant()).isEqualTo(END_OF_2049);
        assertThat(described.status()).isEqualTo(CertificateStatus.ACTIVE);
        assertThat(described.validity().notAfter()).isEqualTo(END_OF_2049);
        assertThat(described.certificateModeAsString()).isEqualTo("DEFAULT");
    }

    @Test
    void createCertificateFromCsr_whenCsrIsNotPem_throwsInvalidRequest() {
        assertThatThrownBy(() -> plane.iot().createCertificateFromCsr(r -> r.certificateSigningRequest("not a csr")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("certificateSigningRequest");
    }

    @Test
    void createKeysAndCertificate_issuesACertificateValidUntilTheEndOf2049() {
        String pem = plane.iot().createKeysAndCertificate(r -> r.setAsActive(true)).certificatePem();

        assertThat(Pem.readCertificate(pem).getNotAfter().toInstant()).isEqualTo(END_OF_2049);
    }

    @Test
    void describeCertificate_certificateMode_isSniOnlyWithoutCa_andDefaultForIssued() {
        String pem = Pem.certificateToPem(SelfSignedCertificates.create(KeyPairs.generate(), "self", Duration.ofDays(1)));
        String withoutCa = plane.iot().registerCertificateWithoutCA(r -> r.certificatePem(pem)).certificateId();
        String issued = plane.iot().createKeysAndCertificate(r -> r.setAsActive(false)).certificateId();

        assertThat(plane.iot().describeCertificate(r -> r.certificateId(withoutCa)).certificateDescription()
                .certificateModeAsString()).isEqualTo("SNI_ONLY");
        assertThat(plane.iot().describeCertificate(r -> r.certificateId(issued)).certificateDescription()
                .certificateModeAsString()).isEqualTo("DEFAULT");
    }

    @Test
    void createThingType_twiceWithTheSameConfiguration_returnsTheSameType() {
        String first = plane.iot().createThingType(r -> r.thingTypeName("gateway")
                .thingTypeProperties(p -> p.thingTypeDescription("edge").searchableAttributes("serial"))).thingTypeId();
        String second = plane.iot().createThingType(r -> r.thingTypeName("gateway")
                .thingTypeProperties(p -> p.thingTypeDescription("edge").searchableAttributes("serial"))).thingTypeId();

        assertThat(second).isEqualTo(first);
    }

    @Test
    void updateCertificate_toStatusesAwsUsesInternally_throwsInvalidRequest() {
        String id = plane.iot().createKeysAndCertificate(r -> r.setAsActive(true)).certificateId();

        for (CertificateStatus refused : new CertificateStatus[] {CertificateStatus.PENDING_ACTIVATION,
                CertificateStatus.PENDING_TRANSFER, CertificateStatus.REGISTER_INACTIVE}) {
            assertThatThrownBy(() -> plane.iot().updateCertificate(r -> r.certificateId(id).newStatus(refused)))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining(refused.toString())
                    .satisfies(e -> assertThat(((IotException) e).statusCode()).isEqualTo(400));
        }
        assertThat(plane.iot().describeCertificate(r -> r.certificateId(id)).certificateDescription().status())
                .isEqualTo(CertificateStatus.ACTIVE);
    }

    @Test
    void createThing_withAttributesThatAreNotStrings_isRefusedWithInvalidRequest() throws Exception {
        HttpResponse<String> list = raw("POST", "/things/t1", "{\"attributePayload\":{\"attributes\":{\"a\":[1,2]}}}");
        HttpResponse<String> nested = raw("POST", "/things/t2", "{\"attributePayload\":{\"attributes\":{\"a\":{\"b\":\"c\"}}}}");
        HttpResponse<String> number = raw("POST", "/things/t3", "{\"attributePayload\":{\"attributes\":{\"a\":7}}}");

        for (HttpResponse<String> r : java.util.List.of(list, nested, number)) {
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.headers().firstValue("x-amzn-ErrorType")).contains("InvalidRequestException");
            assertThat(r.body()).contains("attributePayload.attributes.a");
        }
        assertThat(plane.fixture().registry().listThings()).isEmpty();
    }

    /** Sends one raw HTTP/1.1 request line (no client library would send a malformed escape). */
    private String rawRequestLine(String method, String target) throws Exception {
        URI endpoint = plane.fixture().controlPlane().endpoint();
        try (java.net.Socket socket = new java.net.Socket(endpoint.getHost(), endpoint.getPort())) {
            socket.getOutputStream().write((method + " " + target + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Connection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void malformedPercentEscape_isAnsweredWithAnAwsShapedInvalidRequest() throws Exception {
        String inPath = rawRequestLine("GET", "/things/bad%zzname");
        String inQuery = rawRequestLine("GET", "/things?attributeName=a%2");

        for (String answer : java.util.List.of(inPath, inQuery)) {
            assertThat(answer).startsWith("HTTP/1.1 400 ");
            assertThat(answer).containsIgnoringCase("x-amzn-ErrorType: InvalidRequestException");
            assertThat(answer).contains("{\"message\":\"The request URI has a malformed percent-escape");
            assertThat(answer).doesNotContain("<h1>");
        }
    }

    @Test
    void startingTheLocalEndpoints_setsNoJvmWideSystemProperty() {
        java.util.Properties before = (java.util.Properties) System.getProperties().clone();

        try (ControlPlaneFixture another = ControlPlaneFixture.start()) {
            another.iot().listThings();
        }

        assertThat(System.getProperties()).isEqualTo(before);
    }
}
