package org.carecall.hub.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
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
        String site = hub.hub().community().addSite("Xincheng", java.time.ZoneId.of("Asia/Shanghai")).id();
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

        JsonNode summary = technician.get("/api/refusals?minutes=60").body();

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
