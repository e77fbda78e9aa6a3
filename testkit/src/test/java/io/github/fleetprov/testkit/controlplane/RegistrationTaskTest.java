package io.github.fleetprov.testkit.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.fleetprov.core.pki.CertificateSigningRequest;
import io.github.fleetprov.core.pki.KeyAlgorithm;
import io.github.fleetprov.core.pki.KeyPairs;
import io.github.fleetprov.core.pki.Subject;
import io.github.fleetprov.core.testing.MotoServer;
import io.github.fleetprov.testkit.LocalIotCore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CertificateStatus;
import software.amazon.awssdk.services.iot.model.DescribeThingRegistrationTaskResponse;
import software.amazon.awssdk.services.iot.model.InvalidRequestException;
import software.amazon.awssdk.services.iot.model.ReportType;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;
import software.amazon.awssdk.services.iot.model.Status;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Bulk registration (StartThingRegistrationTask and the operations around it) through the AWS SDK's
 * {@code IotClient}, with the input file and the reports in moto_server's S3 through the SDK's
 * {@code S3Client}. Skipped where moto_server is not installed, except in CI.
 */
class RegistrationTaskTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROLE = "arn:aws:iam::123456789012:role/BulkRegistration";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static MotoServer moto;
    private static LocalIotCore iot;
    private static IotClient client;
    private static S3Client s3;
    private static String bucket;
    private static String policyName;
    private static String csr;

    @BeforeAll
    static void start() {
        moto = MotoServer.start();
        iot = LocalIotCore.shared();
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create("testing", "testing"));
        iot.setS3Endpoint(moto.endpoint(), credentials);
        client = IotClient.builder().endpointOverride(iot.controlPlaneEndpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).build();
        s3 = S3Client.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .credentialsProvider(credentials).build();
        bucket = "bulk-" + UUID.randomUUID().toString().substring(0, 8);
        s3.createBucket(b -> b.bucket(bucket));
        policyName = "BulkDevicePolicy-" + UUID.randomUUID().toString().substring(0, 8);
        client.createPolicy(p -> p.policyName(policyName).policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":"
                + "[{\"Effect\":\"Allow\",\"Action\":\"iot:Connect\",\"Resource\":\"*\"}]}"));
        csr = CertificateSigningRequest.create(KeyPairs.generate(KeyAlgorithm.EC_P256),
                Subject.ofCommonName("bulk device")).toPem();
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (s3 != null) {
            s3.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    /** The developer guide's bulk registration template shape: thing, certificate from the line's CSR, policy. */
    private static String template() {
        return "{\"Parameters\":{\"ThingName\":{\"Type\":\"String\"},\"SerialNumber\":{\"Type\":\"String\"},"
                + "\"CSR\":{\"Type\":\"String\"}},\"Resources\":{"
                + "\"thing\":{\"Type\":\"AWS::IoT::Thing\",\"Properties\":{\"ThingName\":{\"Ref\":\"ThingName\"},"
                + "\"AttributePayload\":{\"serial\":{\"Ref\":\"SerialNumber\"}}}},"
                + "\"certificate\":{\"Type\":\"AWS::IoT::Certificate\",\"Properties\":{"
                + "\"CertificateSigningRequest\":{\"Ref\":\"CSR\"},\"Status\":\"ACTIVE\"}},"
                + "\"policy\":{\"Type\":\"AWS::IoT::Policy\",\"Properties\":{\"PolicyName\":\"" + policyName + "\"}}}}";
    }

    private static String line(String thingName, String serial) {
        try {
            return JSON.writeValueAsString(Map.of("ThingName", thingName, "SerialNumber", serial, "CSR", csr));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String putInput(List<String> lines) {
        String key = "input/" + UUID.randomUUID() + ".json";
        s3.putObject(p -> p.bucket(bucket).key(key), RequestBody.fromString(String.join("\n", lines) + "\n"));
        return key;
    }

    private static String startTask(String key) {
        return client.startThingRegistrationTask(r -> r.templateBody(template()).inputFileBucket(bucket)
                .inputFileKey(key).roleArn(ROLE)).taskId();
    }

    private static DescribeThingRegistrationTaskResponse awaitEnd(String taskId) {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            DescribeThingRegistrationTaskResponse d = client.describeThingRegistrationTask(r -> r.taskId(taskId));
            if (d.status() == Status.COMPLETED || d.status() == Status.FAILED || d.status() == Status.CANCELLED) {
                return d;
            }
            assertThat(System.nanoTime()).as("task %s still %s", taskId, d.status()).isLessThan(deadline);
            sleep();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<String> report(String taskId, ReportType type) throws IOException, InterruptedException {
        List<String> lines = new ArrayList<>();
        for (String link : client.listThingRegistrationTaskReports(r -> r.taskId(taskId).reportType(type))
                .resourceLinks()) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(link)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("GET %s", link).isEqualTo(200);
            response.body().lines().filter(l -> !l.isBlank()).forEach(lines::add);
        }
        return lines;
    }

    @Test
    void start_registersEveryLine_andWritesTheResultsReport() throws Exception {
        String prefix = "bulk-ok-" + UUID.randomUUID().toString().substring(0, 8);
        String taskId = startTask(putInput(List.of(line(prefix + "-0", "100"), line(prefix + "-1", "101"),
                line(prefix + "-2", "102"))));

        DescribeThingRegistrationTaskResponse done = awaitEnd(taskId);

        assertThat(done.status()).isEqualTo(Status.COMPLETED);
        assertThat(done.successCount()).isEqualTo(3);
        assertThat(done.failureCount()).isZero();
        assertThat(done.percentageProgress()).isEqualTo(100);
        assertThat(done.inputFileBucket()).isEqualTo(bucket);
        assertThat(done.roleArn()).isEqualTo(ROLE);
        assertThat(client.describeThing(r -> r.thingName(prefix + "-1")).attributes()).containsEntry("serial", "101");
        List<String> results = report(taskId, ReportType.RESULTS);
        assertThat(results).hasSize(3);
        for (int i = 0; i < 3; i++) {
            JsonNode line = JSON.readTree(results.get(i));
            String thingName = prefix + "-" + i;
            assertThat(line.path("offset").asInt()).isEqualTo(i);
            JsonNode arns = line.path("response").path("ResourceArns");
            assertThat(arns.path("thing").asText())
                    .isEqualTo(client.describeThing(r -> r.thingName(thingName)).thingArn());
            String certificateArn = arns.path("certificate").asText();
            String certificateId = certificateArn.substring(certificateArn.lastIndexOf('/') + 1);
            assertThat(client.describeCertificate(r -> r.certificateId(certificateId)).certificateDescription()
                    .status()).isEqualTo(CertificateStatus.ACTIVE);
            assertThat(client.listThingPrincipals(r -> r.thingName(thingName)).principals())
                    .containsExactly(certificateArn);
            assertThat(client.listAttachedPolicies(r -> r.target(certificateArn)).policies())
                    .extracting(p -> p.policyName()).containsExactly(policyName);
            assertThat(line.path("response").path("CertificatePem").asText()).startsWith("-----BEGIN CERTIFICATE-----");
        }
        assertThat(report(taskId, ReportType.ERRORS)).isEmpty();
        assertThat(s3.getObjectAsBytes(g -> g.bucket(bucket).key("thing-registration-tasks/" + taskId + "/results.json"))
                .asUtf8String().lines().count()).isEqualTo(3);
    }

    @Test
    void start_whenALineHasAnInvalidThingName_reportsItInTheErrorsReportAndRegistersTheOthers() throws Exception {
        String prefix = "bulk-err-" + UUID.randomUUID().toString().substring(0, 8);
        int certificatesBefore = iot.registry().listCertificates().size();
        String taskId = startTask(putInput(List.of(line(prefix + "-0", "1"), line("bad name!", "2"),
                line(prefix + "-2", "3"), "[\"not an object\"]")));

        DescribeThingRegistrationTaskResponse done = awaitEnd(taskId);

        assertThat(done.status()).isEqualTo(Status.COMPLETED);
        assertThat(done.successCount()).isEqualTo(2);
        assertThat(done.failureCount()).isEqualTo(2);
        List<String> errors = report(taskId, ReportType.ERRORS);
        assertThat(errors).hasSize(2);
        JsonNode badName = JSON.readTree(errors.get(0));
        assertThat(badName.path("offset").asInt()).isEqualTo(1);
        assertThat(badName.path("errorCode").asText()).isEqualTo("InvalidRequestException");
        assertThat(badName.path("errorMessage").asText()).contains("bad name!").contains("thing name");
        assertThat(JSON.readTree(errors.get(1)).path("offset").asInt()).isEqualTo(3);
        assertThat(report(taskId, ReportType.RESULTS)).extracting(l -> JSON.readTree(l).path("offset").asInt())
                .containsExactly(0, 2);
        assertThat(client.describeThing(r -> r.thingName(prefix + "-2")).thingName()).isEqualTo(prefix + "-2");
        // The failed lines leave no certificate behind.
        assertThat(iot.registry().listCertificates()).hasSize(certificatesBefore + 2);
    }

    @Test
    void stop_onARunningTask_cancelsIt_andAnotherTaskIsRefusedWhileItRuns() {
        String prefix = "bulk-stop-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> lines = new ArrayList<>();
        int total = 1500;
        for (int i = 0; i < total; i++) {
            lines.add(line(prefix + "-" + i, String.valueOf(i)));
        }
        String key = putInput(lines);
        String taskId = startTask(key);

        assertThatThrownBy(() -> startTask(key)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining(taskId).hasMessageContaining("one bulk registration task at a time");
        client.stopThingRegistrationTask(r -> r.taskId(taskId));
        assertThat(client.describeThingRegistrationTask(r -> r.taskId(taskId)).status())
                .isIn(Status.CANCELLING, Status.CANCELLED);
        DescribeThingRegistrationTaskResponse done = awaitEnd(taskId);

        assertThat(done.status()).isEqualTo(Status.CANCELLED);
        assertThat(done.successCount()).isLessThan(total);
        assertThat(iot.registry().findThing(prefix + "-" + (total - 1))).isEmpty();
        assertThat(client.listThingRegistrationTasks(r -> r.status(Status.CANCELLED)).taskIds()).contains(taskId);
        assertThat(client.listThingRegistrationTasks(r -> r.status(Status.IN_PROGRESS)).taskIds()).doesNotContain(taskId);
        assertThatThrownBy(() -> client.stopThingRegistrationTask(r -> r.taskId(taskId)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("Cancelled");
    }

    @Test
    void start_whenTheBucketDoesNotExist_answersInvalidRequestNamingIt() {
        assertThatThrownBy(() -> client.startThingRegistrationTask(r -> r.templateBody(template())
                .inputFileBucket("no-such-bucket-" + UUID.randomUUID()).inputFileKey("input.json").roleArn(ROLE)))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidRequestException");
                    assertThat(e.getMessage()).contains("no-such-bucket-").contains("does not exist");
                });
    }

    @Test
    void start_whenTheKeyDoesNotExist_answersInvalidRequestNamingTheFile() {
        assertThatThrownBy(() -> client.startThingRegistrationTask(r -> r.templateBody(template())
                .inputFileBucket(bucket).inputFileKey("missing/input.json").roleArn(ROLE)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("s3://" + bucket + "/missing/input.json");
    }

    @Test
    void start_whenTheTemplateIsNotValid_answersInvalidRequest() {
        String key = putInput(List.of(line("bulk-bad-template", "1")));

        assertThatThrownBy(() -> client.startThingRegistrationTask(r -> r.templateBody("{\"Resources\":{\"thing\":"
                + "{\"Type\":\"AWS::IoT::Thing\",\"Properties\":{\"ThingName\":{\"Ref\":\"Undeclared\"},\"Bogus\":1}}}}")
                .inputFileBucket(bucket).inputFileKey(key).roleArn(ROLE)))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidRequestException");
                    assertThat(e.getMessage()).contains("template body is not valid");
                });
        assertThat(iot.registry().findThing("bulk-bad-template")).isEmpty();
    }

    @Test
    void start_whenTheRoleArnIsNotARole_answersInvalidRequest() {
        String key = putInput(List.of(line("bulk-bad-role", "1")));

        assertThatThrownBy(() -> client.startThingRegistrationTask(r -> r.templateBody(template())
                .inputFileBucket(bucket).inputFileKey(key).roleArn("arn:aws:iam::123456789012:user/someone")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("roleArn");
    }

    @Test
    void describe_whenTheTaskDoesNotExist_answersResourceNotFound() {
        assertThatThrownBy(() -> client.describeThingRegistrationTask(r -> r.taskId("no-such-task")))
                .isInstanceOfSatisfying(ResourceNotFoundException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(404));
    }

    @Test
    void listReports_withAReportTypeOutsideTheModel_answersInvalidRequest() {
        assertThatThrownBy(() -> client.listThingRegistrationTaskReports(r -> r.taskId("any").reportType("WARNINGS")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("ERRORS, RESULTS");
    }

    @Test
    void list_pagesWithMaxResultsAndNextToken() {
        String first = startTask(putInput(List.of(line("bulk-page-" + UUID.randomUUID().toString().substring(0, 8), "1"))));
        awaitEnd(first);
        String second = startTask(putInput(List.of(line("bulk-page-" + UUID.randomUUID().toString().substring(0, 8), "2"))));
        awaitEnd(second);

        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String next = token;
            var page = client.listThingRegistrationTasks(r -> r.status(Status.COMPLETED).maxResults(1).nextToken(next));
            assertThat(page.taskIds()).hasSizeLessThanOrEqualTo(1);
            seen.addAll(page.taskIds());
            token = page.nextToken();
            pages++;
        } while (token != null);

        assertThat(seen).contains(first, second).doesNotHaveDuplicates();
        assertThat(pages).isGreaterThanOrEqualTo(2);
    }
}
