package io.github.fleetprov.admin;

import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
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
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iot.IotClient;

@WireMockTest
class AwsRetriesTest {

    private static final String THING_JSON = "{\"thingName\":\"dev-1\",\"thingArn\":"
            + "\"arn:aws:iot:us-east-1:123456789012:thing/dev-1\",\"thingId\":\"8a9e1c2b-7d3f-4e5a-9b6c-0d1e2f3a4b5c\"}";

    @Test
    void createThing_whenThrottledTwiceWith400_retriesByErrorCodeAndSucceeds(WireMockRuntimeInfo wm) {
        stubFor(post(urlPathEqualTo("/things/dev-1")).inScenario("throttle").whenScenarioStateIs(STARTED)
                .willReturn(iotError(400, "ThrottlingException", "Rate exceeded")).willSetStateTo("once"));
        stubFor(post(urlPathEqualTo("/things/dev-1")).inScenario("throttle").whenScenarioStateIs("once")
                .willReturn(iotError(400, "ThrottlingException", "Rate exceeded")).willSetStateTo("twice"));
        stubFor(post(urlPathEqualTo("/things/dev-1")).inScenario("throttle").whenScenarioStateIs("twice")
                .willReturn(json(THING_JSON)));

        try (IotClient iot = AwsStubs.iot(wm)) {
            IotThing thing = DeviceRegistryAdmin.create(iot).createThing(ThingSpec.named("dev-1"));

            assertThat(thing.arn()).isEqualTo("arn:aws:iot:us-east-1:123456789012:thing/dev-1");
        }
        verify(exactly(3), postRequestedFor(urlPathEqualTo("/things/dev-1")));
    }

    @Test
    void createThing_whenInvalidRequestWith400_failsAtOnceWithoutRetry(WireMockRuntimeInfo wm) {
        stubFor(post(urlPathEqualTo("/things/dev-1"))
                .willReturn(iotError(400, "InvalidRequestException", "1 validation error detected")));

        try (IotClient iot = AwsStubs.iot(wm)) {
            DeviceRegistryAdmin registry = DeviceRegistryAdmin.create(iot);

            assertThatThrownBy(() -> registry.createThing(ThingSpec.named("dev-1")))
                    .isInstanceOf(AwsCallException.class)
                    .hasMessageContaining("IoT CreateThing (dev-1) failed with InvalidRequestException (HTTP 400)")
                    .matches(e -> !((AwsCallException) e).isRetryable() && !((AwsCallException) e).isThrottling());
        }
        verify(exactly(1), postRequestedFor(urlPathEqualTo("/things/dev-1")));
    }

    @Test
    void attachPolicy_whenLimitExceededWith410_isNotRetriedAndSaysQuota(WireMockRuntimeInfo wm) {
        stubFor(put(urlPathEqualTo("/target-policies/DevicePolicy"))
                .willReturn(iotError(410, "LimitExceededException", "The number of attached policies is exceeded")));

        try (IotClient iot = AwsStubs.iot(wm)) {
            DeviceRegistryAdmin registry = DeviceRegistryAdmin.create(iot);

            assertThatThrownBy(() -> registry.attachPolicy("DevicePolicy", "arn:aws:iot:us-east-1:123456789012:cert/abc"))
                    .isInstanceOf(AwsCallException.class)
                    .hasMessageContaining("LimitExceededException (HTTP 410)")
                    .hasMessageContaining("quota")
                    .matches(e -> ((AwsCallException) e).isLimitExceeded() && !((AwsCallException) e).isRetryable());
        }
        verify(exactly(1), putRequestedFor(urlPathEqualTo("/target-policies/DevicePolicy")));
    }

    @Test
    void createThing_whenServiceUnavailableThenOk_retries(WireMockRuntimeInfo wm) {
        stubFor(post(urlPathEqualTo("/things/dev-1")).inScenario("503").whenScenarioStateIs(STARTED)
                .willReturn(iotError(503, "ServiceUnavailableException", "Service unavailable")).willSetStateTo("up"));
        stubFor(post(urlPathEqualTo("/things/dev-1")).inScenario("503").whenScenarioStateIs("up")
                .willReturn(json(THING_JSON)));

        try (IotClient iot = AwsStubs.iot(wm)) {
            assertThat(DeviceRegistryAdmin.create(iot).createThing(ThingSpec.named("dev-1")).name()).isEqualTo("dev-1");
        }
        verify(exactly(2), postRequestedFor(urlPathEqualTo("/things/dev-1")));
    }

    @Test
    void createThing_whenAlwaysThrottled_givesUpAfterMaxAttemptsAsRetryableThrottling(WireMockRuntimeInfo wm) {
        stubFor(post(urlPathEqualTo("/things/dev-1"))
                .willReturn(iotError(400, "ThrottlingException", "Rate exceeded")));

        try (IotClient iot = IotClient.builder().endpointOverride(java.net.URI.create(wm.getHttpBaseUrl()))
                .region(software.amazon.awssdk.regions.Region.US_EAST_1).credentialsProvider(AwsStubs.dummyCredentials())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetries.retryStrategy(3))).build()) {
            DeviceRegistryAdmin registry = DeviceRegistryAdmin.create(iot);

            assertThatThrownBy(() -> registry.createThing(ThingSpec.named("dev-1")))
                    .isInstanceOf(AwsCallException.class)
                    .hasMessageContaining("ThrottlingException (HTTP 400)")
                    .matches(e -> ((AwsCallException) e).isThrottling() && ((AwsCallException) e).isRetryable());
        }
        verify(exactly(3), postRequestedFor(urlPathEqualTo("/things/dev-1")));
    }

    @Test
    void retryStrategy_whenMaxAttemptsBelowOne_throwsNamingField() {
        assertThatThrownBy(() -> AwsRetries.retryStrategy(0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("maxAttempts");
    }
}
