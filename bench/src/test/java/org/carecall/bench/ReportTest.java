package org.carecall.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The bench's own arithmetic and files: what it records is what it prints and writes. */
class ReportTest {

    @Test
    void percentilesComeFromWhatWasRecorded() {
        Latency latency = new Latency("press to RECEIVED at the device");
        for (int ms = 1; ms <= 100; ms++) {
            latency.record(0, TimeUnit.MILLISECONDS.toNanos(ms));
        }

        assertThat(latency.count()).isEqualTo(100);
        assertThat(latency.millisAt(50)).isBetween(49.9, 50.1);
        assertThat(latency.millisAt(99)).isBetween(98.9, 99.1);
        assertThat(latency.maxMillis()).isBetween(99.9, 100.1);

        latency.reset();
        assertThat(latency.count()).isZero();
        assertThat(latency.millisAt(50)).isNaN();
    }

    @Test
    void aRunIsWrittenAsMarkdownCsvAndAChart() throws Exception {
        Latency latency = new Latency("press to RECEIVED at the device");
        latency.record(0, TimeUnit.MICROSECONDS.toNanos(1_250));
        Report report = new Report("latency", "quick");
        report.latency(latency);
        report.figure("lost (pressed, not stored)", 0);
        Path dir = Files.createTempDirectory("carecall-results-");

        Path markdown = report.write(dir);

        assertThat(markdown.getFileName().toString()).endsWith("-latency-quick.md");
        assertThat(markdown).content().contains("| press to RECEIVED at the device | 1 | 1.250 |")
                .contains("| lost (pressed, not stored) | 0 |").contains("cores");
        Path stem = dir.resolve(markdown.getFileName().toString().replace(".md", ""));
        assertThat(Path.of(stem + ".csv")).content().contains("latency,\"press to RECEIVED at the device\",1,1.250");
        assertThat(Path.of(stem + ".svg")).content().startsWith("<svg").contains("<polyline");
    }

    @Test
    void aRunWithoutLatenciesHasNoEmptyTableOrChart() throws Exception {
        Report report = new Report("scale", "quick");
        report.figure("units connected", "5000 of 5000");
        Path dir = Files.createTempDirectory("carecall-results-");

        Path markdown = report.write(dir);

        assertThat(markdown).content().doesNotContain("latency (ms)").doesNotContain(".svg");
        try (var files = Files.list(dir)) {
            assertThat(files.map(file -> file.getFileName().toString())).noneMatch(name -> name.endsWith(".svg"));
        }
    }
}
