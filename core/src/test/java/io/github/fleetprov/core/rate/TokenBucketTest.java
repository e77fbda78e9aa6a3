package io.github.fleetprov.core.rate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.core.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private final AtomicLong now = new AtomicLong(1_000L);

    @Test
    void reserve_withBurstOne_spacesReservationsEvenly() {
        TokenBucket bucket = TokenBucket.create(10, 1, now::get, now::addAndGet);
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            waits.add(bucket.reserve());
        }

        assertThat(waits).containsExactly(0L, 100_000_000L, 200_000_000L, 300_000_000L);
    }

    @Test
    void reserve_afterIdlePeriod_banksNoMoreThanTheBurst() throws InterruptedException {
        TokenBucket bucket = TokenBucket.create(10, 1, now::get, now::addAndGet);
        bucket.acquire();
        now.addAndGet(5_000_000_000L);

        assertThat(bucket.reserve()).isZero();
        assertThat(bucket.reserve()).isEqualTo(100_000_000L);
    }

    @Test
    void acquire_sleepsUntilItsToken() throws InterruptedException {
        List<Long> slept = new ArrayList<>();
        TokenBucket bucket = TokenBucket.create(4, 1, now::get, nanos -> {
            slept.add(nanos);
            now.addAndGet(nanos);
        });
        bucket.acquire();
        bucket.acquire();
        bucket.acquire();

        assertThat(slept).containsExactly(250_000_000L, 250_000_000L);
    }

    @Test
    void reserve_withBurst_letsTheBurstThroughThenPaces() {
        TokenBucket bucket = TokenBucket.create(2, 3, now::get);

        assertThat(List.of(bucket.reserve(), bucket.reserve(), bucket.reserve(), bucket.reserve(), bucket.reserve()))
                .containsExactly(0L, 0L, 0L, 500_000_000L, 1_000_000_000L);
    }

    @Test
    void tryTake_whenBurstSpent_refusesWithoutTakingAToken() {
        TokenBucket bucket = TokenBucket.create(2, 2, now::get);

        assertThat(bucket.tryTake()).isTrue();
        assertThat(bucket.tryTake()).isTrue();
        assertThat(bucket.tryTake()).isFalse();
        assertThat(bucket.tryTake()).isFalse();
        now.addAndGet(499_999_999L);
        assertThat(bucket.tryTake()).isFalse();
        now.addAndGet(1L);
        assertThat(bucket.tryTake()).isTrue();
        assertThat(bucket.tryTake()).isFalse();
    }

    @Test
    void tryTake_afterLongQuiet_refillsToTheBurstOnly() {
        TokenBucket bucket = TokenBucket.create(1, 3, now::get);
        for (int i = 0; i < 3; i++) {
            bucket.tryTake();
        }
        now.addAndGet(60_000_000_000L);

        assertThat(List.of(bucket.tryTake(), bucket.tryTake(), bucket.tryTake(), bucket.tryTake()))
                .containsExactly(true, true, true, false);
    }

    @Test
    void tryTake_atTheRate_neverRefuses() {
        TokenBucket bucket = TokenBucket.create(10, 1, now::get);
        for (int i = 0; i < 50; i++) {
            assertThat(bucket.tryTake()).as("request %d", i).isTrue();
            now.addAndGet(100_000_000L);
        }
    }

    @Test
    void tryTake_whenTheClockWrapsAround_keepsCounting() {
        now.set(Long.MAX_VALUE - 100_000_000L);
        TokenBucket bucket = TokenBucket.create(10, 1, now::get);

        assertThat(bucket.tryTake()).isTrue();
        assertThat(bucket.tryTake()).isFalse();
        now.addAndGet(100_000_000L);
        now.addAndGet(100_000_000L);
        assertThat(bucket.tryTake()).isTrue();
    }

    @Test
    void create_whenRateOrBurstOutOfRange_namesTheField() {
        assertThatThrownBy(() -> TokenBucket.create(0, 1)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("permitsPerSecond");
        assertThatThrownBy(() -> TokenBucket.create(Double.POSITIVE_INFINITY, 1))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("permitsPerSecond");
        assertThatThrownBy(() -> TokenBucket.create(1, 0)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("burst");
    }
}
