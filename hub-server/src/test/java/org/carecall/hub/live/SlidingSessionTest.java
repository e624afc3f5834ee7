package org.carecall.hub.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import org.carecall.hub.support.MutableClock;
import org.carecall.hub.support.TestCommunity;
import org.carecall.hub.support.TestConsole;
import org.carecall.hub.support.TestDevice;
import org.carecall.hub.support.TestHub;
import org.carecall.hub.support.TestLiveConsole;
import org.carecall.protocol.message.AlarmReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A night shift's console does not log out at the call: with the test clock, a console that stays
 * connected past the 12 hours a session used to last still rings for a new call, because each ping slides
 * its session on; near the absolute limit (24 h after login) it is told in words how many minutes are
 * left, and at the limit its session ends with a sentence.
 */
@Tag("security")
class SlidingSessionTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T20:00:00Z"));
    private TestHub hub;
    private TestDevice unit;
    private TestLiveConsole live;
    private String token;

    @BeforeEach
    void start() throws Exception {
        hub = TestHub.start(Files.createTempDirectory("carecall-slide-"), clock, config -> { });
        TestCommunity xincheng = TestCommunity.create(hub.hub());
        xincheng.onDuty("lina", "Li Na");
        unit = xincheng.connectUnit();
        token = xincheng.console("lina").token();
        live = new TestLiveConsole(hub.hub().httpPort());
        live.auth(token);
        live.next("ready", WAIT);
    }

    @AfterEach
    void stop() throws Exception {
        live.close();
        unit.close();
        hub.close();
    }

    @Test
    void aConnectedConsoleOutlivesTheOldTwelveHoursRingsForANewCallAndIsWarnedBeforeTheLimit() throws Exception {
        for (int hour = 1; hour <= 12; hour++) { // a long night: the console pings, the session slides on
            clock.advance(Duration.ofHours(1));
            Instant before = expiry();
            live.send("{\"type\":\"ping\"}");
            waitFor(() -> expiry().isAfter(before));
        }
        assertThat(expiry()).as("a full lifetime from the last ping, but never past 24 h after login")
                .isEqualTo(Instant.parse("2026-11-23T20:00:00Z"));
        clock.advance(Duration.ofHours(1)); // 13 hours after login: past the 12 hours a session used to last

        AlarmReport press = unit.newAlarm();
        unit.send(press);
        JsonNode rings = live.next(message -> press.id().equals(message.path("alarm").path("id").asText())
                && message.path("alarm").path("ringingForMe").asBoolean(), WAIT);
        assertThat(rings).as("13 hours after login the call rings on the console").isNotNull();

        clock.advance(Duration.ofHours(10).plusMinutes(50)); // 23 h 50 min after login
        live.send("{\"type\":\"ping\"}");
        JsonNode ending = live.next("session.ending", WAIT);
        assertThat(ending.path("minutesLeft").asLong()).isEqualTo(10);
        assertThat(ending.path("detail").asText()).contains("log in again");
        assertThat(expiry()).as("never past 24 h after login").isEqualTo(Instant.parse("2026-11-23T20:00:00Z"));

        clock.advance(Duration.ofMinutes(11));
        JsonNode ended = live.next(message -> "session-ended".equals(message.path("error").asText()), WAIT);
        assertThat(ended.path("detail").asText()).isEqualTo("log in again");
    }

    private Instant expiry() throws Exception {
        try (Connection connection = hub.connect(); ResultSet row = connection.createStatement()
                .executeQuery("SELECT expires_at FROM staff_session")) {
            row.next();
            return Instant.ofEpochMilli(row.getLong(1));
        }
    }

    private static void waitFor(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        long until = System.nanoTime() + WAIT.toNanos();
        while (!condition.call()) {
            assertThat(System.nanoTime()).as("waited too long").isLessThan(until);
            Thread.sleep(20);
        }
    }
}
