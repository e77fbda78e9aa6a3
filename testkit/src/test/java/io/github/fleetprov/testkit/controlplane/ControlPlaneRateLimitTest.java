package io.github.fleetprov.testkit.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.testkit.event.EventType;
import io.github.fleetprov.testkit.fault.FaultKind;
import io.github.fleetprov.testkit.fault.FaultRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.IotException;
import software.amazon.awssdk.services.iot.model.ThrottlingException;

/**
 * Rate limits of {@code Faults} on control-plane APIs, seen through the real SDK {@code IotClient}
 * with retries off (so every throttled attempt surfaces). Time is a hand-moved nanosecond counter.
 */
class ControlPlaneRateLimitTest {

    private static ControlPlaneFixture fixture;
    private static IotClient iot;
    private static final AtomicInteger THINGS = new AtomicInteger();

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @BeforeAll
    static void start() {
        fixture = ControlPlaneFixture.start();
        iot = IotClient.builder().endpointOverride(fixture.controlPlane().endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDLOCAL", "local-secret")))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @AfterAll
    static void stop() {
        iot.close();
        fixture.close();
    }

    @AfterEach
    void clearFaults() {
        fixture.faults().clear();
    }

    private static String createThing() {
        String name = "rate-" + THINGS.incrementAndGet();
        return iot.createThing(r -> r.thingName(name)).thingName();
    }

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    @Test
    void rateLimit_whenBurstSpent_throttlesWithThrottlingException400() {
        FaultRule rule = fixture.faults().on("CreateThing").rateLimit(2, 2, nanos::get);
        int faultEvents = fixture.registry().events().ofType(EventType.FAULT).size();

        createThing();
        createThing();

        assertThatThrownBy(ControlPlaneRateLimitTest::createThing)
                .isInstanceOf(ThrottlingException.class)
                .hasMessageContaining("Rate exceeded")
                .satisfies(e -> {
                    assertThat(((IotException) e).statusCode()).isEqualTo(400);
                    assertThat(((IotException) e).awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
                    assertThat(((IotException) e).isThrottlingException()).isTrue();
                });
        assertThat(rule.kind()).isEqualTo(FaultKind.THROTTLE);
        assertThat(rule.triggered()).isEqualTo(1);
        assertThat(fixture.registry().events().ofType(EventType.FAULT)).hasSize(faultEvents + 1)
                .last().satisfies(e -> assertThat(e.operation()).isEqualTo("CreateThing"));
    }

    @Test
    void rateLimit_refillsAtTheRate_andNeverAboveTheBurst() {
        fixture.faults().on("CreateThing").rateLimit(2, 2, nanos::get);
        createThing();
        createThing();

        advance(Duration.ofMillis(499));
        assertThatThrownBy(ControlPlaneRateLimitTest::createThing).isInstanceOf(ThrottlingException.class);
        advance(Duration.ofMillis(1));
        createThing();
        assertThatThrownBy(ControlPlaneRateLimitTest::createThing).isInstanceOf(ThrottlingException.class);

        advance(Duration.ofSeconds(60));
        createThing();
        createThing();
        assertThatThrownBy(ControlPlaneRateLimitTest::createThing).isInstanceOf(ThrottlingException.class);
    }

    @Test
    void rateLimit_whenCallsStayUnderTheRate_neverThrottles() {
        FaultRule rule = fixture.faults().on("CreateThing").rateLimit(10, 1, nanos::get);

        for (int i = 0; i < 50; i++) {
            assertThat(createThing()).startsWith("rate-");
            advance(Duration.ofMillis(100));
        }

        assertThat(rule.triggered()).isZero();
    }

    @Test
    void rateLimit_appliesToItsApiOnly_eachApiHasItsOwnBucket() {
        fixture.faults().on("CreateThing").rateLimit(1, 1, nanos::get);
        fixture.faults().on("DescribeEndpoint").rateLimit(1, 1, nanos::get);

        String thing = createThing();
        assertThatThrownBy(ControlPlaneRateLimitTest::createThing).isInstanceOf(ThrottlingException.class);

        assertThat(iot.describeEndpoint(r -> r.endpointType("iot:Data-ATS")).endpointAddress()).isEqualTo("127.0.0.1");
        assertThat(iot.describeThing(r -> r.thingName(thing)).thingName()).isEqualTo(thing);
        assertThatThrownBy(() -> iot.describeEndpoint(r -> r.endpointType("iot:Data-ATS")))
                .isInstanceOf(ThrottlingException.class);
    }

    @Test
    void rateLimit_withTimes_throttlesAtMostThatManyRequests_thenRemovesItself() {
        FaultRule rule = fixture.faults().on("CreateThing").times(1).rateLimit(1, 1, nanos::get);

        createThing();
        assertThatThrownBy(ControlPlaneRateLimitTest::createThing).isInstanceOf(ThrottlingException.class);
        createThing();

        assertThat(rule.triggered()).isEqualTo(1);
        assertThat(fixture.faults().rules()).doesNotContain(rule);
    }

    @Test
    void rateLimit_underConcurrentRequests_admitsExactlyTheBurst() throws Exception {
        fixture.faults().on("Ping").rateLimit(5, 5, nanos::get);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                tasks.add(() -> {
                    int admitted = 0;
                    for (int i = 0; i < 200; i++) {
                        if (fixture.faults().fire("Ping", null, null).isEmpty()) {
                            admitted++;
                        }
                    }
                    return admitted;
                });
            }
            int admitted = 0;
            for (Future<Integer> f : pool.invokeAll(tasks)) {
                admitted += f.get();
            }
            assertThat(admitted).isEqualTo(5);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rateLimit_byApiName_usesOneSecondOfRequestsAsBurst() {
        FaultRule createThing = fixture.faults().rateLimit("CreateThing", 15);
        FaultRule slow = fixture.faults().rateLimit("RegisterCertificateWithoutCA", 0.5);
        FaultRule explicit = fixture.faults().rateLimit("AttachPolicy", 15, 3);

        assertThat(createThing.requestsPerSecond()).hasValue(15);
        assertThat(createThing.burst()).isEqualTo(15);
        assertThat(slow.burst()).isEqualTo(1);
        assertThat(explicit.burst()).isEqualTo(3);
        assertThat(fixture.faults().on("CreateThing").throttle().requestsPerSecond()).isEmpty();
    }

    @Test
    void rateLimit_whenRateOrBurstInvalid_throwsNamingTheField() {
        assertThatThrownBy(() -> fixture.faults().rateLimit("CreateThing", 0))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("requestsPerSecond");
        assertThatThrownBy(() -> fixture.faults().rateLimit("CreateThing", Double.NaN))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("requestsPerSecond");
        assertThatThrownBy(() -> fixture.faults().rateLimit("CreateThing", 10, 0))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("burst");
        assertThatThrownBy(() -> fixture.faults().rateLimit(" ", 10))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("target");
        assertThat(fixture.faults().rules()).isEmpty();
    }
}
