package org.carecall.hub.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import org.carecall.hub.security.Passwords;
import org.carecall.hub.staff.Role;
import org.carecall.hub.support.MutableClock;
import org.carecall.hub.support.TestConsole;
import org.carecall.hub.support.TestHub;
import org.carecall.hub.support.TestLiveConsole;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A password an administrator or the hub made is good for one login within a day, and that login may
 * only choose a new password; choosing or resetting one, or logging out everywhere, ends the account's
 * other sessions and their live consoles.
 */
@Tag("security")
class OneTimePasswordsTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T08:00:00Z"));
    private TestHub hub;
    private TestConsole admin;
    private String wangId;

    @BeforeEach
    void start() throws Exception {
        hub = TestHub.start(Files.createTempDirectory("carecall-one-time-"), clock, config -> { });
        admin = hub.admin();
        wangId = hub.hub().people().staff().create("wang", "Wang Li", Role.SUPERVISOR, null, null, "wang-password-1").join().id();
    }

    @AfterEach
    void stop() throws Exception {
        hub.close();
    }

    @Test
    void aResetPasswordOpensOneSessionThatMayOnlyChooseANewPassword() throws Exception {
        String reset = admin.post("/api/staff/" + wangId + "/password", null).text("password");

        TestConsole.Answer first = login("wang", reset);
        TestConsole.Answer second = login("wang", reset);

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body().path("mustChangePassword").asBoolean()).isTrue();
        assertThat(second.status()).as("a one-time password works once").isEqualTo(401);
        TestConsole wang = TestConsole.withToken(port(), first.text("token"));
        TestConsole.Answer elsewhere = wang.get("/api/staff");
        assertThat(elsewhere.status()).isEqualTo(403);
        assertThat(elsewhere.text("error")).isEqualTo("must-change-password");
        assertThat(wang.post("/api/staff", "{}").text("error")).isEqualTo("must-change-password");
        assertThat(wang.get("/api/me").body().path("mustChangePassword").asBoolean()).isTrue();
        try (TestLiveConsole live = new TestLiveConsole(port())) {
            live.auth(wang.token());
            assertThat(live.next("ready", Duration.ofSeconds(2))).as("no board before a password of one's own").isNull();
        }

        TestConsole.Answer changed = wang.post("/api/me/password",
                "{\"current\":\"" + reset + "\",\"new\":\"wang-own-password-2\"}");
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(wang.get("/api/staff").status()).as("the same session, now a whole one").isEqualTo(200);
    }

    @Test
    void aOneTimePasswordExpiresAfterADay() throws Exception {
        String reset = admin.post("/api/staff/" + wangId + "/password", null).text("password");

        clock.advance(Duration.ofHours(24).plusSeconds(1));

        assertThat(login("wang", reset).status()).isEqualTo(401);
    }

    @Test
    void changingThePasswordEndsTheOtherSessionsAndClosesTheirConsoles() throws Exception {
        TestConsole phone = TestConsole.login(port(), "wang", "wang-password-1");
        TestConsole desk = TestConsole.login(port(), "wang", "wang-password-1");
        try (TestLiveConsole deskLive = new TestLiveConsole(port())) {
            deskLive.auth(desk.token());
            assertThat(deskLive.next("ready", WAIT)).isNotNull();

            assertThat(phone.post("/api/me/password", "{\"current\":\"wang-password-1\",\"new\":\"wang-new-password-2\"}")
                    .status()).isEqualTo(200);

            assertThat(desk.get("/api/me").status()).isEqualTo(401);
            JsonNode ended = deskLive.next("error", WAIT);
            assertThat(ended.path("error").asText()).isEqualTo("session-ended");
            await().atMost(WAIT).until(deskLive::closed);
            assertThat(phone.get("/api/me").status()).as("the session that chose stays").isEqualTo(200);
        }
    }

    @Test
    void aPersonAndAnAdministratorCanLogAnAccountOutEverywhere() throws Exception {
        TestConsole phone = TestConsole.login(port(), "wang", "wang-password-1");
        TestConsole desk = TestConsole.login(port(), "wang", "wang-password-1");

        TestConsole.Answer own = phone.delete("/api/me/sessions");

        assertThat(own.status()).isEqualTo(200);
        assertThat(own.body().path("sessionsEnded").asInt()).isEqualTo(2);
        assertThat(phone.get("/api/me").status()).isEqualTo(401);
        assertThat(desk.get("/api/me").status()).isEqualTo(401);

        TestConsole again = TestConsole.login(port(), "wang", "wang-password-1");
        try (TestLiveConsole live = new TestLiveConsole(port())) {
            live.auth(again.token());
            assertThat(live.next("ready", WAIT)).isNotNull();

            TestConsole.Answer byAdmin = admin.delete("/api/staff/" + wangId + "/sessions");

            assertThat(byAdmin.status()).isEqualTo(200);
            assertThat(again.get("/api/me").status()).isEqualTo(401);
            assertThat(live.next("error", WAIT).path("error").asText()).isEqualTo("session-ended");
        }
        assertThat(admin.get("/api/me").status()).as("the admin's own session is untouched").isEqualTo(200);
        await().atMost(WAIT).untilAsserted(() -> assertThat(admin.get("/api/audit?actor=wang").body().toString())
                .contains("sessions.ended"));
    }

    @Test
    void aCommonPasswordIsRefusedNamingTheField() throws Exception {
        TestConsole wang = TestConsole.login(port(), "wang", "wang-password-1");

        TestConsole.Answer chosen = wang.post("/api/me/password", "{\"current\":\"wang-password-1\",\"new\":\"Password123\"}");
        TestConsole.Answer made = admin.post("/api/staff", """
                {"username":"li.na","displayName":"Li Na","password":"carecall123","role":"SUPERVISOR"}""");

        assertThat(chosen.status()).isEqualTo(400);
        assertThat(chosen.body().path("fields").path("new").path("code").asText()).isEqualTo("common");
        assertThat(made.status()).isEqualTo(400);
        assertThat(made.body().path("fields").path("password").path("code").asText()).isEqualTo("common");
    }

    @Test
    void aHashOfTheOldStrengthIsMadeAgainAtTheNextLogin() throws Exception {
        String old = Passwords.hash("wang-password-1", 210_000);
        try (Connection connection = hub.connect();
             PreparedStatement update = connection.prepareStatement("UPDATE staff SET password_hash = ? WHERE id = ?")) {
            update.setString(1, old);
            update.setString(2, wangId);
            update.executeUpdate();
        }

        assertThat(login("wang", "wang-password-1").status()).isEqualTo(200);

        String stored = storedHash();
        assertThat(stored).startsWith("pbkdf2-sha256$600000$");
        assertThat(Passwords.matches(stored, "wang-password-1")).isTrue();
        assertThat(login("wang", "wang-password-1").status()).as("and it still lets in").isEqualTo(200);
    }

    private String storedHash() throws Exception {
        try (Connection connection = hub.connect();
             PreparedStatement query = connection.prepareStatement("SELECT password_hash FROM staff WHERE id = ?")) {
            query.setString(1, wangId);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        }
    }

    private TestConsole.Answer login(String username, String password) throws Exception {
        return TestConsole.anonymous(port()).post("/api/session",
                "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
    }

    private int port() {
        return hub.hub().httpPort();
    }
}
