package org.carecall.hub.checkin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.function.Predicate;
import org.carecall.hub.support.MutableClock;
import org.carecall.hub.support.TestCommunity;
import org.carecall.hub.support.TestConsole;
import org.carecall.hub.support.TestDevice;
import org.carecall.hub.support.TestHub;
import org.carecall.protocol.CommandName;
import org.carecall.protocol.EventKind;
import org.carecall.protocol.MessageIds;
import org.carecall.protocol.message.Command;
import org.carecall.protocol.message.DeviceConfig;
import org.carecall.protocol.message.DeviceEvent;
import org.junit.jupiter.api.Test;

/**
 * Her plan reaches her unit over real MQTT: a worker switches the check-in on at 09:30 and the unit's
 * {@code down/config} enables the green key with that deadline; at 09:30 the unit is told to speak the
 * reminder; her press closes the day as KEY, on time; switched off, the next config turns the key off.
 */
class CheckInUnitTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final String DAY = "2026-12-07";
    private final MutableClock clock = new MutableClock(at("08:00"));

    private static Instant at(String time) {
        return LocalDateTime.parse(DAY + "T" + time).atZone(SHANGHAI).toInstant();
    }

    /** The first config the unit receives that matches, skipping older ones; null if none came in time. */
    private static DeviceConfig configWhere(TestDevice device, Predicate<DeviceConfig> wanted) throws Exception {
        long until = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < until) {
            DeviceConfig config = device.next(DeviceConfig.class, Duration.ofNanos(until - System.nanoTime()));
            if (config != null && wanted.test(config)) {
                return config;
            }
        }
        return null;
    }

    @Test
    void aPlanReachesHerUnitsConfigTheReminderHerUnitAndHerPressClosesTheDay() throws Exception {
        try (TestHub hub = CheckInHubs.start(clock, "check-in-unit")) {
            TestCommunity xincheng = CheckInHubs.withWangOnDuty(hub);
            TestConsole wang = xincheng.console("wang");
            String plan = "/api/residents/" + xincheng.zhang().id() + "/check-in";
            try (TestDevice device = xincheng.connectUnit()) {
                int before = hub.hub().units().devices().find(device.id()).orElseThrow().config().version();
                assertThat(wang.put(plan, "{\"enabled\":true,\"deadline\":\"09:30\"}").status()).isEqualTo(200);

                DeviceConfig on = configWhere(device, DeviceConfig::checkInEnabled);
                assertThat(on).isNotNull();
                assertThat(on.checkIn()).isEqualTo(new DeviceConfig.CheckIn(true, LocalTime.of(9, 30)));
                assertThat(on.version()).isGreaterThan(before);
                assertThat(on.serviceKeyEnabled()).as("placed with her: the work orders serve her service key").isTrue();

                clock.advance(Duration.between(clock.instant(), at("09:30")));
                hub.hub().care().checkIns().sweep().sweep();
                Command reminder = device.next(Command.class, WAIT);
                assertThat(reminder).isNotNull();
                assertThat(reminder.cmd()).isEqualTo(CommandName.SPEAK);
                assertThat(reminder.args()).containsEntry("prompt", "checkin-remind");

                clock.advance(Duration.ofMinutes(4));
                device.send(new DeviceEvent(MessageIds.next(), EventKind.CHECK_IN, "check-in-key", at("09:34")));
                TestConsole.Answer days = wang.get("/api/residents/" + xincheng.zhang().id() + "/check-ins?from=" + DAY
                        + "&to=" + DAY);
                assertThat(days.body().get(0).path("state").asText()).isEqualTo("CONFIRMED");
                assertThat(days.body().get(0).path("closedBy").asText()).isEqualTo("KEY");
                assertThat(days.body().get(0).path("late").asBoolean()).isFalse();

                assertThat(wang.put(plan, "{\"enabled\":false}").status()).isEqualTo(200);
                DeviceConfig off = configWhere(device, config -> !config.checkInEnabled());
                assertThat(off).isNotNull();
                assertThat(off.version()).isGreaterThan(on.version());
                assertThat(hub.hub().units().devices().find(device.id()).orElseThrow().config().checkInEnabled()).isFalse();
            }
        }
    }
}
