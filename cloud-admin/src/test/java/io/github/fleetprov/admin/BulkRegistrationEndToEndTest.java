package io.github.fleetprov.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.fleetprov.core.pki.CertificateSigningRequest;
import io.github.fleetprov.core.pki.KeyAlgorithm;
import io.github.fleetprov.core.pki.Pem;
import io.github.fleetprov.core.testing.MotoServer;
import io.github.fleetprov.testkit.LocalIotCore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@link BulkRegistration} end to end: the input file written to moto_server's S3, the task run by
 * LocalIotCore's StartThingRegistrationTask, its progress followed, and its reports read back from
 * the pre-signed links, with the real AWS SDK clients throughout. Skipped where moto_server is not
 * installed, except in CI.
 */
class BulkRegistrationEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROLE = "arn:aws:iam::123456789012:role/FactoryBulkRegistration";

    private static MotoServer moto;
    private static LocalIotCore core;
    private static IotClient iot;
    private static S3Client s3;

    @BeforeAll
    static void start() {
        moto = MotoServer.start();
        core = LocalIotCore.shared();
        core.setS3Endpoint(moto.endpoint(), StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")));
        iot = AwsStubs.iot(core.controlPlaneEndpoint());
        s3 = AwsStubs.s3(moto.endpoint());
    }

    @AfterAll
    static void stop() {
        if (iot != null) {
            iot.close();
        }
        if (s3 != null) {
            s3.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    @Test
    void writeStartFollowAndReadReports_registersTheFactoryBatchAndReportsTheBadLine() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String bucket = "factory-" + run;
        s3.createBucket(b -> b.bucket(bucket));
        String policy = "FactoryDevice-" + run;
        iot.createPolicy(p -> p.policyName(policy).policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{"
                + "\"Effect\":\"Allow\",\"Action\":\"iot:Connect\",\"Resource\":\"*\"}]}"));
        String template = "{\"Parameters\":{\"ThingName\":{\"Type\":\"String\"},\"SerialNumber\":{\"Type\":\"String\"},"
                + "\"CSR\":{\"Type\":\"String\"}},\"Resources\":{"
                + "\"thing\":{\"Type\":\"AWS::IoT::Thing\",\"Properties\":{\"ThingName\":{\"Ref\":\"ThingName\"},"
                + "\"AttributePayload\":{\"serial\":{\"Ref\":\"SerialNumber\"}}}},"
                + "\"certificate\":{\"Type\":\"AWS::IoT::Certificate\",\"Properties\":{"
                + "\"CertificateSigningRequest\":{\"Ref\":\"CSR\"},\"Status\":\"ACTIVE\"}},"
                + "\"policy\":{\"Type\":\"AWS::IoT::Policy\",\"Properties\":{\"PolicyName\":\"" + policy + "\"}}}}";
        List<BulkDevice> devices = new ArrayList<>();
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            BulkDevice d = BulkDevice.withNewKey("factory-" + run + "-" + i, Map.of("SerialNumber", "SN" + i),
                    KeyAlgorithm.EC_P256);
            devices.add(d);
            rows.add(d.parameters());
        }
        rows.add(1, Map.of("ThingName", "not a thing name", "SerialNumber", "SNX",
                "CSR", devices.get(0).parameters().get(BulkDevice.CSR_PARAMETER)));
        BulkRegistration bulk = BulkRegistration.create(iot, s3);

        int written = bulk.writeInputFile(bucket, "batch.json", rows);
        String taskId = bulk.start(template, bucket, "batch.json", ROLE);
        List<BulkTaskStatus> progress = new ArrayList<>();
        BulkTaskStatus last = bulk.follow(taskId, Duration.ofMillis(50), progress::add);

        assertThat(written).isEqualTo(4);
        assertThat(last.status()).isEqualTo("Completed");
        assertThat(last.isFinished()).isTrue();
        assertThat(last.successCount()).isEqualTo(3);
        assertThat(last.failureCount()).isEqualTo(1);
        assertThat(last.percentageProgress()).isEqualTo(100);
        assertThat(progress).isNotEmpty().last().isEqualTo(last);
        assertThat(progress).extracting(BulkTaskStatus::percentageProgress).isSorted();
        List<String> results = bulk.results(taskId);
        assertThat(results).hasSize(3);
        for (String line : results) {
            JsonNode response = JSON.readTree(line).path("response");
            X509Certificate certificate = Pem.readCertificate(response.path("CertificatePem").asText());
            BulkDevice device = devices.stream().filter(d -> response.path("ResourceArns").path("thing").asText()
                    .endsWith(":thing/" + d.thingName())).findFirst().orElseThrow();
            // The certificate AWS issued is for the key the factory made for that device.
            assertThat(certificate.getPublicKey()).isEqualTo(CertificateSigningRequest.parse(
                    device.parameters().get(BulkDevice.CSR_PARAMETER)).publicKey());
            assertThat(iot.listThingPrincipals(r -> r.thingName(device.thingName())).principals())
                    .containsExactly(response.path("ResourceArns").path("certificate").asText());
        }
        assertThat(bulk.errors(taskId)).singleElement().satisfies(line -> {
            JsonNode error = JSON.readTree(line);
            assertThat(error.path("offset").asInt()).isEqualTo(1);
            assertThat(error.path("errorMessage").asText()).contains("not a thing name");
        });
        assertThat(bulk.describe(taskId)).isEqualTo(last);
    }
}
