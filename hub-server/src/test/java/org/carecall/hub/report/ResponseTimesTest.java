package org.carecall.hub.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.carecall.hub.community.Area;
import org.carecall.hub.community.Resident;
import org.carecall.hub.community.Site;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.staff.Role;
import org.carecall.hub.staff.Staff;
import org.carecall.hub.support.MutableClock;
import org.carecall.hub.support.TestConsole;
import org.carecall.hub.support.TestDevice;
import org.carecall.hub.support.TestHub;
import org.carecall.protocol.AlarmKind;
import org.carecall.protocol.AlarmState;
import org.carecall.protocol.MessageIds;
import org.carecall.protocol.message.AlarmReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Given four calls taken after 10, 50, 100 and 200 seconds, the report says what an auditor would count. */
class ResponseTimesTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T02:00:00Z"));
    private TestHub hub;

    @AfterEach
    void stop() throws Exception {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void percentilesAndTheShareTakenWithinSixtyAndOneHundredEightySeconds() throws Exception {
        hub = TestHub.start(Files.createTempDirectory("carecall-report-"), clock,
                config -> config.escalation.sweepMs = 3_600_000);
        Site site = hub.hub().people().community().addSite("Xincheng", ZoneId.of("Asia/Shanghai"));
        Area grid = hub.hub().people().community().addArea(site.id(), "Grid 3");
        Resident zhang = hub.hub().people().community().saveResident(new Resident(null, grid.id(), "Zhang Min", null, null, null,
                "zh-CN", null, List.of(), Resident.RiskLevel.HIGH));
        DeviceRegistry.Enrolled unit = hub.hub().units().devices().create("bed-0001", null, zhang.id()).join();
        Staff wang = hub.hub().people().staff().create("wang", "Wang Li", Role.SUPERVISOR, site.id(), null, "wang-password-1").join();
        Instant from = clock.instant();
        try (TestDevice device = TestDevice.connect(hub.mqttUri(), unit.deviceId(), unit.secret())) {
            for (int seconds : new int[] {10, 50, 100, 200}) {
                String id = press(device, AlarmKind.CALL_BUTTON, false);
                clock.advance(Duration.ofSeconds(seconds));
                hub.hub().calls().lifecycle().acknowledge(id, wang, "test");
                clock.advance(Duration.ofSeconds(60));
                hub.hub().calls().lifecycle().resolve(id, wang, "test", "FALSE_ALARM", "checked by phone");
            }
            press(device, AlarmKind.SMOKE, false);                 // never taken
            press(device, AlarmKind.TEST, true);                   // a test call: left out
        }
        TestConsole supervisor = TestConsole.login(hub.hub().httpPort(), "wang", "wang-password-1");

        JsonNode report = supervisor.get("/api/reports/response-times?from=" + from + "&to=" + clock.instant().plusSeconds(1)).body();

        JsonNode all = report.path("all");
        assertThat(all.path("calls").asInt()).isEqualTo(5);
        assertThat(all.path("toAcknowledge").path("count").asInt()).isEqualTo(4);
        assertThat(all.path("toAcknowledge").path("p50").asDouble()).isEqualTo(50.0);
        assertThat(all.path("toAcknowledge").path("p90").asDouble()).isEqualTo(200.0);
        assertThat(all.path("toAcknowledge").path("max").asDouble()).isEqualTo(200.0);
        assertThat(all.path("acknowledgedWithin60s").asDouble()).isEqualTo(0.4);
        assertThat(all.path("acknowledgedWithin180s").asDouble()).isEqualTo(0.6);
        assertThat(all.path("toResolve").path("count").asInt()).isEqualTo(4);
        assertThat(report.path("byGrid").path("Grid 3").path("calls").asInt()).isEqualTo(5);
        assertThat(report.path("byKind").path("CALL_BUTTON").path("calls").asInt()).isEqualTo(4);
        assertThat(report.path("byKind").path("SMOKE").path("acknowledgedWithin180s").asDouble()).isZero();
        assertThat(report.path("byKind").has("TEST")).isFalse();
    }

    @Test
    void percentilesAreNearestRank() {
        assertThat(ResponseTimes.percentile(List.of(1.0, 2.0, 3.0, 4.0), 50)).isEqualTo(2.0);
        assertThat(ResponseTimes.percentile(List.of(1.0, 2.0, 3.0, 4.0), 99)).isEqualTo(4.0);
        assertThat(ResponseTimes.percentile(List.of(7.0), 50)).isEqualTo(7.0);
    }

    private String press(TestDevice device, AlarmKind kind, boolean test) throws Exception {
        AlarmReport press = new AlarmReport(MessageIds.next(), kind, "test", clock.instant(), 1, 1, test, null);
        device.send(press);
        assertThat(device.receipt(Duration.ofSeconds(5), AlarmState.RECEIVED)).isNotNull();
        return press.id();
    }
}
