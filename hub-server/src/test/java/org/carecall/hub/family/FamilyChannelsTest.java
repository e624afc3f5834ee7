package org.carecall.hub.family;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.carecall.hub.community.Area;
import org.carecall.hub.community.Community;
import org.carecall.hub.community.Resident;
import org.carecall.hub.escalation.OutsideChannel;
import org.carecall.hub.store.Database;
import org.carecall.hub.support.TestGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The family's channels against real servers on loopback: GreenMail for SMTP, a JDK HTTP server for the
 * gateway; the outbox on a SQLite file, the sender on its own thread with short waits.
 */
class FamilyChannelsTest {
    private static final String SECRET = "family-gateway-secret-of-32-bytes!";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final Clock clock = Clock.systemUTC();
    private Database database;
    private FamilyOutbox outbox;
    private Resident zhang;
    private GreenMail smtp;
    private TestGateway gateway;
    private FamilySender sender;

    @BeforeEach
    void given() throws Exception {
        database = Database.open(Files.createTempDirectory("carecall-family-"));
        outbox = new FamilyOutbox(database, clock);
        Community community = new Community(database, clock);
        Area grid = community.addArea(community.addSite("Xincheng", ZoneId.of("Asia/Shanghai")).id(), "Grid 1");
        zhang = community.saveResident(new Resident(null, grid.id(), "张敏", "3 Hongqi Lane", "2-101", null,
                "zh-CN", null, List.of(), Resident.RiskLevel.HIGH));
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        smtp.start();
    }

    @AfterEach
    void close() {
        if (sender != null) {
            sender.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        smtp.stop();
        database.close();
    }

    private void sendThrough(int attempts, Integer... gatewayAnswers) throws Exception {
        gateway = TestGateway.answering(gatewayAnswers);
        OutsideChannel outside = new OutsideChannel(gateway.url(), SECRET, 1, Duration.ofMillis(10));
        FamilyMail mail = new FamilyMail("127.0.0.1", smtp.getSmtp().getPort(), "carecall@xincheng.example.cn",
                null, null);
        sender = new FamilySender(outbox, List.of(mail, new FamilyWebhook(outside)), "node-a",
                new FamilySender.Settings(attempts, Duration.ofMillis(20), Duration.ofMillis(20)), clock);
        sender.start();
    }

    private FamilyMessage message(String id, FamilyMessage.Channel channel, String address) {
        return FamilyMessage.decided(id, zhang.id(), FamilyMessage.Kind.UPDATE, channel, "张伟", "son", address,
                "zh-CN", "张敏的近况", "今天上午见到了她，她很好。", "wang", clock.millis());
    }

    @Test
    void aMailArrivesOnceWithItsChineseSubjectAndItsKey() throws Exception {
        sendThrough(3);
        outbox.store(List.of(message("m-mail", FamilyMessage.Channel.EMAIL, "wei@example.cn"))).join();
        sender.nudge();

        await().atMost(WAIT).until(() -> outbox.message("m-mail").orElseThrow().state() == FamilyMessage.State.DELIVERED);
        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(1);
        assertThat(received[0].getSubject()).isEqualTo("张敏的近况");
        assertThat(received[0].getHeader("Subject")[0]).startsWith("=?UTF-8?");
        assertThat(received[0].getMessageID()).isEqualTo("<m-mail@carecall>");
        assertThat(received[0].getHeader("Idempotency-Key")[0]).isEqualTo("m-mail");
        assertThat(received[0].getContent().toString()).contains("今天上午见到了她");
    }

    @Test
    void theGatewayGetsASignedFamilyMessageWithItsKey() throws Exception {
        sendThrough(3);
        outbox.store(List.of(message("m-hook", FamilyMessage.Channel.WEBHOOK, "139 0000 0001"))).join();
        sender.nudge();

        await().atMost(WAIT).until(() -> outbox.message("m-hook").orElseThrow().state() == FamilyMessage.State.DELIVERED);
        TestGateway.Post post = gateway.posts().getFirst();
        assertThat(gateway.posts()).hasSize(1);
        assertThat(post.signature()).isEqualTo("sha256=" + new OutsideChannel(null, SECRET, 1, Duration.ZERO)
                .sign(post.body()));
        assertThat(post.key()).isEqualTo("m-hook");
        JsonNode event = new ObjectMapper().readTree(post.body());
        assertThat(event.path("event").asText()).isEqualTo("family.message");
        assertThat(event.path("key").asText()).isEqualTo("m-hook");
        assertThat(event.path("to").path("phone").asText()).isEqualTo("139 0000 0001");
        assertThat(event.path("text").asText()).isEqualTo("今天上午见到了她，她很好。");
    }

    @Test
    void aGatewayFailingThreeTimesGetsTheMessageOnceWhenItAnswers() throws Exception {
        sendThrough(5, 500, 500, 500);
        outbox.store(List.of(message("m-retry", FamilyMessage.Channel.WEBHOOK, "139 0000 0001"))).join();
        sender.nudge();

        await().atMost(WAIT).until(() -> outbox.message("m-retry").orElseThrow().state() == FamilyMessage.State.DELIVERED);
        assertThat(gateway.posts()).extracting(TestGateway.Post::answered).containsExactly(500, 500, 500, 200);
        assertThat(gateway.posts()).extracting(TestGateway.Post::key).containsOnly("m-retry");
        assertThat(outbox.message("m-retry").orElseThrow().attempts()).isEqualTo(4);
        Thread.sleep(200); // a few more sweeps: nothing more is sent
        assertThat(gateway.posts()).hasSize(4);
    }

    @Test
    void aMessageIsGivenUpAfterItsLastAttempt() throws Exception {
        sendThrough(2, 503, 503, 503, 503);
        outbox.store(List.of(message("m-lost", FamilyMessage.Channel.WEBHOOK, "139 0000 0001"))).join();
        sender.nudge();

        await().atMost(WAIT).until(() -> outbox.message("m-lost").orElseThrow().state() == FamilyMessage.State.GIVEN_UP);
        assertThat(outbox.message("m-lost").orElseThrow().lastError()).isEqualTo("the gateway answered 503");
        Thread.sleep(200);
        assertThat(gateway.posts()).hasSize(2);
    }

    @Test
    void waitsDoubleUpToAnHour() {
        FamilySender waits = new FamilySender(outbox, List.of(), "node-a",
                new FamilySender.Settings(8, Duration.ofSeconds(30), Duration.ofSeconds(5)), clock);
        assertThat(waits.wait(1)).isEqualTo(30_000);
        assertThat(waits.wait(3)).isEqualTo(120_000);
        assertThat(waits.wait(30)).isEqualTo(Duration.ofHours(1).toMillis());
        waits.close();
    }
}
