package org.carecall.hub.family;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.carecall.hub.support.TestConsole;
import org.carecall.protocol.MessageIds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The monthly summary on a whole hub with the test clock and a real SMTP server: through November Zhang Min
 * checks in (or does not), Wang visits her, and her requests are opened and done. On 1 December nothing
 * goes before 09:00; at 09:00 her son and her daughter each get one summary, in their languages, whose
 * figures are November's as the store answers them, with Wang's name and phone and nothing of her health;
 * the summary swept again, and on the 2nd, is not sent again.
 */
class MonthlySummaryStoryTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private FamilyHubs hubs;
    private String zhang;

    @BeforeEach
    void start() throws Exception {
        hubs = FamilyHubs.start("family-monthly", "2026-11-01T08:00");
        zhang = hubs.zhang().id();
    }

    @AfterEach
    void stop() throws Exception {
        hubs.close();
    }

    private TestConsole wang() throws Exception {
        return hubs.wang();
    }

    private void checkInsAt(String localTime) throws Exception {
        hubs.moveTo(localTime);
        hubs.hub().hub().care().checkIns().sweep().sweep();
    }

    private int summariesAt(String localTime) throws Exception {
        hubs.moveTo(localTime);
        return hubs.hub().hub().family().told().monthly().sweep();
    }

    private void confirm(String day) throws Exception {
        assertThat(wang().post("/api/residents/" + zhang + "/check-ins/" + day + "/confirm",
                "{\"by\":\"STAFF\",\"name\":\"王强\"}").status()).isEqualTo(200);
    }

    private void visit(String visitedAt, String outcome) throws Exception {
        TestConsole.Answer visit = wang().post("/api/residents/" + zhang + "/visits", """
                {"id":"%s","visitedAt":"%s","method":"HOME","outcome":"%s",
                 "domains":{"health":{"status":"CONCERN","note":"blood pressure 170"}},"note":"asked about her pills"}"""
                .formatted(MessageIds.next(), FamilyHubs.at(visitedAt), outcome));
        assertThat(visit.status()).as(visit.toString()).isEqualTo(201);
    }

    private String order(String note) throws Exception {
        TestConsole.Answer order = wang().post("/api/work-orders", "{\"residentId\":\"" + zhang
                + "\",\"category\":\"REPAIR\",\"note\":\"" + note + "\",\"source\":\"STAFF\"}");
        assertThat(order.status()).as(order.toString()).isEqualTo(201);
        return order.text("id");
    }

    private void finish(String orderId) throws Exception {
        for (String move : List.of("assign", "start")) {
            assertThat(wang().post("/api/work-orders/" + orderId + "/" + move, "{}").status()).isEqualTo(200);
        }
        assertThat(wang().post("/api/work-orders/" + orderId + "/done", "{\"outcome\":\"resolved\",\"note\":\"\"}")
                .status()).isEqualTo(200);
    }

    /** November as the store answers it: the check-in days, the visits that found her, the orders. */
    private record November(int kept, int missed, List<LocalDate> visits, int opened, int done) {
    }

    private November novemberFromTheStore() throws Exception {
        int kept = 0;
        int missed = 0;
        for (JsonNode day : wang().get("/api/residents/" + zhang + "/check-ins?from=2026-11-01&to=2026-11-30").body()) {
            if (day.path("missed").asBoolean()) {
                missed++;
            } else if (day.path("state").asText().equals("CONFIRMED")) {
                kept++;
            }
        }
        Instant from = FamilyHubs.at("2026-11-01T00:00");
        Instant to = FamilyHubs.at("2026-12-01T00:00");
        List<LocalDate> visits = new ArrayList<>();
        for (JsonNode visit : wang().get("/api/residents/" + zhang + "/visits").body()) {
            Instant at = Instant.parse(visit.path("visitedAt").asText());
            if (visit.path("outcome").asText().equals("SEEN") && !at.isBefore(from) && at.isBefore(to)) {
                visits.add(LocalDate.ofInstant(at, FamilyHubs.SHANGHAI));
            }
        }
        int opened = 0;
        int done = 0;
        for (JsonNode order : wang().get("/api/work-orders?residentId=" + zhang).body()) {
            opened += within(order.path("reportedAt").asText(null), from, to) ? 1 : 0;
            done += within(order.path("doneAt").asText(null), from, to) ? 1 : 0;
        }
        return new November(kept, missed, visits.stream().sorted().toList(), opened, done);
    }

    private static boolean within(String at, Instant from, Instant to) {
        return at != null && !Instant.parse(at).isBefore(from) && Instant.parse(at).isBefore(to);
    }

    private MimeMessage mailTo(String address) {
        return Arrays.stream(hubs.smtp().getReceivedMessages()).filter(mail -> {
            try {
                return mail.getAllRecipients()[0].toString().equals(address);
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).findFirst().orElseThrow();
    }

    @Test
    void onTheFirstAtNineEachConsentingContactGetsLastMonthsFiguresOnce() throws Exception {
        assertThat(wang().put("/api/residents/" + zhang + "/check-in", "{\"enabled\":true,\"deadline\":\"10:00\"}")
                .status()).isEqualTo(200);
        checkInsAt("2026-11-02T09:00");
        confirm("2026-11-02"); // kept: closed before her deadline
        checkInsAt("2026-11-03T09:00");
        checkInsAt("2026-11-03T10:20"); // listed: missed
        hubs.moveTo("2026-11-03T11:00");
        confirm("2026-11-03"); // closed late: still missed
        checkInsAt("2026-11-04T09:00");
        checkInsAt("2026-11-04T10:20"); // missed
        hubs.moveTo("2026-11-04T10:30");
        confirm("2026-11-04"); // before the ladder reaches her family: only the summary is written in this story
        checkInsAt("2026-11-05T09:00");
        confirm("2026-11-05");
        // Switched off: the days the clock jumps over are not expected (the story stays on these four days).
        assertThat(wang().put("/api/residents/" + zhang + "/check-in", "{\"enabled\":false}").status()).isEqualTo(200);

        hubs.moveTo("2026-11-10T15:00");
        finish(order("水龙头漏水"));
        hubs.moveTo("2026-11-20T16:00");
        visit("2026-11-05T10:00", "SEEN");
        visit("2026-11-12T10:00", "NOT_HOME");
        visit("2026-11-19T10:00", "SEEN");
        order("买米");
        hubs.moveTo("2026-12-01T08:30");
        order("December's own request"); // not November's

        November november = novemberFromTheStore();
        assertThat(november).isEqualTo(new November(2, 2, List.of(LocalDate.parse("2026-11-05"),
                LocalDate.parse("2026-11-19")), 2, 1));

        assertThat(summariesAt("2026-12-01T08:59")).as("nothing before 09:00 on the 1st").isZero();
        summariesAt("2026-12-01T09:00"); // (the sweep's own thread may have been first: either way, one each)
        assertThat(hubs.messages()).hasSize(2);
        assertThat(summariesAt("2026-12-01T09:05")).as("a second sweep stores nothing").isZero();
        assertThat(summariesAt("2026-12-02T10:00")).as("nor does the next day's").isZero();
        await().atMost(WAIT).until(() -> hubs.allDelivered(2));
        assertThat(hubs.smtp().getReceivedMessages()).hasSize(2);

        String son = mailTo(FamilyHubs.SON).getContent().toString();
        assertThat(mailTo(FamilyHubs.SON).getSubject()).isEqualTo("张敏 2026年11月的情况");
        assertThat(son).contains("按时 " + november.kept() + " 天，未报 " + november.missed() + " 天",
                november.visits().size() + " 次（11月5日、11月19日）",
                "新提出 " + november.opened() + " 件，已完成 " + november.done() + " 件", "王强", "138 0000 1111");
        String daughter = mailTo(FamilyHubs.DAUGHTER).getContent().toString();
        assertThat(mailTo(FamilyHubs.DAUGHTER).getSubject()).isEqualTo("Zhang Min in November 2026");
        assertThat(daughter).contains(november.kept() + " days checked in, " + november.missed() + " missed",
                "2 (5 November, 19 November)", november.opened() + " opened, " + november.done() + " done",
                "Her grid worker is 王强, phone 138 0000 1111");
        for (String text : List.of(son, daughter)) {
            assertThat(text).doesNotContain("blood pressure").doesNotContain("pills").doesNotContain("insulin")
                    .doesNotContain("metformin").doesNotContain("水龙头").doesNotContain("Hongqi");
        }
        assertThat(hubs.messages()).extracting(message -> message.path("kind").asText()).containsOnly("MONTHLY");
    }
}
