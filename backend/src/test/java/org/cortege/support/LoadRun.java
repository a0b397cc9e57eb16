package org.cortege.support;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/** Runs numbered calls on a few threads for the benchmarks and reports rate and percentiles. */
public final class LoadRun {

    /** The latency of each call and the wall time of the whole run. */
    public record Result(String name, long[] latenciesNanos, long wallNanos) {

        public double perSecond() {
            return latenciesNanos.length / (wallNanos / 1e9);
        }

        public double percentileMillis(double p) {
            long[] sorted = latenciesNanos.clone();
            Arrays.sort(sorted);
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
        }

        /** One line: count, rate, p50, p95 and the rate's ratio to {@code baseline}'s. */
        public String line(Result baseline) {
            return String.format(Locale.ROOT, "%-100s %7d req  %9.1f /s  p50 %6.2f ms  p95 %6.2f ms  ratio to baseline %5.2f",
                    name, latenciesNanos.length, perSecond(), percentileMillis(0.5), percentileMillis(0.95),
                    perSecond() / baseline.perSecond());
        }
    }

    private LoadRun() {
    }

    /** Calls {@code call} with 0…count-1 from {@code threads} threads; an exception in a call fails the run. */
    public static Result run(String name, int threads, int count, IntConsumer call) throws Exception {
        long[] latencies = new long[count];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long started = System.nanoTime();
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < count) {
                        long t0 = System.nanoTime();
                        call.accept(i);
                        latencies[i] = System.nanoTime() - t0;
                    }
                }));
            }
            for (Future<?> w : workers) {
                w.get();
            }
            return new Result(name, latencies, System.nanoTime() - started);
        } finally {
            pool.shutdown();
        }
    }
}
