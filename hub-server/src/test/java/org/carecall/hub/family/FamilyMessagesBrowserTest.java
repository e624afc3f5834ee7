package org.carecall.hub.family;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import org.carecall.hub.care.CareRounds;
import org.carecall.hub.care.Visit;
import org.carecall.hub.community.Resident;
import org.carecall.hub.staff.Role;
import org.carecall.hub.support.Browser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The family's messages on a 360 px phone (Chromium): in Zhang Min's file Wang sees what was sent to whom,
 * on which channel and whether it was delivered, the message given up in red; Chen, the supervisor, finds it
 * on her Today; and when her son phones to say she is well, Wang closes her missed check-in as family,
 * picking him from her contacts.
 */
class FamilyMessagesBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCREENSHOTS = Path.of("../docs/screenshots");
    private FamilyHubs hubs;

    @BeforeEach
    void start() throws Exception {
        hubs = FamilyHubs.start("family-browser", "2026-12-07T09:00");
        // A message of last week that every attempt failed to deliver (the son's old address).
        long lastWeek = hubs.clock().millis() - Duration.ofDays(7).toMillis();
        hubs.hub().hub().family().outbox().store(List.of(new FamilyMessage("given-up-1", hubs.zhang().id(),
                FamilyMessage.Kind.UPDATE, FamilyMessage.Channel.EMAIL, "张伟", "儿子", "wei@old.example.cn", "zh-CN",
                "张敏的近况", "……", "wang", lastWeek, FamilyMessage.State.GIVEN_UP, 8, lastWeek, null,
                "550 mailbox unavailable"))).join();
        assertThat(hubs.wang().post("/api/residents/" + hubs.zhang().id() + "/family-update",
                "{\"text\":\"今天上午探访，她精神很好。\"}").status()).isEqualTo(202);
        await().atMost(WAIT).until(() -> hubs.messages().stream()
                .filter(message -> message.path("delivery").asText().equals("DELIVERED")).count() == 2);
    }

    @AfterEach
    void stop() throws Exception {
        hubs.close();
    }

    private String url() {
        return "http://127.0.0.1:" + hubs.hub().hub().httpPort() + "/";
    }

    private static void fitsThePhone(Browser phone) {
        assertThat((Long) phone.script("return document.documentElement.scrollWidth")).isLessThanOrEqualTo(360L);
    }

    @Test
    void theFileListsEachMessageTheGivenUpInRedAndTheSupervisorFindsIt() throws Exception {
        try (Browser wang = Browser.phone(null, 360)) {
            wang.open(url());
            wang.click("#lang");
            wang.login("wang", "wang-password-1");
            wang.click("[data-tab=residents]");
            String zhang = "#resident-list li[data-resident-id='" + hubs.zhang().id() + "']";
            wang.until(WAIT, () -> wang.exists(zhang));
            wang.click(zhang + " button");
            wang.until(WAIT, () -> wang.exists("#file-family-messages li.family-message"));
            String list = wang.text("#file-family-messages");
            assertThat(list).contains("Zhang Li (daughter)", "张伟 (儿子)", "e-mail", "news", "delivered");
            assertThat(wang.text("#file-family-messages li.family-failed")).contains("failed, given up")
                    .contains("550 mailbox unavailable");
            assertThat(wang.script("return getComputedStyle(document.querySelector("
                    + "'#file-family-messages li.family-failed .family-delivery')).color")).isEqualTo("rgb(176, 0, 32)");
            fitsThePhone(wang);
            wang.script("document.getElementById('file-family').scrollIntoView()");
            wang.screenshot(SCREENSHOTS.resolve("file-family-messages-phone.png"));
        }

        hubs.hub().hub().people().staff().create("chen", "陈静", Role.SUPERVISOR, hubs.site().id(), null,
                "chen-password-1", List.of(), false).join();
        try (Browser chen = Browser.phone(null, 360)) {
            chen.open(url());
            chen.click("#lang");
            chen.login("chen", "chen-password-1");
            chen.click("[data-tab=today]");
            chen.until(WAIT, () -> chen.exists("#today-family-given-up li.family-failed"));
            assertThat(chen.text("#today-family")).contains("Family messages given up", "张敏", "张伟", "failed, given up");
            fitsThePhone(chen);
        }
    }

    /**
     * Wang records his visit to Zhang Min from Today on a 390 px phone and writes a line for her family in the
     * visit form: each consenting contact gets it once by e-mail, and the form fits the phone.
     */
    @Test
    void wangWritesNewsForTheFamilyInTheVisitFormOnTodayAtPhoneSize() throws Exception {
        Resident zhang = hubs.zhang();
        var care = hubs.hub().hub().care();
        care.rounds().record(new Visit("seed-" + zhang.id(), zhang.id(), hubs.clock().instant().minus(Duration.ofDays(10)),
                null, "HOME", "SEEN", null, null, JSON.createObjectNode(), JSON.createArrayNode(), null, null),
                new CareRounds.Plan(zhang.id(), zhang.riskLevel(), FamilyHubs.SHANGHAI,
                        care.policies().forSite(hubs.site().id()))).join();
        String news = "今天上午探访，她在阳台晒太阳，精神很好。";
        try (Browser wang = Browser.phone(null, 390)) {
            wang.open(url());
            wang.login("wang", "wang-password-1");
            wang.click("[data-tab=today]");
            String item = "#today-list li[data-resident-id='" + zhang.id() + "']";
            wang.until(WAIT, () -> wang.exists(item));
            wang.click(item + " button[data-action=record-visit]");
            // The visit was an hour ago by the hub's clock (the story's morning, not the browser's now).
            String anHourAgo = LocalDateTime.ofInstant(hubs.clock().instant().minus(Duration.ofHours(1)),
                    java.time.ZoneId.systemDefault()).withSecond(0).withNano(0).toString();
            wang.script("document.querySelector(arguments[0]).value = arguments[1];", item + " input[name=visitedAt]",
                    anHourAgo);
            wang.type(item + " textarea[name=familyNews]", news);
            assertThat((Long) wang.script("return document.documentElement.scrollWidth")).isLessThanOrEqualTo(390L);
            wang.script("document.querySelector(arguments[0]).scrollIntoView()", item + " textarea[name=familyNews]");
            wang.screenshot(SCREENSHOTS.resolve("today-visit-family-news-phone.png"));
            wang.click(item + " button[data-action=outcome-SEEN]");
            wang.until(WAIT, () -> !wang.exists(item));
        }
        await().atMost(WAIT).until(() -> hubs.messages().stream().filter(message -> message.path("text").asText()
                .contains("阳台")).count() == 2);
        assertThat(hubs.messages().stream().filter(message -> message.path("text").asText().contains("阳台")))
                .extracting(message -> message.path("to").asText()).containsExactlyInAnyOrder("张伟", "Zhang Li");
        await().atMost(WAIT).until(() -> java.util.Arrays.stream(hubs.smtp().getReceivedMessages())
                .filter(mail -> body(mail).contains("阳台")).count() == 2);
    }

    private static String body(jakarta.mail.internet.MimeMessage mail) {
        try {
            return mail.getContent().toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void herSonPhonesAndWangClosesTheDayAsFamilyPickingHimFromHerContacts() throws Exception {
        String zhang = hubs.zhang().id();
        assertThat(hubs.wang().put("/api/residents/" + zhang + "/check-in", "{\"enabled\":true,\"deadline\":\"10:00\"}")
                .status()).isEqualTo(200);
        hubs.moveTo("2026-12-07T09:30");
        hubs.hub().hub().care().checkIns().sweep().sweep();
        hubs.moveTo("2026-12-07T10:20");
        hubs.hub().hub().care().checkIns().sweep().sweep();
        try (Browser wang = Browser.phone(null, 360)) {
            wang.open(url());
            wang.click("#lang");
            wang.login("wang", "wang-password-1");
            wang.click("[data-tab=today]");
            String card = "#today-checkins li[data-resident-id='" + zhang + "']";
            wang.until(WAIT, () -> wang.exists(card + " button[data-action=check-in-family]"));
            wang.click(card + " button[data-action=check-in-family]");
            wang.until(WAIT, () -> wang.exists("#check-in-contacts-" + zhang + " option[value='张伟']"));
            wang.type(card + " input[name=name]", "张伟");
            wang.until(WAIT, () -> "儿子".equals(wang.find(card + " input[name=relation]").getAttribute("value")));
            fitsThePhone(wang);
            wang.click(card + " button[data-action=check-in-confirm-save]");
            wang.until(WAIT, () -> !wang.exists(card));
        }
        JsonNode day = hubs.wang().get("/api/residents/" + zhang + "/check-ins?from=2026-12-07&to=2026-12-07").body().get(0);
        assertThat(day.path("state").asText()).isEqualTo("CONFIRMED");
        assertThat(day.path("closedBy").asText()).isEqualTo("FAMILY");
        assertThat(day.path("name").asText()).isEqualTo("张伟");
        assertThat(day.path("relation").asText()).isEqualTo("儿子");
    }
}
