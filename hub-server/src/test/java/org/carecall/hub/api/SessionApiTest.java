package org.carecall.hub.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.carecall.hub.audit.AuditLog;
import org.carecall.hub.staff.Role;
import org.carecall.hub.support.ReliabilityLedger;
import org.carecall.hub.support.MutableClock;
import org.carecall.hub.support.TestConsole;
import org.carecall.hub.support.TestHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("security")
class SessionApiTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T08:00:00Z"));
    private Path data;
    private TestHub hub;

    @BeforeEach
    void start() throws Exception {
        data = Files.createTempDirectory("carecall-session-");
        hub = TestHub.start(data, clock, config -> { });
        hub.hub().staff().create("wang", "Wang Li", Role.DUTY, null, null, "wang-password-1").join();
    }

    @AfterEach
    void stop() throws Exception {
        hub.close();
    }

    @Test
    void aGoodLoginGivesATokenThatOpensTheApi() throws Exception {
        TestConsole wang = TestConsole.login(port(), "wang", "wang-password-1");

        TestConsole.Answer me = wang.get("/api/me");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.text("displayName")).isEqualTo("Wang Li");
        assertThat(me.text("role")).isEqualTo("DUTY");
    }

    @Test
    void aWrongPasswordIsRefusedWithoutSayingWhichPartWasWrongAndIsAudited() throws Exception {
        TestConsole.Answer wrong = TestConsole.anonymous(port()).post("/api/session",
                "{\"username\":\"wang\",\"password\":\"guess-guess\"}");
        TestConsole.Answer unknown = TestConsole.anonymous(port()).post("/api/session",
                "{\"username\":\"nobody\",\"password\":\"guess-guess\"}");

        assertThat(wrong.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(wrong.text("detail")).isEqualTo(unknown.text("detail"));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(hub.hub().audit().recent(null, 10))
                .extracting(AuditLog.Entry::event).contains("login.failed"));
    }

    @Test
    void guessingPasswordsLocksTheNameForAMinute() throws Exception {
        for (int i = 0; i < 10; i++) {
            TestConsole.anonymous(port()).post("/api/session", "{\"username\":\"wang\",\"password\":\"guess-" + i + "\"}");
        }

        TestConsole.Answer right = TestConsole.anonymous(port()).post("/api/session",
                "{\"username\":\"wang\",\"password\":\"wang-password-1\"}");
        assertThat(right.status()).isEqualTo(429);
        assertThat(right.text("error")).as("a locked name says so, unlike a wrong password").isEqualTo("locked");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(hub.hub().audit().recent(null, 30))
                .extracting(AuditLog.Entry::event).contains("login.locked-out"));
        clock.advance(Duration.ofSeconds(61));
        assertThat(TestConsole.login(port(), "wang", "wang-password-1").token()).isNotBlank();
        ReliabilityLedger.record(new ReliabilityLedger.Check("staff-password-guessing", "guessing a member of staff's"
                + " password locks the name for a minute and is audited", "10 wrong passwords, then the right one"
                + " refused (429, locked); login.failed and login.locked-out audited; open again after 61 s"));
    }

    @Test
    void aSessionEndsAfterItsLifetime() throws Exception {
        TestConsole wang = TestConsole.login(port(), "wang", "wang-password-1");

        clock.advance(Duration.ofHours(12).plusSeconds(1));

        assertThat(wang.get("/api/me").status()).isEqualTo(401);
        ReliabilityLedger.record(new ReliabilityLedger.Check("sessions-expire", "a staff session ends after its"
                + " lifetime (12 h by default) and at log-out", "the token answers 401 one second past 12 h; tokens"
                + " are stored hashed"));
    }

    @Test
    void loggingOutEndsTheSession() throws Exception {
        TestConsole wang = TestConsole.login(port(), "wang", "wang-password-1");

        assertThat(wang.delete("/api/session").status()).isEqualTo(200);

        assertThat(wang.get("/api/me").status()).isEqualTo(401);
    }

    @Test
    void aSessionSurvivesAHubRestart() throws Exception {
        TestConsole wang = TestConsole.login(port(), "wang", "wang-password-1");
        String token = wang.token();
        hub.close();

        hub = TestHub.start(data, clock, config -> { });

        assertThat(hub.hub().staff().authenticate(token)).isPresent();
        assertThat(TestConsole.withToken(port(), token).get("/api/me").text("username")).isEqualTo("wang");
    }

    @Test
    void garbageInsteadOfJsonIsAClearBadRequest() throws Exception {
        TestConsole.Answer answer = TestConsole.anonymous(port()).post("/api/session", "{not json");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.text("detail")).contains("not valid JSON");
    }

    private int port() {
        return hub.hub().httpPort();
    }
}
