package org.carecall.hub.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.carecall.hub.audit.AuditChain;
import org.carecall.hub.community.Resident;
import org.carecall.hub.staff.Role;
import org.carecall.hub.support.ReliabilityLedger;
import org.carecall.hub.support.TestConsole;
import org.carecall.hub.support.TestHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The audit log is read by administrators and changed by nobody: the API has no path that edits or removes
 * an entry, whatever method or body is tried, and the database itself refuses an UPDATE or DELETE.
 */
@Tag("security")
class AuditApiTest {
    private TestHub hub;
    private TestConsole admin;

    @BeforeEach
    void start() throws Exception {
        hub = TestHub.start();
        admin = hub.admin();
        TestConsole.anonymous(hub.hub().httpPort()).post("/api/session", "{\"username\":\"admin\",\"password\":\"guess-1\"}");
        String site = hub.hub().people().community().addSite("Xincheng", java.time.ZoneId.of("Asia/Shanghai")).id();
        admin.post("/api/staff", """
                {"username":"li.na","displayName":"Li Na","password":"first-password-1","role":"TECHNICIAN",
                 "siteId":"%s"}""".formatted(site));
        await().atMost(Duration.ofSeconds(5)).until(() -> admin.get("/api/audit").body().size() > 0);
    }

    @AfterEach
    void stop() throws Exception {
        hub.close();
    }

    @Test
    void anAdministratorReadsTheAuditLogNewestFirst() throws Exception {
        JsonNode entries = admin.get("/api/audit?limit=10").body();

        assertThat(entries.get(0).path("event").asText()).isEqualTo("staff.created");
        assertThat(entries.get(0).path("actor").asText()).isEqualTo("admin");
        assertThat(entries.get(0).path("reason").asText()).contains("li.na").doesNotContain("first-password-1");
    }

    @Test
    void refusedLoginsAreCountedNotKeptOneByOneAndSayNothingOfThePassword() throws Exception {
        TestConsole technician = TestConsole.login(hub.hub().httpPort(), "li.na", "first-password-1");
        technician.post("/api/me/password", "{\"current\":\"first-password-1\",\"new\":\"li-na-own-password-2\"}");

        // The refused login was the district administrator's: hers to see, not a community technician's.
        assertThat(technician.get("/api/refusals?minutes=60").body().path("total").asLong()).isZero();
        JsonNode summary = admin.get("/api/refusals?minutes=60").body();

        assertThat(summary.path("total").asLong()).isEqualTo(1);
        JsonNode count = summary.path("counts").get(0);
        assertThat(count.path("reason").asText()).isEqualTo("login.failed");
        assertThat(count.path("subject").asText()).isEqualTo("admin");
        assertThat(count.path("source").asText()).isEqualTo("127.0.0.1");
        assertThat(summary.toString()).doesNotContain("guess-1");
        assertThat(summary.path("burst").asBoolean()).as("one wrong password is no burst").isFalse();
        assertThat(admin.get("/api/audit?limit=1000").body().toString()).doesNotContain("login.failed");
    }

    @Test
    void aCommunityAdministratorFindsHerOlderRowsBehindThousandsOfAnotherCommunitysInPages() throws Exception {
        Communities both = twoCommunities();
        TestConsole north = TestConsole.login(hub.hub().httpPort(), "n-admin", "n-admin-password-1");
        // A row of her unit done by no account (the command line), then thousands of South's.
        hub.hub().people().audit().changed("operator", "device.revoked", "bed-n", null, "revoked from the command line");
        insertRowsOf("s-admin", 5_100);

        JsonNode page = north.get("/api/audit?limit=2").body();
        assertThat(page).hasSize(2);
        assertThat(page.get(0).path("actor").asText()).isEqualTo("operator");
        assertThat(page.get(0).path("deviceId").asText()).isEqualTo("bed-n");
        assertThat(page.get(1).path("actor").asText()).isEqualTo("n-admin");
        assertThat(page.get(1).path("event").asText()).isEqualTo("login");
        JsonNode older = north.get("/api/audit?limit=2&before=" + page.get(1).path("seq").asLong()).body();
        assertThat(older.toString()).as("nothing of South's, nor of the district's").doesNotContain("s-admin")
                .doesNotContain("\"actor\":\"admin\"");
        for (JsonNode entry : older) {
            assertThat(entry.path("seq").asLong()).isLessThan(page.get(1).path("seq").asLong());
        }
        assertThat(north.get("/api/audit?actor=s-admin").body()).isEmpty();
        assertThat(north.get("/api/audit?before=x").status()).isEqualTo(400);
        assertThat(both.south().get("/api/audit?limit=1000").body().toString()).doesNotContain("n-admin")
                .doesNotContain("operator");
        assertThat(admin.get("/api/audit?limit=1").body().get(0).path("actor").asText()).isEqualTo("s-admin");
    }

    @Test
    void aCommunitysStaffSeeTheRefusalsAboutItsOwnAccountsAndUnitsOnly() throws Exception {
        Communities both = twoCommunities();
        TestConsole northTech = TestConsole.login(hub.hub().httpPort(), "n-tech", "n-tech-password-1");
        for (String name : List.of("n-admin", "s-admin", "nobody-here")) {
            TestConsole.anonymous(hub.hub().httpPort()).post("/api/session",
                    "{\"username\":\"%s\",\"password\":\"wrong-password-1\"}".formatted(name));
        }
        // Wrong secrets, as the device endpoint counts them: North's unit, a new one placed with nobody, and an
        // id no unit has.
        hub.hub().units().devices().create("bed-new", "not placed yet", null).join();
        for (String unit : List.of("bed-n", "bed-new", "bed-unknown")) {
            hub.hub().people().audit().record("connect.bad-secret", unit, "/127.0.0.1:40001", "a wrong secret");
        }

        // Counted and not yet written, then written: the same answer either way.
        assertRefusalsSeen(both.north(), northTech, both.south());
        hub.hub().people().audit().flushRefusals();
        await().atMost(Duration.ofSeconds(5)).until(() -> storedRefusals() >= 7);
        assertRefusalsSeen(both.north(), northTech, both.south());
    }

    private void assertRefusalsSeen(TestConsole north, TestConsole northTech, TestConsole south) throws Exception {
        assertThat(subjects(north)).containsExactlyInAnyOrder("n-admin", "bed-n", "bed-new");
        assertThat(subjects(northTech)).containsExactlyInAnyOrder("n-admin", "bed-n", "bed-new");
        assertThat(subjects(south)).containsExactlyInAnyOrder("s-admin", "bed-new");
        assertThat(subjects(admin)).as("the district's administrator sees every one, unknown names and ids too")
                .containsExactlyInAnyOrder("n-admin", "s-admin", "admin", "", "bed-n", "bed-new", "bed-unknown");
    }

    private static List<String> subjects(TestConsole console) throws Exception {
        List<String> subjects = new java.util.ArrayList<>();
        console.get("/api/refusals?minutes=60").body().path("counts")
                .forEach(count -> subjects.add(count.path("subject").asText()));
        return subjects;
    }

    private long storedRefusals() throws SQLException {
        try (Connection db = hub.connect(); var rows = db.createStatement().executeQuery("SELECT COUNT(*) FROM refusal_count")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** The consoles of North's and South's administrators; North has a technician and a unit, bed-n. */
    private record Communities(TestConsole north, TestConsole south) {
    }

    private Communities twoCommunities() throws Exception {
        var community = hub.hub().people().community();
        String north = community.addSite("North", java.time.ZoneId.of("Asia/Shanghai")).id();
        String south = community.addSite("South", java.time.ZoneId.of("Asia/Shanghai")).id();
        var zhang = community.saveResident(new Resident(null, community.addArea(north, "North 1").id(), "Zhang Min",
                "3 Hongqi Lane", "2-101", null, "zh-CN", "", List.of(), Resident.RiskLevel.LOW));
        hub.hub().units().devices().create("bed-n", "bedroom", zhang.id()).join();
        for (String[] member : new String[][] {{"n-admin", north, "ADMIN"}, {"n-tech", north, "TECHNICIAN"},
                {"s-admin", south, "ADMIN"}}) {
            hub.hub().people().staff().create(member[0], member[0], Role.valueOf(member[2]), member[1], null,
                    member[0] + "-password-1").join();
        }
        return new Communities(TestConsole.login(hub.hub().httpPort(), "n-admin", "n-admin-password-1"),
                TestConsole.login(hub.hub().httpPort(), "s-admin", "s-admin-password-1"));
    }

    /** Rows by one person, chained like the hub's own, in one transaction: a busy community's months. */
    private void insertRowsOf(String actor, int rows) throws SQLException {
        try (Connection db = hub.connect()) {
            if (TestHub.STORE.equals("sqlite")) {
                db.createStatement().execute("PRAGMA busy_timeout = 10000");
            }
            db.setAutoCommit(false);
            String previous;
            try (var last = db.createStatement().executeQuery("SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1")) {
                previous = last.next() && last.getString(1) != null ? last.getString(1) : AuditChain.START;
            }
            try (var insert = db.prepareStatement("INSERT INTO audit_log (at, event, actor, device_id, remote, reason,"
                    + " prev_hash, hash) VALUES (?, ?, ?, NULL, NULL, ?, ?, ?)")) {
                long at = System.currentTimeMillis();
                for (int i = 0; i < rows; i++) {
                    String reason = "shift " + i;
                    String hash = AuditChain.hash(previous, at, "shift.added", actor, null, null, reason);
                    insert.setLong(1, at);
                    insert.setString(2, "shift.added");
                    insert.setString(3, actor);
                    insert.setString(4, reason);
                    insert.setString(5, previous);
                    insert.setString(6, hash);
                    insert.addBatch();
                    previous = hash;
                }
                insert.executeBatch();
            }
            db.commit();
        }
    }

    @Test
    void noMethodOnAnyAuditPathChangesAnEntry() throws Exception {
        JsonNode before = admin.get("/api/audit?limit=1000").body();
        long seq = before.get(0).path("seq").asLong();
        String change = "{\"event\":\"nothing.happened\",\"reason\":\"edited\"}";
        int tried = 0;
        for (String path : List.of("/api/audit", "/api/audit/" + seq, "/api/audit?seq=" + seq)) {
            for (String method : List.of("PUT", "PATCH", "DELETE", "POST")) {
                int status = admin.send(method, path, method.equals("DELETE") ? null : change).status();
                tried++;
                assertThat(status).as(method + " " + path).isIn(404, 405);
            }
        }

        assertThat(admin.get("/api/audit?limit=1000").body()).as("the same entries").isEqualTo(before);
        try (Connection db = hub.connect()) {
            assertThatThrownBy(() -> db.createStatement().executeUpdate("UPDATE audit_log SET reason = 'edited'"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
            assertThatThrownBy(() -> db.createStatement().executeUpdate("DELETE FROM audit_log"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
        }
        ReliabilityLedger.record(new ReliabilityLedger.Check("audit-log-append-only", "the audit log cannot be"
                + " edited or emptied through the API, nor by SQL on the database file", ("%d method and path"
                + " combinations refused (404/405) with entries unchanged; UPDATE and DELETE refused by the"
                + " database's triggers").formatted(tried)));
    }
}
