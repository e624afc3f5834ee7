package org.carecall.hub.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.carecall.hub.metrics.HubMetrics;
import org.carecall.hub.store.Database;
import org.carecall.hub.store.StoreSettings;
import org.carecall.hub.support.TestPostgres;
import org.junit.jupiter.api.Test;

/**
 * The audit log as a hash chain that shows a change or a gap, and on PostgreSQL a table the hub's own
 * role can add to and read but not empty: set up exactly as docs/deployment.md says.
 */
class AuditChainTest {
    private static final Path DOCS = Path.of("..", "docs", "deployment.md");

    @Test
    void anAttackerWithTheSqliteFileWhoDeletesARowLeavesAGapThatVerifyNames() throws Exception {
        Path dataDir = Files.createTempDirectory("carecall-audit-");
        long second;
        try (Database database = Database.open(dataDir)) {
            AuditLog audit = new AuditLog(database, new HubMetrics(), Clock.systemUTC());
            audit.changed("admin", "staff.created", null, "127.0.0.1", "account 'li.na' (DUTY)");
            audit.changed("admin", "resident.health-read", null, "127.0.0.1", "read the health notes of resident r-1");
            audit.changed("li.na", "login", null, "10.0.0.7", "logged in as duty");

            assertThat(audit.verify().whole()).as(audit.verify().sentence()).isTrue();
            assertThat(audit.verify().chained()).isEqualTo(3);
            second = audit.recent(null, 3).get(1).seq();
        }
        try (Connection file = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("carecall-hub.db"));
             Statement statement = file.createStatement()) {
            assertThatThrownBy(() -> statement.execute("DELETE FROM audit_log WHERE seq = " + second))
                    .hasMessageContaining("append-only"); // the triggers stay
            statement.execute("DROP TRIGGER audit_log_no_delete");
            statement.execute("DELETE FROM audit_log WHERE seq = " + second);
        }
        try (Database database = Database.open(dataDir)) {
            AuditChain.Verdict verdict = new AuditLog(database, new HubMetrics(), Clock.systemUTC()).verify();

            assertThat(verdict.whole()).isFalse();
            assertThat(verdict.firstBad()).isEqualTo(second + 1);
            assertThat(verdict.sentence()).contains("row " + (second + 1)).contains("missing");
        }
    }

    @Test
    void rowsFromBeforeTheChainAreCountedApartAndTheChainStartsAfterThem() throws Exception {
        Path dataDir = Files.createTempDirectory("carecall-audit-");
        try (Database database = Database.open(dataDir)) {
            database.writer().routine(connection -> {
                try (Statement statement = connection.createStatement()) {
                    return statement.executeUpdate("INSERT INTO audit_log (at, event, actor, reason)"
                            + " VALUES (1, 'staff.created', 'admin', 'written by an older hub')");
                }
            }).join();
            AuditLog audit = new AuditLog(database, new HubMetrics(), Clock.systemUTC());
            audit.changed("admin", "staff.updated", null, "127.0.0.1", "account 'li.na': phone: (none) → '123'");

            AuditChain.Verdict verdict = audit.verify();

            assertThat(verdict.whole()).isTrue();
            assertThat(verdict.older()).isEqualTo(1);
            assertThat(verdict.chained()).isEqualTo(1);
        }
    }

    @Test
    void onPostgresqlTheHubsRoleAddsAndReadsButCannotEmptyAndAnEditByTheOwnerIsNamed() throws Exception {
        TestPostgres server = TestPostgres.shared();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String hubRole = "hub_" + suffix;
        String ownerRole = "audit_owner_" + suffix;
        String name = "audit_" + suffix;
        superuser(server, "postgres", "CREATE ROLE " + hubRole + " LOGIN PASSWORD 'hub-password-1'",
                "CREATE DATABASE " + name + " OWNER " + hubRole);
        StoreSettings asHub = new StoreSettings(server.url(name), hubRole, "hub-password-1");
        try (Database database = Database.postgres(asHub)) { // the hub's first start makes the tables
            new AuditLog(database, new HubMetrics(), Clock.systemUTC())
                    .changed("admin", "staff.created", null, "127.0.0.1", "account 'li.na' (DUTY)");
        }

        superuser(server, name, ownerSql(name, hubRole, ownerRole).toArray(String[]::new));

        long edited;
        try (Database database = Database.postgres(asHub)) {
            AuditLog audit = new AuditLog(database, new HubMetrics(), Clock.systemUTC());
            audit.changed("li.na", "login", null, "10.0.0.7", "logged in as duty");
            audit.changed("li.na", "duty.on", null, "10.0.0.7", "went on duty");
            assertThat(audit.verify().whole()).as(audit.verify().sentence()).isTrue();
            assertThat(audit.verify().chained()).isEqualTo(3);
            edited = audit.recent(null, 3).get(1).seq();

            try (Connection hub = DriverManager.getConnection(server.url(name), hubRole, "hub-password-1");
                 Statement statement = hub.createStatement()) {
                for (String attack : List.of("TRUNCATE audit_log", "DROP TABLE audit_log",
                        "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update",
                        "UPDATE audit_log SET reason = 'nothing' WHERE seq = " + edited,
                        "DELETE FROM audit_log WHERE seq = " + edited,
                        "CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql"
                                + " AS $$ BEGIN RETURN NEW; END; $$")) {
                    assertThat(refusal(statement, attack)).as(attack).containsAnyOf("permission denied", "must be owner");
                }
            }
            try (Connection hub = DriverManager.getConnection(server.url("postgres"), hubRole, "hub-password-1");
                 Statement statement = hub.createStatement()) {
                assertThat(refusal(statement, "DROP DATABASE " + name)).contains("must be owner");
            }

            superuser(server, name, "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update",
                    "UPDATE audit_log SET reason = 'went on duty for grid 3' WHERE seq = " + edited);
            AuditChain.Verdict verdict = audit.verify();

            assertThat(verdict.whole()).isFalse();
            assertThat(verdict.firstBad()).isEqualTo(edited);
            assertThat(verdict.sentence()).contains("row " + edited).contains("changed");
        }
    }

    private static String refusal(Statement statement, String sql) {
        try {
            statement.execute(sql);
            return "done";
        } catch (SQLException refused) {
            return refused.getMessage();
        }
    }

    @Test
    void twoHubNodesAppendingToOnePostgresqlLogAtOnceKeepOneWholeChain() throws Exception {
        StoreSettings shared = new StoreSettings(TestPostgres.shared().newHubDatabase(), TestPostgres.USER,
                TestPostgres.PASSWORD);
        try (Database nodeA = Database.postgres(shared); Database nodeB = Database.postgres(shared);
             java.util.concurrent.ExecutorService people = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            AuditLog a = new AuditLog(nodeA, new HubMetrics(), Clock.systemUTC());
            AuditLog b = new AuditLog(nodeB, new HubMetrics(), Clock.systemUTC());
            List<java.util.concurrent.CompletableFuture<Void>> appends = new java.util.ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int n = i;
                appends.add(java.util.concurrent.CompletableFuture.runAsync(() -> (n % 2 == 0 ? a : b)
                        .changed(n % 2 == 0 ? "wang" : "li.na", "login", null, "10.0.0." + n, "logged in as duty"), people));
            }
            appends.forEach(java.util.concurrent.CompletableFuture::join);

            AuditChain.Verdict verdict = a.verify();

            assertThat(verdict.whole()).as(verdict.sentence()).isTrue();
            assertThat(verdict.chained()).isEqualTo(40);
        }
    }

    /** The block of SQL from docs/deployment.md, with this test's role names for the documented ones. */
    static List<String> ownerSql(String database, String hubRole, String ownerRole) throws Exception {
        String docs = Files.readString(DOCS);
        Matcher block = Pattern.compile("<!-- audit-owner-sql[^>]*-->\\s*```sql\\n(.*?)```", Pattern.DOTALL).matcher(docs);
        assertThat(block.find()).as("the owner's SQL in " + DOCS).isTrue();
        String sql = block.group(1).replace("DATABASE carecall ", "DATABASE " + database + " ")
                .replace("carecall_audit", ownerRole).replaceAll("\\bcarecall\\b", hubRole);
        return List.of(sql.split(";\\s*")).stream().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }

    private static void superuser(TestPostgres server, String database, String... statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection(server.url(database), TestPostgres.USER,
                TestPostgres.PASSWORD);
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }
}
