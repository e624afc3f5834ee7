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

    /**
     * Rewrites the generated parts of the page; returns the page. A part whose run left nothing in the
     * ledger (only the fuzz targets were run, say) is left as it was, not emptied.
     */
    Path regenerate() throws IOException {
        Path page = root.resolve("docs").resolve("reliability.md");
        String text = Files.readString(page);
        boolean scenariosRan = !rows("scenario-").isEmpty();
        text = scenariosRan ? replace(text, "run", run()) : text;
        text = scenariosRan ? replace(text, "scenarios", scenarios()) : text;
        text = rows("upgrade-").isEmpty() ? text : replace(text, "upgrade", upgrade());
        text = rows("failover-").isEmpty() ? text : replace(text, "failover", failover());
        text = fuzzRuns().isEmpty() ? text : replace(text, "fuzzing", fuzzing());
        text = rows("security-").isEmpty() ? text : replace(text, "security", security());
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

    /**
     * The faults made to a database run by Patroni, in the order they were made in one run: what Patroni did
     * and when it had a running leader again, beside when the units heard RECEIVED again.
     */
    private String failover() throws IOException {
        List<String[]> rows = rows("failover-");
        StringBuilder md = new StringBuilder();
        // fault, what Patroni did, pressed, lost, doubled, Patroni ms, RECEIVED again ms, longest wait ms, console,
        // settings, profile
        md.append(Report.machine()).append(" Profile ").append(rows.getFirst()[10]).append(": ").append(rows.getFirst()[9]).append(".\n\n");
        md.append("| fault | pressed | lost | doubled | Patroni: a running leader again after | calls RECEIVED again after"
                + " | longest wait of a call | what Patroni did, and the recovery | the console meanwhile |\n"
                + "|---|---|---|---|---|---|---|---|---|\n");
        for (String[] row : rows) {
            md.append("| ").append(row[0]).append(" | ").append(row[2]).append(" | ").append(row[3]).append(" | ")
                    .append(row[4]).append(" | ").append(seconds(row[5])).append(" | ").append(seconds(row[6]))
                    .append(" | ").append(seconds(row[7])).append(" | ").append(row[1]).append(" | ").append(row[8])
                    .append(" |\n");
        }
        return md.toString();
    }

    private static String seconds(String millis) {
        return String.format(Locale.ROOT, "%.1f s", Long.parseLong(millis) / 1000.0);
    }

    private List<String[]> fuzzRuns() throws IOException {
        Path dir = root.resolve("fuzz").resolve("target").resolve("fuzz");
        List<String[]> runs = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.filter(f -> f.getFileName().toString().endsWith("-fuzzing.txt")).sorted().toList()) {
                    runs.add(Files.readString(file).trim().split(" "));
                }
            }
        }
        return runs;
    }

    private String fuzzing() throws IOException {
        StringBuilder md = new StringBuilder("| target | inputs run | seconds (whole JVM) | findings |\n|---|---|---|---|\n");
        List<String[]> runs = fuzzRuns();
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
