package org.cortege.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * One table for every benchmark of a run ({@code mvn -pl backend test -Pbenchmark}): each benchmark
 * records its headline figures beside the baseline it measured in the same run, and this listener
 * of the test run prints them together at the end and writes them to
 * {@code target/benchmark-table.md}, so two commits can be compared on one machine line by line.
 * Runs of the ordinary tests record nothing and print nothing.
 */
public final class BenchTable implements TestExecutionListener {

    private record Row(String benchmark, String what, String figure, String baseline, String ratio) {
    }

    private static final List<Row> ROWS = new ArrayList<>();

    /** A headline figure and its same-run baseline ({@code ratio}: figure over baseline, NaN when none). */
    public static synchronized void row(String benchmark, String what, String figure, String baseline, double ratio) {
        ROWS.add(new Row(benchmark, what, figure, baseline, Double.isNaN(ratio) ? "" : String.format(Locale.ROOT, "%.2f", ratio)));
    }

    /** A {@link LoadRun} line against its baseline run: rate and p95 of each, and the ratio of the rates. */
    public static void row(String benchmark, LoadRun.Result figure, LoadRun.Result baseline) {
        row(benchmark, figure.name(), rate(figure), baseline.name() + ": " + rate(baseline), figure.perSecond() / baseline.perSecond());
    }

    private static String rate(LoadRun.Result r) {
        return String.format(Locale.ROOT, "%,.1f", r.perSecond()).replace(',', '\u202f') + "/s, p95 "
                + String.format(Locale.ROOT, "%.1f ms", r.percentileMillis(0.95));
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        List<Row> rows;
        synchronized (BenchTable.class) {
            rows = List.copyOf(ROWS);
        }
        if (rows.isEmpty()) {
            return;
        }
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%n=== Benchmarks of this run: %d figures, each beside its "
                + "baseline measured in the same run (%d CPU) ===%n", rows.size(), Runtime.getRuntime().availableProcessors()));
        out.append("| benchmark | what | figure | baseline (same run) | ratio |\n| --- | --- | --- | --- | --- |\n");
        for (Row r : rows) {
            out.append("| ").append(r.benchmark()).append(" | ").append(r.what().replace("|", "/")).append(" | ").append(r.figure())
                    .append(" | ").append(r.baseline().replace("|", "/")).append(" | ").append(r.ratio()).append(" |\n");
        }
        System.out.print(out);
        try {
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", "benchmark-table.md"), out.toString());
        } catch (IOException e) {
            System.out.println("could not write target/benchmark-table.md: " + e);
        }
    }
}
