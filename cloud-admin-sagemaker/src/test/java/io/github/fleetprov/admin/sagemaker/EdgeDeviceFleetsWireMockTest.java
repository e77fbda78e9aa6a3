package io.github.fleetprov.admin.sagemaker;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.verify;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import io.github.fleetprov.admin.AwsCallException;
import io.github.fleetprov.admin.AwsRetries;
import io.github.fleetprov.core.InvalidInputException;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

@WireMockTest
class EdgeDeviceFleetsWireMockTest {

    private static SageMakerClient sageMaker(WireMockRuntimeInfo wm) {
        return SageMakerClient.builder().endpointOverride(URI.create(wm.getHttpBaseUrl())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("AKIDEXAMPLE", "dummy-secret")))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(AwsRetries.retryStrategy()).build())
                .build();
    }

    private static ResponseDefinitionBuilder amzJson(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1").withBody(body);
    }

    @Test
    void createRegisterDescribe_sendJsonRpcCallsAndExtractAliasName(WireMockRuntimeInfo wm) {
        stubFor(post(urlPathEqualTo("/")).withHeader("X-Amz-Target", equalTo("SageMaker.CreateDeviceFleet"))
                .willReturn(amzJson("{}")));
        stubFor(post(urlPathEqualTo("/")).withHeader("X-Amz-Target", equalTo("SageMaker.RegisterDevices"))
                .willReturn(amzJson("{}")));
        stubFor(post(urlPathEqualTo("/")).withHeader("X-Amz-Target", equalTo("SageMaker.DescribeDeviceFleet"))
                .willReturn(amzJson("{\"DeviceFleetName\":\"demo-fleet\",\"DeviceFleetArn\":"
                        + "\"arn:aws:sagemaker:us-east-1:123456789012:device-fleet/demo-fleet\",\"OutputConfig\":"
                        + "{\"S3OutputLocation\":\"s3://edge-bucket/device_output\"},\"CreationTime\":1.7637696E9,"
                        + "\"LastModifiedTime\":1.7637696E9,\"RoleArn\":\"arn:aws:iam::123456789012:role/EdgeRole\","
                        + "\"IotRoleAlias\":\"arn:aws:iot:us-east-1:123456789012:rolealias/SageMakerEdge-demo-fleet\"}")));

        try (SageMakerClient sm = sageMaker(wm)) {
            EdgeDeviceFleets fleets = EdgeDeviceFleets.create(sm);
            fleets.createDeviceFleet("demo-fleet", "arn:aws:iam::123456789012:role/EdgeRole", "s3://edge-bucket/device_output");
            fleets.registerDevices("demo-fleet", List.of(new EdgeDeviceFleets.EdgeDevice("edge-demo-device", "sample-device")));
            EdgeDeviceFleets.EdgeDeviceFleet fleet = fleets.describeDeviceFleet("demo-fleet");

            assertThat(fleet.iotRoleAliasName()).isEqualTo("SageMakerEdge-demo-fleet");
            assertThat(fleet.s3OutputLocation()).isEqualTo("s3://edge-bucket/device_output");
        }
        verify(postRequestedFor(urlPathEqualTo("/")).withHeader("X-Amz-Target", equalTo("SageMaker.CreateDeviceFleet"))
                .withRequestBody(equalToJson("{\"DeviceFleetName\":\"demo-fleet\",\"RoleArn\":"
                        + "\"arn:aws:iam::123456789012:role/EdgeRole\",\"OutputConfig\":{\"S3OutputLocation\":"
                        + "\"s3://edge-bucket/device_output\"},\"EnableIotRoleAlias\":true}")));
        verify(postRequestedFor(urlPathEqualTo("/")).withHeader("X-Amz-Target", equalTo("SageMaker.RegisterDevices"))
                .withRequestBody(equalToJson("{\"DeviceFleetName\":\"demo-fleet\",\"Devices\":[{\"DeviceName\":"
                        + "\"edge-demo-device\",\"IotThingName\":\"sample-device\"}]}")));
    }

    @Test
    void describeDeviceFleet_whenMissing_throwsWithValidationCode(WireMockRuntimeInfo wm) {
        stubFor(post(urlPathEqualTo("/")).withHeader("X-Amz-Target", equalTo("SageMaker.DescribeDeviceFleet"))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"__type\":\"ValidationException\",\"message\":\"Device fleet nope does not exist\"}")));

        try (SageMakerClient sm = sageMaker(wm)) {
            EdgeDeviceFleets fleets = EdgeDeviceFleets.create(sm);

            assertThatThrownBy(() -> fleets.describeDeviceFleet("nope"))
                    .isInstanceOf(AwsCallException.class)
                    .hasMessageContaining("SageMaker DescribeDeviceFleet (nope) failed with ValidationException");
        }
    }

    @Test
    void edgeDevice_whenNameTooLong_throwsNamingField() {
        assertThatThrownBy(() -> new EdgeDeviceFleets.EdgeDevice("x".repeat(64), "thing"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("deviceName");
    }
}
