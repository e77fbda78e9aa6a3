package io.github.fleetprov.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.core.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Builder validation, the shared instance's identity, and the test clock. */
@ExtendWith(LocalIotCoreExtension.class)
class LocalIotCoreBuilderTest {

    @Test
    void builder_withBadSettings_throwsInvalidInputNamingTheField() {
        assertThatThrownBy(() -> LocalIotCore.builder().region("Mars")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("region");
        assertThatThrownBy(() -> LocalIotCore.builder().accountId("12")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("accountId");
        assertThatThrownBy(() -> LocalIotCore.builder().mqttPort(70000)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("mqttPort");
        assertThatThrownBy(() -> LocalIotCore.builder().s3Endpoint(java.net.URI.create("ftp://127.0.0.1:5000")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("s3Endpoint");
        assertThatThrownBy(() -> LocalIotCore.builder().hookTimeout(Duration.ZERO))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("hookTimeout");
    }

    @Test
    void shared_isOneInstanceWithLoopbackEndpointAndCaFile(LocalIotCore iot) throws Exception {
        assertThat(LocalIotCore.shared()).isSameAs(iot);
        assertThat(iot.mqttHost()).isEqualTo("localhost");
        assertThat(iot.mqttPort()).isPositive();
        assertThat(java.nio.file.Files.readString(iot.caPath())).isEqualTo(iot.caCertificatePem());
        assertThat(iot.region()).isEqualTo(LocalIotCore.DEFAULT_REGION);
        assertThat(iot.accountId()).isEqualTo(LocalIotCore.DEFAULT_ACCOUNT_ID);
        iot.close();
        assertThat(LocalIotCore.shared()).isSameAs(iot);
    }

    @Test
    void start_whileTheSharedInstanceRuns_isRefusedWithAClearMessage(LocalIotCore iot) {
        assertThat(iot.mqttPort()).isPositive();

        assertThatThrownBy(() -> LocalIotCore.builder().start()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("LocalIotCore.shared()");
    }

    @Test
    void testClock_movesOnlyForward() {
        TestClock clock = TestClock.system();
        Instant before = clock.instant();

        Instant after = clock.advance(Duration.ofHours(2));

        assertThat(Duration.between(before, after)).isGreaterThanOrEqualTo(Duration.ofHours(2));
        assertThat(clock.offset()).isEqualTo(Duration.ofHours(2));
        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("amount");
    }
}
