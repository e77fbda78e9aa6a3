package io.github.fleetprov.admin;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.github.fleetprov.admin.AwsStubs.iotError;
import static io.github.fleetprov.admin.AwsStubs.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;

/** The limiter plugged into a real SDK client: every attempt of a limited API waits for its slot. */
@WireMockTest
class ApiRateLimiterInterceptorTest {

    private static final String THING = "{\"thingName\":\"t\",\"thingArn\":\"arn:aws:iot:us-east-1:123456789012:thing/t\","
            + "\"thingId\":\"id\"}";

    private final AtomicLong now = new AtomicLong();
    private final List<Long> sleeps = new ArrayList<>();

    private ApiRateLimiter fakeClockDefaults() {
        return ApiRateLimiter.awsPublishedDefaults().toBuilder().timeSource(now::get, nanos -> {
            sleeps.add(nanos);
            now.addAndGet(nanos);
        }).build();
    }

    private IotClient client(WireMockRuntimeInfo wm, ApiRateLimiter limiter) {
        return IotClient.builder().endpointOverride(URI.create(wm.getHttpBaseUrl())).region(Region.US_EAST_1)
                .credentialsProvider(AwsStubs.dummyCredentials())
                .overrideConfiguration(AwsRetries.clientOverrides(limiter)).build();
    }

    @Test
    void createThing_threeCallsAtPublishedFifteenTps_waitOneFifteenthSecondBetweenCalls(WireMockRuntimeInfo wm) {
        stubFor(post(urlPathMatching("/things/.*")).willReturn(json(THING)));

        try (IotClient iot = client(wm, fakeClockDefaults())) {
            for (int i = 0; i < 3; i++) {
                iot.createThing(r -> r.thingName("t"));
            }
        }

        assertThat(sleeps).containsExactly(66_666_667L, 66_666_667L);
    }

    @Test
    void limiter_matchesTheSdkServiceNameWhateverItsCase() {
        ApiRateLimiter limiter = ApiRateLimiter.awsPublishedDefaults();

        assertThat(limiter.limit("Iot", "CreateThing")).isEqualTo(limiter.limit("IoT", "CreateThing")).contains(15d);
    }

    @Test
    void retriedAttempt_afterThrottling_alsoWaitsForItsSlot(WireMockRuntimeInfo wm) {
        stubFor(post(urlPathMatching("/things/.*")).inScenario("t").whenScenarioStateIs(STARTED)
                .willReturn(iotError(400, "ThrottlingException", "Rate exceeded")).willSetStateTo("ok"));
        stubFor(post(urlPathMatching("/things/.*")).inScenario("t").whenScenarioStateIs("ok").willReturn(json(THING)));

        try (IotClient iot = client(wm, fakeClockDefaults())) {
            iot.createThing(r -> r.thingName("t"));
        }

        assertThat(sleeps).containsExactly(66_666_667L);
    }
}
