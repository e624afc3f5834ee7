package org.carecall.hub.family;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import org.carecall.hub.alarm.Alarm;
import org.carecall.hub.support.TestConsole;
import org.carecall.protocol.AlarmKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A resolved call told to the family, on a whole hub with the test clock and a real SMTP server: off by
 * default, so Wang closing her first call tells nobody; once the community turns it on, her next call,
 * taken and closed by Wang, reaches her son and her daughter once each, with when she called and who came,
 * and never the outcome or Wang's note.
 */
class ResolvedCallFamilyStoryTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private FamilyHubs hubs;

    @BeforeEach
    void start() throws Exception {
        hubs = FamilyHubs.start("family-call", "2026-12-07T10:00");
        hubs.hub().hub().units().devices().create("bed-0001", "bedroom", hubs.zhang().id()).join();
    }

    @AfterEach
    void stop() throws Exception {
        hubs.close();
    }

    /** Her unit calls; Wang takes the call and closes it ten minutes later: the call. */
    private Alarm callTakenAndClosedByWang() throws Exception {
        Alarm call = hubs.hub().hub().calls().intake().raise("bed-0001", AlarmKind.CALL_BUTTON, "pressed").join();
        TestConsole.Answer taken = hubs.wang().post("/api/alarms/" + call.id() + "/acknowledge", null);
        assertThat(taken.status()).as(taken.toString()).isEqualTo(200);
        hubs.clock().advance(Duration.ofMinutes(10));
        assertThat(hubs.wang().post("/api/alarms/" + call.id() + "/resolve",
                "{\"outcome\":\"FALL\",\"note\":\"helped up, her knee hurts\"}").status()).isEqualTo(200);
        return call;
    }

    @Test
    void offByDefaultThenEachConsentingContactIsToldOnceOfACallClosed() throws Exception {
        callTakenAndClosedByWang();
        assertThat(hubs.messages()).as("the community has not turned it on").isEmpty();

        hubs.moveTo("2026-12-07T13:00");
        TestConsole.Answer policy = hubs.hub().admin().put("/api/care-policies/" + hubs.site().id(),
                "{\"family\":{\"callResolved\":true}}");
        assertThat(policy.status()).as(policy.toString()).isEqualTo(200);
        assertThat(policy.body().path("family").path("callResolved").asBoolean()).isTrue();
        assertThat(hubs.messages()).as("the morning's call, closed before it was turned on, is past").isEmpty();

        hubs.moveTo("2026-12-07T14:05");
        Alarm call = callTakenAndClosedByWang();
        // Stored by the resolution itself: there when the console's answer came.
        assertThat(hubs.messages()).hasSize(2);
        TestConsole.Answer again = hubs.wang().post("/api/alarms/" + call.id() + "/resolve",
                "{\"outcome\":\"OTHER\",\"note\":\"closed twice\"}");
        assertThat(again.status()).as(again.toString()).isEqualTo(409);
        assertThat(hubs.messages()).as("a refused resolution tells nobody again").hasSize(2);
        await().atMost(WAIT).until(() -> hubs.allDelivered(2));

        MimeMessage[] mails = hubs.smtp().getReceivedMessages();
        assertThat(mails).hasSize(2);
        for (MimeMessage mail : mails) {
            String to = mail.getAllRecipients()[0].toString();
            assertThat(to).isIn(FamilyHubs.SON, FamilyHubs.DAUGHTER);
            String text = mail.getContent().toString();
            assertThat(text).contains("14:05", "14:15", "王强").doesNotContain("knee").doesNotContain("FALL")
                    .doesNotContain("insulin");
            assertThat(mail.getSubject()).isEqualTo(to.equals(FamilyHubs.SON) ? "张敏的呼叫已处理"
                    : "Zhang Min's call was answered");
        }
        assertThat(hubs.messages()).extracting(message -> message.path("kind").asText()).containsOnly("CALL_RESOLVED");
    }
}
