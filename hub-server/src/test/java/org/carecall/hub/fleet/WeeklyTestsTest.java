package org.carecall.hub.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.StreamSupport;
import org.carecall.hub.alarm.Alarm;
import org.carecall.hub.fleet.WeeklyTests.Status;
import org.carecall.hub.staff.Role;
import org.carecall.hub.staff.Staff;
import org.carecall.hub.support.MutableClock;
import org.carecall.hub.support.TestCommunity;
import org.carecall.hub.support.TestConsole;
import org.carecall.hub.support.TestDevice;
import org.carecall.hub.support.TestHub;
import org.carecall.protocol.AlarmKind;
import org.carecall.protocol.AlarmState;
import org.carecall.protocol.CommandName;
import org.carecall.protocol.MessageIds;
import org.carecall.protocol.message.AlarmReport;
import org.carecall.protocol.message.Command;
import org.carecall.protocol.message.Receipt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The weekly test against the real hub: a unit over MQTT that answers (or does not) the hub's TEST_CALL,
 * a second unit that is never connected, a technician reading the report over HTTP, time moved by hand.
 */
class WeeklyTestsTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T07:00:00Z")); // 15:00 in Xincheng
    private TestHub hub;
    private TestCommunity community;
    private TestDevice unit;
    private Staff wang;

    @BeforeEach
    void start() throws Exception {
        hub = TestHub.start(Files.createTempDirectory("carecall-weekly-"), clock, config -> {
            config.escalation.sweepMs = 3_600_000; // nothing may ring by the clock in this test
        });
        community = TestCommunity.create(hub.hub());
        wang = community.onDuty("wang", "Wang Li"); // a real call would ring Wang at once
        community.staff("zhou", "Zhou Bo", Role.TECHNICIAN);
        hub.hub().units().devices().create("hall-0002", "hall", null).join(); // installed later: never connected
        unit = community.connectUnit();
    }

    @AfterEach
    void stop() throws Exception {
        unit.close();
        hub.close();
    }

    @Test
    void aUnitThatDeliversItsTestCallPassesAndNobodyIsRung() throws Exception {
        WeeklyTests tests = hub.hub().units().weeklyTests();
        assertThat(tests.byDevice().get("bed-0001").status()).isEqualTo(Status.OVERDUE);
        assertThat(tests.byDevice().get("bed-0001").why()).isEqualTo("never tested");

        assertThat(tests.sweep()).as("only the connected unit is asked").isEqualTo(1);
        Command asked = unit.next(Command.class, WAIT);
        assertThat(asked.cmd()).isEqualTo(CommandName.TEST_CALL);
        assertThat(tests.byDevice().get("bed-0001").status()).isEqualTo(Status.WAITING);
        assertThat(tests.sweep()).as("a unit already asked is not asked again").isZero();

        AlarmReport testCall = testCall();
        unit.send(testCall);
        assertThat(unit.receipt(WAIT, AlarmState.RECEIVED).alarmId()).isEqualTo(testCall.id());
        Receipt closed = unit.receipt(WAIT, AlarmState.RESOLVED);
        assertThat(closed.alarmId()).as("the hub closes the test call, so the unit's light goes out")
                .isEqualTo(testCall.id());

        Alarm stored = hub.hub().calls().alarms().find(testCall.id()).orElseThrow();
        assertThat(stored.state()).isEqualTo(AlarmState.RESOLVED);
        assertThat(stored.handling().outcome()).isEqualTo("test");
        assertThat(stored.handling().notifiedAt()).as("nobody was shown a test call").isNull();
        assertThat(hub.hub().calls().escalation().ringing().staffFor(testCall.id())).doesNotContain(wang.id());

        TestConsole zhou = community.console("zhou");
        JsonNode report = zhou.get("/api/reports/weekly-tests").body();
        assertThat(report.path("counts").path("PASSED").asInt()).isEqualTo(1);
        assertThat(report.path("counts").path("OVERDUE").asInt()).isEqualTo(1);
        assertThat(line(report, "bed-0001").path("status").asText()).isEqualTo("PASSED");
        assertThat(line(report, "hall-0002").path("status").asText()).isEqualTo("OVERDUE");
        assertThat(report.path("devices").get(0).path("deviceId").asText())
                .as("problems first").isEqualTo("hall-0002");
        JsonNode device = zhou.get("/api/devices/bed-0001").body();
        assertThat(device.path("weeklyTest").asText()).isEqualTo("PASSED");
        assertThat(Instant.parse(device.path("lastTest").asText())).isEqualTo(clock.instant());

        clock.advance(Duration.ofDays(6));
        assertThat(tests.sweep()).as("passed six days ago: not due yet").isZero();
        clock.advance(Duration.ofDays(1).plusMinutes(1));
        assertThat(tests.sweep()).as("a week after the last pass it is asked again").isEqualTo(1);
        assertThat(unit.next(Command.class, WAIT).cmd()).isEqualTo(CommandName.TEST_CALL);
    }

    @Test
    void aUnitThatDoesNotAnswerFailsAndIsAskedAgainLater() throws Exception {
        WeeklyTests tests = hub.hub().units().weeklyTests();
        assertThat(tests.sweep()).isEqualTo(1);
        assertThat(unit.next(Command.class, WAIT).cmd()).isEqualTo(CommandName.TEST_CALL);

        clock.advance(Duration.ofMinutes(16));
        WeeklyTests.DeviceTest failed = tests.byDevice().get("bed-0001");
        assertThat(failed.status()).isEqualTo(Status.FAILED);
        assertThat(failed.why()).startsWith("no test call arrived within 15 min");
        assertThat(tests.sweep()).as("not asked again before the retry time").isZero();

        clock.advance(Duration.ofMinutes(45));
        assertThat(tests.sweep()).isEqualTo(1);
        assertThat(unit.next(Command.class, WAIT).cmd()).isEqualTo(CommandName.TEST_CALL);
        unit.send(testCall());
        unit.receipt(WAIT, AlarmState.RESOLVED);
        assertThat(tests.byDevice().get("bed-0001").status()).isEqualTo(Status.PASSED);
    }

    @Test
    void testsRunOnlyInTheCommunitysQuietHoursEachUnitAtItsOwnMinute() throws Exception {
        WeeklyTests tests = hub.hub().units().weeklyTests();
        clock.advance(Duration.between(clock.instant(), Instant.parse("2026-11-23T14:30:00Z"))); // 22:30 in Xincheng: the unit is overdue, and not asked
        assertThat(tests.byDevice().get("bed-0001").status()).isEqualTo(Status.OVERDUE);
        assertThat(tests.sweep()).isZero();
        assertThat(unit.next(Command.class, Duration.ofMillis(300))).isNull();

        java.time.LocalTime slot = org.carecall.hub.config.TestHours.DAYTIME.slotOf("bed-0001");
        java.time.ZonedDateTime morning = java.time.LocalDate.of(2026, 11, 24).atTime(slot)
                .atZone(java.time.ZoneId.of("Asia/Shanghai"));
        clock.advance(Duration.between(clock.instant(), morning.minusMinutes(1).toInstant()));
        assertThat(tests.sweep()).as("a minute before its own minute of the window").isZero();
        clock.advance(Duration.between(clock.instant(), morning.toInstant()));
        assertThat(tests.sweep()).as("at its own minute, inside 10:00-17:00").isEqualTo(1);
        assertThat(unit.next(Command.class, WAIT).cmd()).isEqualTo(CommandName.TEST_CALL);
    }

    @Test
    void aUnitWithAnOpenCallIsNotInterrupted() throws Exception {
        unit.send(unit.newAlarm());
        unit.receipt(WAIT, AlarmState.RECEIVED);

        assertThat(hub.hub().units().weeklyTests().sweep()).isZero();
        assertThat(unit.next(Command.class, Duration.ofMillis(300))).isNull();
        assertThat(hub.hub().units().weeklyTests().byDevice().get("bed-0001").status()).isEqualTo(Status.OVERDUE);
    }

    private AlarmReport testCall() {
        return new AlarmReport(MessageIds.next(), AlarmKind.TEST, "test-call", clock.instant(), 7, 1, true, null);
    }

    private static JsonNode line(JsonNode report, String deviceId) {
        return StreamSupport.stream(report.path("devices").spliterator(), false)
                .filter(line -> line.path("deviceId").asText().equals(deviceId)).findFirst().orElseThrow();
    }
}
