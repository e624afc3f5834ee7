package org.carecall.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One run's figures: latency rows (percentiles in milliseconds) and named figures, printed and written
 * to {@code bench/results/} as Markdown, CSV and an SVG chart of the latency distributions, with the
 * machine they were measured on.
 */
final class Report {
    private static final double[] CHART_PERCENTILES = {0, 50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99};
    private static final String[] COLOURS = {"#c0392b", "#2471a3", "#1e8449", "#b9770e", "#7d3c98", "#566573"};

    private final String scenario;
    private final String profile;
    private final List<Latency> latencies = new ArrayList<>();
    private final Map<String, String> figures = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    Report(String scenario, String profile) {
        this.scenario = scenario;
        this.profile = profile;
    }

    void latency(Latency latency) {
        latencies.add(latency);
    }

    List<Latency> latencies() {
        return List.copyOf(latencies);
    }

    void figure(String name, Object value) {
        String text = value instanceof Double number ? String.format(Locale.ROOT, "%.2f", number) : String.valueOf(value);
        figures.put(name, text);
        System.out.printf("  %-58s %s%n", name, text);
    }

    /** A figure as it was printed, or null when the run did not record it. */
    String figure(String name) {
        return figures.get(name);
    }

    void note(String note) {
        notes.add(note);
    }

    /** Writes the Markdown, CSV and SVG files; returns the Markdown file. */
    Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        String stem = LocalDate.now(ZoneOffset.UTC) + "-" + scenario + ("full".equals(profile) ? "" : "-" + profile);
        Files.writeString(dir.resolve(stem + ".csv"), csv());
        if (!latencies.isEmpty()) {
            Files.writeString(dir.resolve(stem + ".svg"), svg());
        }
        Path markdown = dir.resolve(stem + ".md");
        Files.writeString(markdown, markdown(stem));
        return markdown;
    }

    void print() {
        System.out.printf("%n  %-48s %8s %8s %8s %8s %8s %8s%n", "latency (ms)", "count", "p50", "p90", "p99", "p99.9",
                "max");
        for (Latency latency : latencies) {
            System.out.printf(Locale.ROOT, "  %-48s %8d %8.3f %8.3f %8.3f %8.3f %8.3f%n", latency.name(),
                    latency.count(), latency.millisAt(50), latency.millisAt(90), latency.millisAt(99),
                    latency.millisAt(99.9), latency.maxMillis());
        }
    }

    private String markdown(String stem) {
        StringBuilder md = new StringBuilder("# Benchmark `" + scenario + "` (" + profile + " profile)\n\n");
        md.append(machine()).append("\n\n");
        if (!latencies.isEmpty()) {
            md.append("| latency (ms) | count | p50 | p90 | p99 | p99.9 | max |\n|---|---|---|---|---|---|---|\n");
            for (Latency latency : latencies) {
                md.append(String.format(Locale.ROOT, "| %s | %d | %.3f | %.3f | %.3f | %.3f | %.3f |%n",
                        latency.name(), latency.count(), latency.millisAt(50), latency.millisAt(90),
                        latency.millisAt(99), latency.millisAt(99.9), latency.maxMillis()));
            }
            md.append('\n');
        }
        md.append("| figure | value |\n|---|---|\n");
        figures.forEach((name, value) -> md.append("| ").append(name).append(" | ").append(value).append(" |\n"));
        if (!notes.isEmpty()) {
            md.append('\n');
            notes.forEach(note -> md.append("- ").append(note).append('\n'));
        }
        if (!latencies.isEmpty()) {
            md.append("\n![latency distributions](").append(stem).append(".svg)\n");
        }
        return md.toString();
    }

    private String csv() {
        StringBuilder csv = new StringBuilder("kind,name,count,p50_ms,p90_ms,p99_ms,p999_ms,max_ms,value\n");
        for (Latency latency : latencies) {
            csv.append(String.format(Locale.ROOT, "latency,\"%s\",%d,%.3f,%.3f,%.3f,%.3f,%.3f,%n", latency.name(),
                    latency.count(), latency.millisAt(50), latency.millisAt(90), latency.millisAt(99),
                    latency.millisAt(99.9), latency.maxMillis()));
        }
        figures.forEach((name, value) -> csv.append("figure,\"").append(name).append("\",,,,,,,\"").append(value)
                .append("\"\n"));
        return csv.toString();
    }

    /** Latency against percentile, both on log scales, the usual way to show a tail. */
    private String svg() {
        int width = 1120;
        int height = 440;
        int left = 70;
        int top = 20;
        int plotW = 520;
        int plotH = 360;
        StringBuilder svg = new StringBuilder(String.format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\""
                + " height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n<rect width=\"100%%\" height=\"100%%\""
                + " fill=\"white\"/>%n", width, height));
        for (int decade = -2; decade <= 4; decade++) {
            double y = top + plotH - (decade + 2) / 6.0 * plotH;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s ms</text>%n", left, left + plotW, y, y, left - 6,
                    y + 4, decade < 0 ? "0." + "0".repeat(-decade - 1) + "1" : "1" + "0".repeat(decade)));
        }
        String[] xLabels = {"0%", "90%", "99%", "99.9%", "99.99%"};
        for (int i = 0; i < xLabels.length; i++) {
            double x = left + i / 4.0 * plotW;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#ddd\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", x, x, top, top + plotH, x,
                    top + plotH + 16, xLabels[i]));
        }
        svg.append(String.format("<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">percentile</text>%n",
                left + plotW / 2, top + plotH + 34));
        int row = 0;
        for (Latency latency : latencies) {
            if (latency.count() == 0) {
                continue;
            }
            String colour = COLOURS[row % COLOURS.length];
            StringBuilder points = new StringBuilder();
            for (double p : CHART_PERCENTILES) {
                double x = left + Math.log10(1 / (1 - p / 100.0)) / 4.0 * plotW;
                double ms = Math.max(0.01, latency.millisAt(p));
                double y = top + plotH - (Math.log10(ms) + 2) / 6.0 * plotH;
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, Math.max(top, y)));
            }
            svg.append(String.format("<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n",
                    colour, points.toString().trim()));
            svg.append(String.format("<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text>%n", left + plotW + 14, top + row * 20, colour,
                    left + plotW + 32, top + row * 20 + 11, escape(latency.name())));
            row++;
        }
        return svg.append("</svg>\n").toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    static String machine() {
        String cpu = "unknown CPU";
        long memoryMib = -1;
        try {
            Matcher model = Pattern.compile("model name\\s*:\\s*(.+)").matcher(Files.readString(Path.of("/proc/cpuinfo")));
            cpu = model.find() ? model.group(1).trim() : cpu;
            Matcher total = Pattern.compile("MemTotal:\\s+(\\d+)").matcher(Files.readString(Path.of("/proc/meminfo")));
            memoryMib = total.find() ? Long.parseLong(total.group(1)) / 1024 : -1;
        } catch (IOException notLinux) {
            // left as unknown
        }
        return String.format("Measured %s on %d cores (%s), %d MiB of memory, Java %s, %s.", LocalDate.now(ZoneOffset.UTC),
                Runtime.getRuntime().availableProcessors(), cpu, memoryMib, Runtime.version(), System.getProperty("os.name")
                        + " " + System.getProperty("os.version"));
    }
}
