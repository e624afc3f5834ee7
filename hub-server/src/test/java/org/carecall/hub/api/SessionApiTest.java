package org.carecall.hub.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.carecall.hub.audit.RefusalCounts;
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
        hub.hub().people().staff().create("wang", "Wang Li", Role.DUTY, null, null, "wang-password-1").join();
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
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(hub.hub().people().audit().refusals(Instant.EPOCH, 10))
                .extracting(RefusalCounts.Count::reason).contains("login.failed"));
    }

    @Test
    void aStrangerGuessingAPasswordSlowsOnlyHisOwnAddress() throws Exception {
        TestConsole admin = hub.admin();
        int refusedUnchecked = 0;
        for (int i = 0; i < 100; i++) {
            TestConsole.Answer answer = TestConsole.anonymous(port()).post("/api/session",
                    "{\"username\":\"wang\",\"password\":\"guess-" + i + "\"}");
            assertThat(answer.status()).isIn(401, 429);
            refusedUnchecked += answer.status() == 429 ? 1 : 0;
        }
        assertThat(refusedUnchecked).as("past the free failures the guesser waits, unchecked").isGreaterThan(80);

        TestConsole.Answer fromHere = TestConsole.anonymous(port()).post("/api/session",
                "{\"username\":\"wang\",\"password\":\"wang-password-1\"}");
        assertThat(fromHere.status()).as("the guessing address waits, whatever it sends").isEqualTo(429);
        assertThat(fromHere.text("error")).isEqualTo("throttled");
        assertThat(fromHere.body().path("retryAfterS").asLong()).isPositive();

        TestConsole.Answer fromWangsPhone = TestConsole.from("127.0.0.2", port()).post("/api/session",
                "{\"username\":\"wang\",\"password\":\"wang-password-1\"}");
        assertThat(fromWangsPhone.status()).as("the right password from another address logs in at once").isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(hub.hub().people().audit().refusals(Instant.EPOCH, 30))
                .extracting(RefusalCounts.Count::reason).contains("login.failed", "login.throttled"));
        TestConsole.Answer notice = admin.get("/api/refusals?minutes=15");
        assertThat(notice.body().path("burst").asBoolean()).as("the consoles of admins and technicians are told").isTrue();
        assertThat(notice.body().path("guessingSources").get(0).asText()).isEqualTo("127.0.0.1");

        clock.advance(Duration.ofMinutes(16));
        assertThat(TestConsole.login(port(), "wang", "wang-password-1").token())
                .as("the wait ends; no name stays locked").isNotBlank();
        ReliabilityLedger.record(new ReliabilityLedger.Check("staff-password-guessing", "guessing a member of staff's"
                + " password slows only the guessing address, with growing waits; nobody is locked out",
                "100 wrong passwords from 127.0.0.1: after the free ones, 429 unchecked with a growing wait; the right"
                + " password from 127.0.0.2 logs in at once; login.failed and login.throttled counted"));
    }

    @Test
    void changingThePasswordIsThrottledLikeALogin() throws Exception {
        TestConsole wang = TestConsole.login(port(), "wang", "wang-password-1");
        int status = 0;
        for (int i = 0; i < 40 && status != 429; i++) {
            status = wang.post("/api/me/password", "{\"current\":\"guess-" + i + "\",\"new\":\"a-new-password-2\"}").status();
        }
        assertThat(status).isEqualTo(429);
        assertThat(wang.post("/api/me/password", "{\"current\":\"wang-password-1\",\"new\":\"a-new-password-2\"}")
                .status()).as("checked only after the wait").isEqualTo(429);
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

        assertThat(hub.hub().people().staff().authenticate(token)).isPresent();
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
