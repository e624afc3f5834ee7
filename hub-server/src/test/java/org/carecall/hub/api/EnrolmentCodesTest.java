package org.carecall.hub.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.carecall.hub.audit.AuditLog;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.presence.DeviceStatus;
import org.carecall.hub.support.ReliabilityLedger;
import org.carecall.hub.support.TestConsole;
import org.carecall.hub.support.TestDevice;
import org.carecall.hub.support.TestHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Enrolment codes cannot pile up into a way to silence a working unit: a unit has one live code, and a
 * code re-keys a unit that is online and working only when a technician says so, which is audited and
 * shown on the unit's line.
 */
class EnrolmentCodesTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private TestHub hub;
    private TestConsole admin;
    private TestConsole anyone;
    private DeviceRegistry.Enrolled unit;
    private TestDevice device;

    @BeforeEach
    void start() throws Exception {
        hub = TestHub.start();
        admin = hub.admin();
        anyone = TestConsole.anonymous(hub.hub().httpPort());
        unit = hub.enrol("bed-0001");
    }

    @AfterEach
    void stop() throws Exception {
        if (device != null) {
            device.close();
        }
        hub.close();
    }

    @Test
    void aNewCodeStopsTheOlderOnesAndAWorkingUnitIsReEnrolledOnlyWhenTheUnitsSideConfirms() throws Exception {
        String older = admin.post("/api/devices/bed-0001/enrolment-code", null).text("code");
        String newer = admin.post("/api/devices/bed-0001/enrolment-code", null).text("code");

        assertThat(anyone.post("/api/enrol", "{\"code\":\"" + older + "\"}").status())
                .as("the older code stopped when the newer was issued").isEqualTo(403);

        device = connected();
        TestConsole.Answer held = anyone.post("/api/enrol", "{\"code\":\"" + newer + "\"}");
        assertThat(held.status()).as(held.body().toString()).isEqualTo(409);
        assertThat(held.text("error")).isEqualTo("unit-online");
        assertThat(device.connected()).isTrue();
        TestConsole.Answer redeemed = anyone.post("/api/enrol", "{\"code\":\"" + newer + "\",\"confirm\":true}");
        assertThat(redeemed.status()).as("the code was kept for the confirmation").isEqualTo(200);
        await().atMost(WAIT).until(() -> !device.connected());
        await().atMost(WAIT).untilAsserted(() -> {
            hub.hub().people().audit().flushRefusals();
            assertThat(hub.hub().people().audit().refusals(java.time.Instant.EPOCH, 50))
                    .extracting(count -> count.reason()).contains("enrol.online-unit-refused");
            assertThat(hub.hub().people().audit().recent("bed-0001", 30)).extracting(AuditLog.Entry::event)
                    .contains("enrol.online-unit");
        });
        assertThat(admin.get("/api/devices/bed-0001").body().path("reEnrolledOnline").path("by").asText())
                .startsWith("the unit at ");
    }

    @Test
    void aCodeForAUnitOnlineAndWorkingNeedsTheTechniciansConfirmation() throws Exception {
        device = connected();

        TestConsole.Answer refused = admin.post("/api/devices/bed-0001/enrolment-code", null);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.text("error")).isEqualTo("unit-online");
        TestConsole.Answer issued = admin.post("/api/devices/bed-0001/enrolment-code", "{\"confirm\":true}");
        assertThat(issued.status()).isEqualTo(201);

        await().atMost(WAIT).untilAsserted(() -> assertThat(hub.hub().people().audit().recent("bed-0001", 30))
                .filteredOn(entry -> entry.event().equals("enrol.online-unit"))
                .extracting(AuditLog.Entry::actor).containsExactly("admin"));
        assertThat(admin.get("/api/devices").body().get(0).path("reEnrolledOnline").path("by").asText())
                .as("a line on the unit's page").isEqualTo("admin");
        TestConsole.Answer redeemed = anyone.post("/api/enrol", "{\"code\":\"" + issued.text("code") + "\"}");
        assertThat(redeemed.status()).as("confirmed once, when it was issued").isEqualTo(200);
        await().atMost(WAIT).until(() -> !device.connected());
        ReliabilityLedger.record(new ReliabilityLedger.Check("enrolment-code-piling", "old enrolment codes stop when a"
                + " new one is issued; a code re-keys a working unit only on a technician's confirmation",
                "older code refused (403) once a newer was issued; code for an online unit refused (409 unit-online)"
                        + " without confirm; enrol.online-unit audited with its actor and shown on the unit's line"));
    }

    private TestDevice connected() throws Exception {
        TestDevice connected = TestDevice.connect(hub.mqttUri(), unit.deviceId(), unit.secret());
        await().atMost(WAIT).until(() -> hub.hub().units().presence().status(unit.deviceId()).map(DeviceStatus::online)
                .orElse(false));
        return connected;
    }
}
