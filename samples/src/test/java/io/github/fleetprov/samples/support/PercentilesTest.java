package io.github.fleetprov.samples.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PercentilesTest {

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    @Test
    void percentile_usesNearestRank() {
        Percentiles p = Percentiles.of(IntStream.rangeClosed(1, 100).mapToObj(i -> ms(101 - i)).toList());

        assertThat(p.percentile(50)).isEqualTo(ms(50));
        assertThat(p.percentile(99)).isEqualTo(ms(99));
        assertThat(p.percentile(100)).isEqualTo(ms(100));
        assertThat(p.max()).isEqualTo(ms(100));
        assertThat(p.count()).isEqualTo(100);
    }

    @Test
    void percentile_ofFewSamples_isAnActualSample() {
        Percentiles p = Percentiles.of(List.of(ms(30), ms(10), ms(20)));

        assertThat(p.percentile(50)).isEqualTo(ms(20));
        assertThat(p.percentile(99)).isEqualTo(ms(30));
    }

    @Test
    void percentile_ofNoSamples_isZero() {
        assertThat(Percentiles.of(List.of()).percentile(50)).isEqualTo(Duration.ZERO);
        assertThat(Percentiles.of(List.of()).max()).isEqualTo(Duration.ZERO);
    }
}
