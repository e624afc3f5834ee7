package org.carecall.hub.family;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import org.carecall.hub.escalation.OutsideChannel;
import org.carecall.hub.staff.Role;
import org.carecall.hub.support.TestConsole;
import org.carecall.hub.support.TestGateway;
import org.carecall.hub.support.TestHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The family knows, on a whole hub: Wang, the duty worker of Zhang Min's grid, sends her son a short
 * update after a visit. It reaches a real SMTP server on loopback once, with a Chinese subject, and a real
 * gateway once, signed; neither carries her health notes or medicines; the neighbour, who gave no consent,
 * gets nothing; and once the son withdraws his consent, nothing more goes to him.
 */
class FamilyNewsStoryTest {
    private static final String SECRET = "family-gateway-secret-of-32-bytes!";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private GreenMail smtp;
    private TestGateway gateway;
    private TestHub hub;
    private TestConsole admin;
    private TestConsole wang;
    private String zhang;
    private String gridId;
    private String siteId;

    @BeforeEach
    void smtp() {
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        smtp.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (hub != null) {
            hub.close();
        }
        gateway.close();
        smtp.stop();
    }

    private void start(Integer... gatewayAnswers) throws Exception {
        startGivingUpAfter(8, gatewayAnswers);
    }

    private void startGivingUpAfter(int attempts, Integer... gatewayAnswers) throws Exception {
        gateway = TestGateway.answering(gatewayAnswers);
        hub = TestHub.start(config -> {
            config.family.attempts = attempts;
            config.family.smtpHost = "127.0.0.1";
            config.family.smtpPort = smtp.getSmtp().getPort();
            config.family.smtpFrom = "carecall@xincheng.example.cn";
            config.family.firstRetryMs = 50;
            config.family.sweepMs = 50;
            config.escalation.webhookUrl = gateway.url();
            config.escalation.webhookSecret = SECRET;
        });
        admin = hub.admin();
        siteId = admin.post("/api/sites", "{\"name\":\"新城社区\",\"timezone\":\"Asia/Shanghai\"}").text("id");
        gridId = admin.post("/api/areas", "{\"siteId\":\"" + siteId + "\",\"name\":\"Grid 1\"}").text("id");
        hub.hub().people().staff().create("wang", "王强", Role.DUTY, siteId, "138 0000 1111", "wang-password-1",
                List.of(gridId), false).join();
        wang = TestConsole.login(hub.hub().httpPort(), "wang", "wang-password-1");
        zhang = admin.post("/api/residents", file(true)).text("id");
    }

    /** Her file: health notes, medicines, a son who wants news (with his consent or not), a neighbour who does not. */
    private String file(boolean sonConsents) {
        return """
                {"areaId":"%s","name":"张敏","riskLevel":"HIGH","healthNotes":"insulin at 8:00","medicines":"metformin",
                 "emergencyContacts":[
                   {"name":"张伟","relation":"儿子","phone":"139 0000 0001","email":"wei@example.cn",
                    "updates":%s,"consent":%s},
                   {"name":"Li Hua","relation":"neighbour","phone":"139 0000 0002","email":"li@example.cn"}]}"""
                .formatted(gridId, sonConsents, sonConsents);
    }

    private List<JsonNode> messages() throws Exception {
        List<JsonNode> found = new java.util.ArrayList<>();
        wang.get("/api/residents/" + zhang + "/family-messages").body().forEach(found::add);
        return found;
    }

    private boolean allDelivered(int count) throws Exception {
        List<JsonNode> all = messages();
        return all.size() == count && all.stream().allMatch(message -> message.path("delivery").asText().equals("DELIVERED"));
    }

    @Test
    void newsWrittenWithAVisitGoesOnceThoughThePhonePostsTheVisitTwiceAndHerHealthIsWithheld() throws Exception {
        start();
        String visit = """
                {"id":"%s","method":"HOME","outcome":"SEEN","note":"all well","familyNews":"%s"}""";
        String posted = "/api/residents/" + zhang + "/visits";
        assertThat(wang.post(posted, visit.formatted("01JVISITNEWS0000000000000A", "她今天精神很好。")).status())
                .isEqualTo(201);
        // The phone lost the answer and posts the same visit again.
        assertThat(wang.post(posted, visit.formatted("01JVISITNEWS0000000000000A", "她今天精神很好。")).status())
                .isEqualTo(200);

        await().atMost(WAIT).until(() -> allDelivered(2));
        assertThat(messages()).hasSize(2);
        assertThat(smtp.getReceivedMessages()).hasSize(1);
        assertThat(smtp.getReceivedMessages()[0].getContent().toString()).contains("她今天精神很好", "王强");
        assertThat(gateway.posts()).hasSize(1);

        // A second visit whose news repeats her medicines: the visit is stored, the news withheld and audited.
        assertThat(wang.post(posted, visit.formatted("01JVISITNEWS0000000000000B", "took her metformin")).status())
                .isEqualTo(201);
        assertThat(admin.get("/api/audit?actor=wang").body().toString()).contains("family.update-withheld");
        assertThat(messages()).hasSize(2);
    }

    @Test
    void aWorkersUpdateReachesTheSonOnceByMailAndOnceByTheGatewayAndNeverCarriesHerHealth() throws Exception {
        start();
        TestConsole.Answer sent = wang.post("/api/residents/" + zhang + "/family-update",
                "{\"text\":\"今天上午探访，她精神很好，午饭吃得不错。\"}");
        assertThat(sent.status()).as(sent.toString()).isEqualTo(202);
        assertThat(sent.body().path("messages")).extracting(message -> message.path("channel").asText())
                .containsExactlyInAnyOrder("EMAIL", "WEBHOOK");

        await().atMost(WAIT).until(() -> allDelivered(2));
        MimeMessage[] mails = smtp.getReceivedMessages();
        assertThat(mails).hasSize(1);
        assertThat(mails[0].getAllRecipients()[0].toString()).isEqualTo("wei@example.cn");
        assertThat(mails[0].getSubject()).isEqualTo("张敏的近况");
        assertThat(mails[0].getHeader("Subject")[0]).startsWith("=?UTF-8?");
        String mailText = mails[0].getContent().toString();
        assertThat(mailText).contains("今天上午探访", "王强", "138 0000 1111")
                .doesNotContain("insulin at 8:00").doesNotContain("metformin");

        assertThat(gateway.posts()).hasSize(1);
        TestGateway.Post post = gateway.posts().getFirst();
        assertThat(post.signature()).isEqualTo("sha256=" + new OutsideChannel(null, SECRET, 1, Duration.ZERO).sign(post.body()));
        JsonNode event = JSON.readTree(post.body());
        assertThat(event.path("event").asText()).isEqualTo("family.message");
        assertThat(event.path("to").path("phone").asText()).isEqualTo("139 0000 0001");
        assertThat(post.key()).isEqualTo(event.path("key").asText());
        assertThat(post.body()).doesNotContain("insulin at 8:00").doesNotContain("metformin");

        // What was sent, to whom, and whether it was delivered, in her file's list.
        JsonNode mail = messages().stream().filter(m -> m.path("channel").asText().equals("EMAIL")).findFirst().orElseThrow();
        assertThat(mail.path("to").asText()).isEqualTo("张伟");
        assertThat(mail.path("address").asText()).isEqualTo("wei@example.cn");
        assertThat(mail.path("sentBy").asText()).isEqualTo("wang");
        assertThat(mail.path("deliveredAt").asLong()).isPositive();
        assertThat(admin.get("/api/audit?actor=wang").body().toString()).contains("family.update");

        TestConsole.Answer health = wang.post("/api/residents/" + zhang + "/family-update",
                "{\"text\":\"她按时吃了 Metformin。\"}");
        assertThat(health.status()).isEqualTo(400);
        assertThat(health.body().path("fields").path("text").path("code").asText()).isEqualTo("health");

        // The son withdraws his consent: one change, and the next update finds nobody to write to.
        assertThat(admin.put("/api/residents/" + zhang, file(false)).status()).isEqualTo(200);
        TestConsole.Answer after = wang.post("/api/residents/" + zhang + "/family-update", "{\"text\":\"她很好。\"}");
        assertThat(after.status()).isEqualTo(409);
        Thread.sleep(300);
        assertThat(smtp.getReceivedMessages()).hasSize(1);
        assertThat(gateway.posts()).hasSize(1);
    }

    @Test
    void aGatewayAnswering500ThreeTimesGetsTheUpdateOnceWhenItAnswers200AndTheFailuresAreCounted() throws Exception {
        start(500, 500, 500);
        wang.post("/api/residents/" + zhang + "/family-update", "{\"text\":\"今天上午探访，她很好。\"}");

        await().atMost(WAIT).until(() -> allDelivered(2));
        assertThat(gateway.posts()).extracting(TestGateway.Post::answered).containsExactly(500, 500, 500, 200);
        assertThat(gateway.posts()).extracting(TestGateway.Post::key).hasSize(4).containsOnly(gateway.posts().getFirst().key());
        JsonNode hook = messages().stream().filter(m -> m.path("channel").asText().equals("WEBHOOK")).findFirst().orElseThrow();
        assertThat(hook.path("attempts").asInt()).isEqualTo(4);
        assertThat(smtp.getReceivedMessages()).hasSize(1);
        // The failures are counted, by channel and result, for the alert on a failing channel.
        String scrape = hub.hub().metrics().scrape();
        assertThat(scrape).contains("carecall_family_messages_total{channel=\"WEBHOOK\",result=\"failed\"} 3.0",
                "carecall_family_messages_total{channel=\"WEBHOOK\",result=\"delivered\"} 1.0",
                "carecall_family_messages_total{channel=\"EMAIL\",result=\"delivered\"} 1.0",
                "carecall_family_messages_total{channel=\"EMAIL\",result=\"failed\"} 0.0");
    }

    @Test
    void aMessageGivenUpIsOnTheSupervisorsListAndRedInTheFile() throws Exception {
        startGivingUpAfter(2, 500, 500, 500);
        hub.hub().people().staff().create("chen", "陈静", Role.SUPERVISOR, siteId, null, "chen-password-1",
                List.of(), false).join();
        TestConsole chen = TestConsole.login(hub.hub().httpPort(), "chen", "chen-password-1");
        wang.post("/api/residents/" + zhang + "/family-update", "{\"text\":\"今天上午探访，她很好。\"}");

        await().atMost(WAIT).until(() -> messages().stream().anyMatch(m -> m.path("delivery").asText().equals("GIVEN_UP")));
        JsonNode hook = messages().stream().filter(m -> m.path("channel").asText().equals("WEBHOOK")).findFirst().orElseThrow();
        assertThat(hook.path("delivery").asText()).isEqualTo("GIVEN_UP");
        assertThat(hook.path("attempts").asInt()).isEqualTo(2);
        assertThat(hook.path("lastError").asText()).contains("500");

        TestConsole.Answer givenUp = chen.get("/api/family-messages/given-up");
        assertThat(givenUp.status()).isEqualTo(200);
        assertThat(givenUp.body()).hasSize(1);
        assertThat(givenUp.body().get(0).path("residentName").asText()).isEqualTo("张敏");
        assertThat(givenUp.body().get(0).path("to").asText()).isEqualTo("张伟");
        assertThat(givenUp.body().get(0).path("channel").asText()).isEqualTo("WEBHOOK");
        assertThat(wang.get("/api/family-messages/given-up").status()).as("duty workers see theirs in the file").isEqualTo(403);
        assertThat(hub.hub().metrics().scrape())
                .contains("carecall_family_messages_total{channel=\"WEBHOOK\",result=\"given-up\"} 1.0");
    }
}
