package io.github.fleetprov.admin;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.verify;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.github.fleetprov.admin.AwsStubs.iotError;
import static io.github.fleetprov.admin.AwsStubs.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import io.github.fleetprov.core.InvalidInputException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.s3.S3Client;

@WireMockTest
class BulkRegistrationWireMockTest {

    private static final String TASK = "a1b2c3d4-5e6f-7a8b-9c0d-e1f2a3b4c5d6";

    private static String task(String status, int ok, int failed, int pct) {
        return "{\"taskId\":\"" + TASK + "\",\"creationDate\":1.7637696E9,\"lastModifiedDate\":1.7637697E9,"
                + "\"templateBody\":\"{}\",\"inputFileBucket\":\"factory\",\"inputFileKey\":\"batch-7.json\","
                + "\"roleArn\":\"arn:aws:iam::123456789012:role/Prov\",\"status\":\"" + status + "\","
                + "\"successCount\":" + ok + ",\"failureCount\":" + failed + ",\"percentageProgress\":" + pct + "}";
    }

    @Test
    void writeStartFollowAndReadReports_endToEnd(WireMockRuntimeInfo wm) {
        stubFor(put(urlPathEqualTo("/factory/batch-7.json")).willReturn(aResponse().withStatus(200)
                .withHeader("ETag", "\"e1\"")));
        stubFor(post(urlPathEqualTo("/thing-registration-tasks"))
                .withRequestBody(equalToJson("{\"templateBody\":\"{}\",\"inputFileBucket\":\"factory\","
                        + "\"inputFileKey\":\"batch-7.json\",\"roleArn\":\"arn:aws:iam::123456789012:role/Prov\"}"))
                .willReturn(json("{\"taskId\":\"" + TASK + "\"}")));
        String path = "/thing-registration-tasks/" + TASK;
        stubFor(get(urlPathEqualTo(path)).inScenario("task").whenScenarioStateIs(STARTED)
                .willReturn(json(task("InProgress", 1, 0, 50))).willSetStateTo("done"));
        stubFor(get(urlPathEqualTo(path)).inScenario("task").whenScenarioStateIs("done")
                .willReturn(json(task("Completed", 1, 1, 100))));
        stubFor(get(urlPathEqualTo(path + "/reports")).withQueryParam("reportType", equalTo("RESULTS"))
                .willReturn(json("{\"resourceLinks\":[\"" + wm.getHttpBaseUrl() + "/reports/results-1?X-Amz-Signature=abc\"],"
                        + "\"reportType\":\"RESULTS\"}")));
        stubFor(get(urlPathEqualTo(path + "/reports")).withQueryParam("reportType", equalTo("ERRORS"))
                .willReturn(json("{\"resourceLinks\":[\"" + wm.getHttpBaseUrl() + "/reports/errors-1\"],"
                        + "\"reportType\":\"ERRORS\"}")));
        stubFor(get(urlPathEqualTo("/reports/results-1")).willReturn(aResponse().withStatus(200)
                .withBody("{\"offset\":0,\"response\":{\"ResourceArns\":{\"thing\":\"arn:aws:iot:us-east-1:123456789012:thing/foo\"}}}\n")));
        stubFor(get(urlPathEqualTo("/reports/errors-1")).willReturn(aResponse().withStatus(200)
                .withBody("{\"offset\":1,\"errorCode\":\"InvalidRequestException\",\"errorMessage\":\"bad CSR\"}\n")));

        URI endpoint = URI.create(wm.getHttpBaseUrl());
        try (IotClient iot = AwsStubs.iot(endpoint); S3Client s3 = AwsStubs.s3(endpoint)) {
            BulkRegistration bulk = BulkRegistration.create(iot, s3);
            int lines = bulk.writeInputFile("factory", "batch-7.json", List.of(
                    Map.of("ThingName", "foo", "SerialNumber", "123", "CSR", "csr1"),
                    Map.of("ThingName", "bar", "SerialNumber", "456", "CSR", "csr2")));
            String taskId = bulk.start("{}", "factory", "batch-7.json", "arn:aws:iam::123456789012:role/Prov");
            List<BulkTaskStatus> seen = new ArrayList<>();
            BulkTaskStatus last = bulk.follow(taskId, Duration.ZERO, seen::add);

            assertThat(lines).isEqualTo(2);
            assertThat(seen).extracting(BulkTaskStatus::percentageProgress).containsExactly(50, 100);
            assertThat(last.isFinished()).isTrue();
            assertThat(last.failureCount()).isEqualTo(1);
            assertThat(bulk.results(taskId)).singleElement().asString().contains("thing/foo");
            assertThat(bulk.errors(taskId)).singleElement().asString().contains("bad CSR");
        }
        verify(putRequestedFor(urlPathEqualTo("/factory/batch-7.json"))
                .withHeader("x-amz-server-side-encryption", equalTo("AES256"))
                .withRequestBody(containing("\"ThingName\":\"bar\"")));
    }

    @Test
    void start_whenAnotherTaskRuns_throwsWithServiceCode(WireMockRuntimeInfo wm) {
        stubFor(post(urlPathEqualTo("/thing-registration-tasks"))
                .willReturn(iotError(400, "InvalidRequestException", "Only one bulk registration task can run at a time")));

        URI endpoint = URI.create(wm.getHttpBaseUrl());
        try (IotClient iot = AwsStubs.iot(endpoint); S3Client s3 = AwsStubs.s3(endpoint)) {
            BulkRegistration bulk = BulkRegistration.create(iot, s3);

            assertThatThrownBy(() -> bulk.start("{}", "factory", "k", "arn:aws:iam::123456789012:role/Prov"))
                    .isInstanceOf(AwsCallException.class)
                    .hasMessageContaining("StartThingRegistrationTask")
                    .hasMessageContaining("Only one bulk registration task");
        }
        verify(postRequestedFor(urlPathEqualTo("/thing-registration-tasks")));
    }

    @Test
    void writeInputFile_whenDeviceHasNoParameters_throwsNamingIndex(WireMockRuntimeInfo wm) {
        URI endpoint = URI.create(wm.getHttpBaseUrl());
        try (IotClient iot = AwsStubs.iot(endpoint); S3Client s3 = AwsStubs.s3(endpoint)) {
            BulkRegistration bulk = BulkRegistration.create(iot, s3);

            assertThatThrownBy(() -> bulk.writeInputFile("factory", "k", List.of(Map.of("ThingName", "a"), Map.of())))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("devices[1]: has no parameters");
        }
    }
}
