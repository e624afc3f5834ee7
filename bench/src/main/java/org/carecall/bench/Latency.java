package org.carecall.bench;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/** One measured path (press to RECEIVED, say): a histogram in microseconds, safe to record from any thread. */
public final class Latency {
    private final String name;
    private final Histogram histogram = new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(10), 3);

    public Latency(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public void record(long startNanos, long endNanos) {
        histogram.recordValue(Math.max(0, (endNanos - startNanos) / 1000));
    }

    /** Forgets what was recorded, after a warm-up. */
    public void reset() {
        histogram.reset();
    }

    public long count() {
        return histogram.getTotalCount();
    }

    /** The value at a percentile, in milliseconds. */
    public double millisAt(double percentile) {
        return count() == 0 ? Double.NaN : histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    public double maxMillis() {
        return count() == 0 ? Double.NaN : histogram.getMaxValue() / 1000.0;
    }

    public Histogram histogram() {
        return histogram;
    }
}
