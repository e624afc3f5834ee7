package org.carecall.hub.family;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.carecall.hub.support.TestConsole;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A missed check-in reaches the family, on a whole hub with the test clock and a real SMTP server: Zhang Min
 * has a 10:00 check-in and does not press her key. At 13:00 (the policy's familyAfterMin, 180) her son gets
 * one e-mail in Chinese and her daughter one in English, with Wang's phone and never her health; the
 * neighbour, who gave no consent, gets none; a second sweep sends nothing more. The next day her son phones
 * Wang to say she is well: the day closes as FAMILY with his name and relation, and nobody is written to.
 */
class MissedCheckInFamilyStoryTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private FamilyHubs hubs;

    @BeforeEach
    void start() throws Exception {
        hubs = FamilyHubs.start("family-check-in", "2026-12-07T08:00");
        TestConsole.Answer plan = hubs.wang().put("/api/residents/" + hubs.zhang().id() + "/check-in",
                "{\"enabled\":true,\"deadline\":\"10:00\"}");
        assertThat(plan.status()).as(plan.toString()).isEqualTo(200);
    }

    @AfterEach
    void stop() throws Exception {
        hubs.close();
    }

    private void sweepAt(String localTime) throws Exception {
        hubs.moveTo(localTime);
        hubs.hub().hub().care().checkIns().sweep().sweep();
    }

    private Map<String, MimeMessage> mailsByRecipient() throws Exception {
        return Arrays.stream(hubs.smtp().getReceivedMessages()).collect(Collectors.toMap(mail -> {
            try {
                return mail.getAllRecipients()[0].toString();
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }, mail -> mail));
    }

    @Test
    void atTheFamilyStepEachConsentingContactGetsOneMailInHerLanguageAndTheNeighbourNone() throws Exception {
        sweepAt("2026-12-07T09:00");
        sweepAt("2026-12-07T12:59");
        assertThat(hubs.messages()).as("nobody is told before the family step").isEmpty();

        sweepAt("2026-12-07T13:00");
        await().atMost(WAIT).until(() -> hubs.allDelivered(2));
        Map<String, MimeMessage> mails = mailsByRecipient();
        assertThat(mails).containsOnlyKeys(FamilyHubs.SON, FamilyHubs.DAUGHTER);

        MimeMessage son = mails.get(FamilyHubs.SON);
        assertThat(son.getSubject()).isEqualTo("张敏今天还没有报平安");
        assertThat(son.getContent().toString()).contains("张伟您好", "10:00", "王强", "138 0000 1111")
                .doesNotContain("insulin").doesNotContain("metformin").doesNotContain("stick")
                .doesNotContain("Hongqi").doesNotContain("139 1111 0000");
        MimeMessage daughter = mails.get(FamilyHubs.DAUGHTER);
        assertThat(daughter.getSubject()).isEqualTo("Zhang Min has not checked in today");
        assertThat(daughter.getContent().toString()).contains("Dear Zhang Li", "by 10:00", "138 0000 1111")
                .doesNotContain("insulin").doesNotContain("metformin");

        List<JsonNode> listed = hubs.messages();
        assertThat(listed).extracting(message -> message.path("kind").asText()).containsOnly("CHECK_IN_MISSED");
        assertThat(listed).extracting(message -> message.path("to").asText()).containsExactlyInAnyOrder("张伟", "Zhang Li");
        JsonNode day = hubs.wang().get("/api/residents/" + hubs.zhang().id() + "/check-ins?from=2026-12-07&to=2026-12-07")
                .body().get(0);
        assertThat(day.path("familyDueAt").asText()).isNotEmpty();

        // The step is claimed once: later sweeps store and send nothing more.
        sweepAt("2026-12-07T13:30");
        sweepAt("2026-12-07T18:00");
        assertThat(hubs.hub().hub().family().sender().sendDue()).isZero();
        assertThat(hubs.messages()).hasSize(2);
        assertThat(hubs.smtp().getReceivedMessages()).hasSize(2);
    }

    @Test
    void herSonSaysSheIsWellAndTheDayClosesAsFamilyWithNobodyWrittenTo() throws Exception {
        sweepAt("2026-12-07T09:00");
        sweepAt("2026-12-07T10:20"); // listed on Wang's Today
        TestConsole.Answer confirmed = hubs.wang().post("/api/residents/" + hubs.zhang().id()
                        + "/check-ins/2026-12-07/confirm",
                "{\"by\":\"FAMILY\",\"name\":\"张伟\",\"relation\":\"儿子\",\"note\":\"他刚和妈妈通过电话\"}");
        assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);
        assertThat(confirmed.text("closedBy")).isEqualTo("FAMILY");
        assertThat(confirmed.text("name")).isEqualTo("张伟");
        assertThat(confirmed.text("relation")).isEqualTo("儿子");
        await().atMost(WAIT).until(() -> hubs.hub().admin().get("/api/audit?actor=wang").body().toString()
                .contains("FAMILY (张伟, 儿子)")); // who took his word, and whose word it was

        sweepAt("2026-12-07T13:00");
        sweepAt("2026-12-07T14:00");
        JsonNode day = hubs.wang().get("/api/residents/" + hubs.zhang().id() + "/check-ins?from=2026-12-07&to=2026-12-07")
                .body().get(0);
        assertThat(day.path("state").asText()).isEqualTo("CONFIRMED");
        assertThat(day.path("closedBy").asText()).isEqualTo("FAMILY");
        assertThat(day.path("relation").asText()).isEqualTo("儿子");
        assertThat(day.path("familyDueAt").isTextual()).as("a closed day never reaches the family step").isFalse();
        assertThat(hubs.hub().hub().family().sender().sendDue()).isZero();
        assertThat(hubs.messages()).isEmpty();
        assertThat(hubs.smtp().getReceivedMessages()).isEmpty();
    }
}
