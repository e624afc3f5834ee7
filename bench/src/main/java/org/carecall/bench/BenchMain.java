package org.carecall.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./carecall bench [latency|storm|scale|reconnect|agent|floor|nodes|idle|idle-without-plans|logins|checkin-rush|all] [--quick] [--out DIR] [--store postgresql]}:
 * runs the scenarios against a
 * real hub process over loopback, prints the figures and writes them to {@code bench/results/}. Every
 * run is bounded in count and time. {@code --quick} is the small profile (fewer devices and presses).
 * {@code reliability} rewrites the tables of {@code docs/reliability.md} from the fault suite's last run.
 */
public final class BenchMain {
    private static final List<String> SCENARIOS = List.of("latency", "storm", "scale", "reconnect", "agent", "floor", "nodes", "idle",
            "idle-without-plans", "logins", "checkin-rush");

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        String scenario = "all";
        boolean quick = false;
        boolean postgres = false;
        Path out = Path.of("bench/results");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--out" -> out = Path.of(args[++i]);
                case "--store" -> postgres = i + 1 < args.length && args[++i].toLowerCase(Locale.ROOT).startsWith("postgres");
                default -> scenario = args[i].toLowerCase(Locale.ROOT);
            }
        }
        if (scenario.equals("reliability")) {
            // The repository is two levels above bench/results.
            Path page = new ReliabilityReport(out.toAbsolutePath().getParent().getParent()).regenerate();
            System.out.println("written to " + page);
            System.exit(0);
        }
        if (!scenario.equals("all") && !SCENARIOS.contains(scenario)) {
            System.err.println("usage: carecall bench [" + String.join("|", SCENARIOS) + "|all] [--quick] [--out DIR]"
                    + " [--store postgresql]");
            System.exit(2);
        }
        if (postgres && !List.of("latency", "storm", "idle", "idle-without-plans", "checkin-rush").contains(scenario)) {
            System.err.println("carecall bench: --store postgresql is for latency, storm, idle and checkin-rush");
            System.exit(2);
        }
        Scenarios scenarios = new Scenarios(quick, out, Path.of(System.getProperty("java.io.tmpdir"), "carecall-bench"),
                postgres);
        for (String name : scenario.equals("all") ? SCENARIOS : List.of(scenario)) {
            System.out.println("== " + name + (quick ? " (quick)" : ""));
            Report report = switch (name) {
                case "latency" -> scenarios.latency();
                case "storm" -> scenarios.storm();
                case "scale" -> scenarios.scale();
                case "reconnect" -> scenarios.reconnect();
                case "agent" -> scenarios.agent();
                case "nodes" -> scenarios.nodes();
                case "idle" -> scenarios.idle(true);
                case "idle-without-plans" -> scenarios.idle(false);
                case "logins" -> scenarios.logins();
                case "checkin-rush" -> scenarios.checkInRush();
                default -> scenarios.floor();
            };
            report.print();
            System.out.println("  written to " + report.write(out));
        }
        System.exit(0);
    }
}
