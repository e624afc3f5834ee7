package org.carecall.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Writes the tables of {@code docs/reliability.md} from what the fault scenarios, the security checks and
 * the fuzz targets recorded in their last run ({@code target/reliability/*.tsv} and
 * {@code fuzz/target/fuzz/*.txt}). Only the parts between the page's {@code <!-- generated:NAME -->}
 * markers change; the prose around them is written by people.
 */
final class ReliabilityReport {
    private final Path root;

    ReliabilityReport(Path root) {
        this.root = root;
    }

    /** Rewrites the generated parts of the page; returns the page. */
    Path regenerate() throws IOException {
        Path page = root.resolve("docs").resolve("reliability.md");
        String text = Files.readString(page);
        text = replace(text, "run", run());
        text = replace(text, "scenarios", scenarios());
        text = replace(text, "upgrade", upgrade());
        text = replace(text, "fuzzing", fuzzing());
        text = replace(text, "security", security());
        Files.writeString(page, text);
        return page;
    }

    private String run() throws IOException {
        List<String[]> rows = rows("scenario-");
        String profile = rows.stream().map(row -> row[row.length - 1]).distinct().sorted()
                .reduce((a, b) -> a + ", " + b).orElse("none");
        return Report.machine() + " Scenario profile: " + profile + ".\n";
    }

    private String scenarios() throws IOException {
        StringBuilder md = new StringBuilder("| scenario | fault | pressed | stored | RECEIVED | notified | lost | doubled"
                + " | figures |\n|---|---|---|---|---|---|---|---|---|\n");
        for (String[] row : rows("scenario-")) {
            md.append("| `").append(row[0]).append("` | ").append(row[1]);
            for (int i = 2; i <= 7; i++) {
                md.append(" | ").append(row[i].equals("-1") ? "not measured" : row[i]);
            }
            md.append(" | ").append(row[8]).append(" |\n");
        }
        return md.toString();
    }

    private String upgrade() throws IOException {
        StringBuilder md = new StringBuilder("| scenario | procedure | calls pressed during the roll-over | lost | doubled"
                + " | longest time a unit had no hub | consoles silent | figures |\n|---|---|---|---|---|---|---|---|\n");
        for (String[] row : rows("upgrade-")) {
            md.append("| `").append(row[0]).append("` | ").append(row[1]).append(" | ").append(row[2]).append(" | ")
                    .append(row[3]).append(" | ").append(row[4]).append(" | ").append(row[5]).append(" ms | ")
                    .append(row[6]).append(" | ").append(row[7]).append(" |\n");
        }
        return md.toString();
    }

    private String fuzzing() throws IOException {
        StringBuilder md = new StringBuilder("| target | inputs run | seconds (whole JVM) | findings |\n|---|---|---|---|\n");
        Path dir = root.resolve("fuzz").resolve("target").resolve("fuzz");
        List<String[]> runs = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.filter(f -> f.getFileName().toString().endsWith("-fuzzing.txt")).sorted().toList()) {
                    runs.add(Files.readString(file).trim().split(" "));
                }
            }
        }
        long inputs = 0;
        long seconds = 0;
        for (String[] run : runs) {
            // target, inputs, seconds, mode, findings (inputs that failed the target and stopped the run)
            String findings = run.length > 4 && !run[4].equals("0") ? run[4] + " (see the regression inputs)" : "none";
            md.append("| `").append(run[0]).append("` | ").append(String.format(Locale.ROOT, "%,d", Long.parseLong(run[1])))
                    .append(" | ").append(run[2]).append(" | ").append(findings).append(" |\n");
            inputs += Long.parseLong(run[1]);
            seconds += Long.parseLong(run[2]);
        }
        md.append(String.format(Locale.ROOT, "%nIn all: %,d inputs in %.2f hours of fuzzing.%n", inputs, seconds / 3600.0));
        return md.toString();
    }

    private String security() throws IOException {
        StringBuilder md = new StringBuilder("| check | what holds | shown by |\n|---|---|---|\n");
        for (String[] row : rows("security-")) {
            md.append("| `").append(row[0]).append("` | ").append(row[1]).append(" | ").append(row[2]).append(" |\n");
        }
        return md.toString();
    }

    private List<String[]> rows(String prefix) throws IOException {
        Path dir = root.resolve("target").resolve("reliability");
        List<String[]> rows = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return rows;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith(prefix)).sorted().toList()) {
                rows.add(Files.readString(file).trim().split("\t"));
            }
        }
        return rows;
    }

    private static String replace(String page, String name, String generated) {
        String start = "<!-- generated:" + name + " -->";
        String end = "<!-- /generated:" + name + " -->";
        int from = page.indexOf(start);
        int to = page.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalStateException("docs/reliability.md has no " + start + " ... " + end + " part");
        }
        return page.substring(0, from + start.length()) + "\n" + generated + page.substring(to);
    }
}
