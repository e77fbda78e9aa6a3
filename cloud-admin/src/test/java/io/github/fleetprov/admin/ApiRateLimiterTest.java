package io.github.fleetprov.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.core.InvalidInputException;
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
}
