package org.carecall.hub.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the fault scenarios and security checks write what they found, one file each under the
 * repository's {@code target/reliability/}: {@code ./carecall bench chaos} turns them into
 * {@code docs/reliability.md}. The profile says how hard a scenario pushes: {@code quick} in the normal
 * test run, {@code full} when {@code -Dcarecall.chaos=full} (minutes of black hole, more units). A scenario
 * too long for the normal run (PatroniFailoverTest) runs only when the property is given, quick or full.
 */
public final class ReliabilityLedger {

    private ReliabilityLedger() {
    }

    /** What one fault scenario counted. Every call is counted by its id, never assumed. */
    public record Scenario(String name, String fault, int pressed, int stored, int received, int notified,
                           int lost, int doubled, String figures) {
    }

    /**
     * What one roll-over of a district counted, node by node from one release to the next while units press:
     * calls pressed meanwhile, lost (RECEIVED at the unit, not stored) and doubled, the longest time any unit
     * had no hub, and the consoles that missed a call raised while they were open (neither shown it live nor
     * on the board they got when they reconnected).
     */
    public record Upgrade(String name, String procedure, int pressed, int lost, int doubled, long longestWithoutHubMs,
                          int consolesSilent, int consoles, String figures) {
    }

    /**
     * One fault to a database cluster run by a real failover manager (Patroni): what the residents pressed
     * meanwhile and what became of it, beside the manager's own time to a running leader, the time until
     * calls were RECEIVED again and the longest a call waited for its RECEIVED. {@code order} keeps the
     * faults in the order they were made.
     */
    public record Failover(int order, String fault, String manager, int pressed, int lost, int doubled,
                           long managerMs, long receivedAgainMs, long longestWaitMs, String console,
                           String settings) {
    }

    /** One security check and what it showed. */
    public record Check(String name, String what, String evidence) {
    }

    public static boolean full() {
        return "full".equals(System.getProperty("carecall.chaos", "quick"));
    }

    /** The quick figure in the normal run, the full one under {@code -Dcarecall.chaos=full}. */
    public static int pick(int quick, int full) {
        return full() ? full : quick;
    }

    public static void record(Scenario measured) {
        // The same scenario on the PostgreSQL run is a row of its own, beside the SQLite one.
        Scenario run = TestHub.STORE.equals("postgresql")
                ? new Scenario(measured.name() + "-postgresql", measured.fault() + " (hub on PostgreSQL)",
                        measured.pressed(), measured.stored(), measured.received(), measured.notified(),
                        measured.lost(), measured.doubled(), measured.figures())
                : measured;
        System.out.printf("chaos %s: pressed %d, stored %d, RECEIVED %d, notified %d, lost %d, doubled %d; %s%n",
                run.name(), run.pressed(), run.stored(), run.received(), run.notified(), run.lost(), run.doubled(),
                run.figures());
        write("scenario-" + run.name(), String.join("\t", run.name(), run.fault(), String.valueOf(run.pressed()),
                String.valueOf(run.stored()), String.valueOf(run.received()), String.valueOf(run.notified()),
                String.valueOf(run.lost()), String.valueOf(run.doubled()), run.figures(), full() ? "full" : "quick"));
    }

    public static void record(Upgrade upgrade) {
        System.out.printf("upgrade %s: pressed %d, lost %d, doubled %d, longest without a hub %d ms, consoles silent"
                + " %d of %d; %s%n", upgrade.name(), upgrade.pressed(), upgrade.lost(), upgrade.doubled(),
                upgrade.longestWithoutHubMs(), upgrade.consolesSilent(), upgrade.consoles(), upgrade.figures());
        write("upgrade-" + upgrade.name(), String.join("\t", upgrade.name(), upgrade.procedure(),
                String.valueOf(upgrade.pressed()), String.valueOf(upgrade.lost()), String.valueOf(upgrade.doubled()),
                String.valueOf(upgrade.longestWithoutHubMs()), upgrade.consolesSilent() + " of " + upgrade.consoles(),
                upgrade.figures()));
    }

    public static void record(Failover failover) {
        System.out.printf("failover %d (%s): %s; pressed %d, lost %d, doubled %d; leader after %d ms, RECEIVED again"
                + " after %d ms, longest wait %d ms; console: %s%n", failover.order(), failover.fault(),
                failover.manager(), failover.pressed(), failover.lost(), failover.doubled(), failover.managerMs(),
                failover.receivedAgainMs(), failover.longestWaitMs(), failover.console());
        write("failover-" + failover.order(), String.join("\t", failover.fault(), failover.manager(),
                String.valueOf(failover.pressed()), String.valueOf(failover.lost()), String.valueOf(failover.doubled()),
                String.valueOf(failover.managerMs()), String.valueOf(failover.receivedAgainMs()),
                String.valueOf(failover.longestWaitMs()), failover.console(), failover.settings(),
                full() ? "full" : "quick"));
    }

    public static void record(Check check) {
        System.out.printf("security %s: %s (%s)%n", check.name(), check.what(), check.evidence());
        write("security-" + check.name(), String.join("\t", check.name(), check.what(), check.evidence()));
    }

    private static void write(String file, String line) {
        try {
            Path directory = Files.createDirectories(repositoryRoot().resolve("target").resolve("reliability"));
            Files.writeString(directory.resolve(file + ".tsv"), line.replace('\n', ' ') + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Tests run in their module's folder; the repository is where the launcher is. */
    public static Path repositoryRoot() {
        Path here = Path.of("").toAbsolutePath();
        for (Path candidate = here; candidate != null; candidate = candidate.getParent()) {
            if (Files.exists(candidate.resolve("carecall")) && Files.exists(candidate.resolve("pom.xml"))) {
                return candidate;
            }
        }
        return here;
    }
}
