package io.github.fleetprov.samples.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Percentiles of a set of durations, by the nearest-rank method (the p-th percentile is the
 * smallest sample that at least p percent of the samples are less than or equal to).
 */
public final class Percentiles {

    private final List<Duration> sorted;

    private Percentiles(List<Duration> sorted) {
        this.sorted = sorted;
    }

    /**
     * The percentiles of some durations.
     *
     * @param samples the durations (copied)
     * @return the percentiles
     */
    public static Percentiles of(Collection<Duration> samples) {
        Objects.requireNonNull(samples, "samples");
        List<Duration> copy = new ArrayList<>(samples);
        copy.sort(null);
        return new Percentiles(List.copyOf(copy));
    }

    /**
     * The number of samples.
     *
     * @return the count
     */
    public int count() {
        return sorted.size();
    }

    /**
     * A percentile.
     *
     * @param p the percentile, above 0 and at most 100
     * @return the duration, {@link Duration#ZERO} when there are no samples
     */
    public Duration percentile(double p) {
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("p must be in (0, 100], was " + p);
        }
        if (sorted.isEmpty()) {
            return Duration.ZERO;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    /**
     * The largest sample.
     *
     * @return the duration, {@link Duration#ZERO} when there are no samples
     */
    public Duration max() {
        return sorted.isEmpty() ? Duration.ZERO : sorted.get(sorted.size() - 1);
    }
}
