package io.github.fleetprov.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.admin.internal.RatePacer;
import io.github.fleetprov.core.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ApiRateLimiterTest {

    @Test
    void awsPublishedDefaults_carryTheIotQuotasOfTheOnboardingApis() {
        ApiRateLimiter limiter = ApiRateLimiter.awsPublishedDefaults();

        assertThat(limiter.limit("IoT", "CreateThing")).contains(15d);
        assertThat(limiter.limit("IoT", "CreateKeysAndCertificate")).contains(10d);
        assertThat(limiter.limit("IoT", "AttachPolicy")).contains(15d);
        assertThat(limiter.limit("IoT", "AttachThingPrincipal")).contains(15d);
        assertThat(limiter.limit("IoT", "RegisterCertificateWithoutCA")).contains(10d);
        assertThat(limiter.limit("S3", "PutObject")).isEmpty();
    }

    @Test
    void builder_scaleAndUnlimited_changeOnlyWhatTheyName() {
        ApiRateLimiter limiter = ApiRateLimiter.awsPublishedDefaults().toBuilder().scaleAll(2)
                .unlimited("IoT", "DescribeThing").limit("S3", "PutObject", 100).build();

        assertThat(limiter.limit("IoT", "CreateThing")).contains(30d);
        assertThat(limiter.limit("IoT", "DescribeThing")).isEmpty();
        assertThat(limiter.limit("S3", "PutObject")).contains(100d);
    }

    @Test
    void builder_whenRateNotPositive_throwsNamingFieldAndApi() {
        assertThatThrownBy(() -> ApiRateLimiter.builder().limit("IoT", "CreateThing", 0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("callsPerSecond: IoT CreateThing rate must be positive");
    }

    @Test
    void acquire_onUnlimitedApi_returnsAtOnce() {
        ApiRateLimiter.builder().build().acquire("IoT", "CreateThing");

        assertThat(ApiRateLimiter.builder().build().limit("IoT", "CreateThing")).isEmpty();
    }

    @Test
    void ratePacer_spacesReservationsEvenlyWithoutBurst() {
        AtomicLong now = new AtomicLong(1_000L);
        RatePacer pacer = new RatePacer(10, now::get, nanos -> now.addAndGet(nanos));
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            waits.add(pacer.reserve());
        }

        assertThat(waits).containsExactly(0L, 100_000_000L, 200_000_000L, 300_000_000L);
    }

    @Test
    void ratePacer_afterIdlePeriod_doesNotBankPermits() throws InterruptedException {
        AtomicLong now = new AtomicLong(0L);
        RatePacer pacer = new RatePacer(10, now::get, nanos -> now.addAndGet(nanos));
        pacer.acquire();
        now.addAndGet(5_000_000_000L);

        assertThat(pacer.reserve()).isZero();
        assertThat(pacer.reserve()).isEqualTo(100_000_000L);
    }

    @Test
    void ratePacer_acquire_sleepsUntilItsSlot() throws InterruptedException {
        AtomicLong now = new AtomicLong(0L);
        List<Long> slept = new ArrayList<>();
        RatePacer pacer = new RatePacer(4, now::get, nanos -> {
            slept.add(nanos);
            now.addAndGet(nanos);
        });
        pacer.acquire();
        pacer.acquire();
        pacer.acquire();

        assertThat(slept).containsExactly(250_000_000L, 250_000_000L);
    }
}
