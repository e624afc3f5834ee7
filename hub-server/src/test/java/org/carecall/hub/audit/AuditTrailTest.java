package org.carecall.hub.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.carecall.hub.staff.Role;
import org.carecall.hub.support.TestCommunity;
import org.carecall.hub.support.TestConsole;
import org.carecall.hub.support.TestDevice;
import org.carecall.hub.support.TestHub;
import org.carecall.protocol.message.AlarmReport;
import org.carecall.protocol.message.Receipt;
import org.junit.jupiter.api.Test;

/**
 * The audit trail answers "who did what, and who looked": a shift of a duty worker and a supervisor's
 * morning, from login to logout, leave one row each with who and from where, and the chain stays whole.
 */
class AuditTrailTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void loginsDutyReadsOfHealthNotesEditsAndCallsAreEachARowWithTheirActor() throws Exception {
        try (TestHub hub = TestHub.start()) {
            TestCommunity xincheng = TestCommunity.create(hub.hub());
            xincheng.staff("wang", "Wang Li", Role.DUTY);
            xincheng.staff("zhou", "Zhou Mei", Role.SUPERVISOR);
            String zhang = xincheng.zhang().id();

            // Wang comes on duty and takes a call through to its end.
            TestConsole wang = xincheng.console("wang");
            assertThat(wang.post("/api/duty", "{\"onDuty\":true,\"areaId\":\"" + xincheng.grid().id() + "\"}").status())
                    .isEqualTo(200);
            try (TestDevice unit = xincheng.connectUnit()) {
                AlarmReport press = unit.newAlarm();
                unit.send(press);
                assertThat(unit.next(Receipt.class, WAIT)).isNotNull();
                assertThat(wang.post("/api/alarms/" + press.id() + "/acknowledge", null).status()).isEqualTo(200);
                assertThat(wang.post("/api/alarms/" + press.id() + "/arrive", null).status()).isEqualTo(200);
                assertThat(wang.post("/api/alarms/" + press.id() + "/resolve",
                        "{\"outcome\":\"FALL\",\"note\":\"helped up, no injury\"}").status()).isEqualTo(200);
            }
            assertThat(wang.post("/api/duty", "{\"onDuty\":false}").status()).isEqualTo(200);
            assertThat(wang.delete("/api/session").status()).isEqualTo(200);

            // Zhou reads the list, then Zhang's file, and corrects her phone and notes.
            TestConsole zhou = xincheng.console("zhou");
            assertThat(zhou.get("/api/residents").body().toString()).doesNotContain("insulin");
            assertThat(zhou.get("/api/residents/" + zhang).text("healthNotes")).isEqualTo("insulin at 8:00");
            assertThat(zhou.put("/api/residents/" + zhang, """
                    {"areaId":"%s","name":"Zhang Min","address":"3 Hongqi Lane","room":"2-101",
                     "phone":"138 0013 8000","healthNotes":"insulin at 8:00 and 20:00","riskLevel":"HIGH"}"""
                    .formatted(xincheng.grid().id())).status()).isEqualTo(200);

            await().atMost(WAIT).until(() -> hub.hub().people().audit().find(new AuditLog.Filter("wang", null, null, null), 50)
                    .stream().anyMatch(entry -> entry.event().equals("alarm.resolved")));
            List<AuditLog.Entry> wangs = hub.hub().people().audit().find(new AuditLog.Filter("wang", null, null, null), 50)
                    .reversed();
            assertThat(wangs).extracting(AuditLog.Entry::event).containsExactly("login", "duty.on",
                    "alarm.acknowledged", "alarm.arrived", "alarm.resolved", "duty.off", "logout");
            assertThat(wangs).allSatisfy(entry -> assertThat(entry.remote()).contains("127.0.0.1"));
            assertThat(wangs.get(4).deviceId()).isEqualTo(xincheng.unit().deviceId());
            assertThat(wangs.get(4).reason()).contains("FALL").doesNotContain("no injury");

            List<AuditLog.Entry> zhous = hub.hub().people().audit().find(new AuditLog.Filter("zhou", null, null, null), 50)
                    .reversed();
            assertThat(zhous).extracting(AuditLog.Entry::event)
                    .containsExactly("login", "resident.health-read", "resident.updated");
            assertThat(zhous.get(1).reason()).contains(zhang);
            assertThat(zhous.get(2).reason()).contains("phone: (none) → '138 0013 8000'")
                    .contains("healthNotes changed").doesNotContain("insulin");

            AuditChain.Verdict verdict = hub.hub().people().audit().verify();
            assertThat(verdict.whole()).as(verdict.sentence()).isTrue();
        }
    }
}
