package org.carecall.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reliability page from the ledger: given a run that recorded only Patroni's faults, the failover
 * table is written from them, in the order the faults were made, and the parts that run left nothing for
 * keep what they had.
 */
class ReliabilityReportTest {
    private static final String PAGE = """
            # Reliability
            <!-- generated:run -->
            measured earlier
            <!-- /generated:run -->
            <!-- generated:scenarios -->
            | an earlier scenario |
            <!-- /generated:scenarios -->
            <!-- generated:failover -->
            <!-- /generated:failover -->
            <!-- generated:fuzzing -->
            | an earlier fuzz run |
            <!-- /generated:fuzzing -->
            <!-- generated:security -->
            | an earlier check |
            <!-- /generated:security -->
            """;

    @TempDir
    Path root;

    @Test
    void aRunOfPatroniFaultsWritesItsTableAndLeavesTheOthers() throws Exception {
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("docs/reliability.md"), PAGE);
        Path ledger = Files.createDirectories(root.resolve("target/reliability"));
        Files.writeString(ledger.resolve("failover-1.tsv"), String.join("\t", "postmaster killed",
                "restarted in place", "120", "0", "0", "4853", "5756", "6120", "raised at 369 ms", "ttl 10 s", "quick") + "\n");
        Files.writeString(ledger.resolve("failover-2.tsv"), String.join("\t", "Patroni killed", "failed over to db0",
                "600", "0", "0", "9257", "25216", "26002", "raised at 24427 ms", "ttl 10 s", "quick") + "\n");

        String page = Files.readString(new ReliabilityReport(root).regenerate());

        assertThat(page).contains("measured earlier", "| an earlier scenario |", "| an earlier fuzz run |",
                "| an earlier check |");
        assertThat(page).contains("Profile quick: ttl 10 s.");
        assertThat(page).contains("| postmaster killed | 120 | 0 | 0 | 4.9 s | 5.8 s | 6.1 s | restarted in place |"
                + " raised at 369 ms |");
        assertThat(page.indexOf("| postmaster killed")).isLessThan(page.indexOf("| Patroni killed"));
    }
}
