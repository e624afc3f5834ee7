package org.carecall.hub.family;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.carecall.hub.community.Area;
import org.carecall.hub.community.Community;
import org.carecall.hub.community.Resident;
import org.carecall.hub.escalation.OutsideChannel;
import org.carecall.hub.store.Database;
import org.carecall.hub.support.HubProcess;
import org.carecall.hub.support.MutableClock;
import org.carecall.hub.support.TestConsole;
import org.carecall.hub.support.TestHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A hub process killed with kill -9 after it claimed a family message and before it marked it: the gateway
 * has the request, the hub never heard the answer. Started again once the claim's lease ran out, the hub
 * sends the message again with the same key, and marks it delivered: a gateway that keeps the keys it has
 * seen sends the son one text.
 */
class FamilySenderKilledTest {
    private static final String SECRET = "family-gateway-secret-of-32-bytes!";
    private static final Duration WAIT = Duration.ofSeconds(20);

    /** The gateway: holds the first request unanswered (the hub dies meanwhile), answers 200 to the rest. */
    private final List<String[]> posts = new CopyOnWriteArrayList<>();
    private final CountDownLatch firstArrived = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final ExecutorService answering = Executors.newCachedThreadPool();
    private HttpServer gateway;

    @AfterEach
    void stop() {
        release.countDown();
        if (gateway != null) {
            gateway.stop(0);
        }
        answering.shutdownNow();
    }

    private String startGateway() throws Exception {
        gateway = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        gateway.setExecutor(answering);
        gateway.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            posts.add(new String[] {exchange.getRequestHeaders().getFirst("Idempotency-Key"), body,
                    exchange.getRequestHeaders().getFirst("X-CareCall-Signature")});
            if (posts.size() == 1) {
                firstArrived.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS); // never answered while the hub lives
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        gateway.start();
        return "http://127.0.0.1:" + gateway.getAddress().getPort() + "/family";
    }

    /** Zhang Min, whose son wants news and gave his consent, in the store before any hub runs on it. */
    private static String fileInto(Path dataDir) throws Exception {
        try (Database database = Database.open(dataDir, TestHub.storeFor(dataDir))) {
            Community community = new Community(database, Clock.systemUTC());
            Area grid = community.addArea(community.addSite("新城社区", ZoneId.of("Asia/Shanghai")).id(), "Grid 1");
            return community.saveResident(new Resident(null, grid.id(), "张敏", "Zhang Min", "3 Hongqi Lane", "2-101",
                    null, null, List.of("zh-CN"), "insulin at 8:00", null, null,
                    List.of(new Resident.Contact("张伟", "儿子", "139 0000 0001", null, true, "zh-CN",
                            System.currentTimeMillis(), "admin")), Resident.RiskLevel.HIGH, false)).id();
        }
    }

    @Test
    void killedBetweenClaimingAndMarkingTheMessageIsSentAgainWithTheSameKeyAndMarkedOnce() throws Exception {
        Path dataDir = Files.createTempDirectory("carecall-family-killed-");
        String zhang = fileInto(dataDir);
        String url = startGateway();

        try (HubProcess hub = HubProcess.start(dataDir, 0, TestHub.storeFor(dataDir), """
                escalation:
                  webhookUrl: %s
                  webhookSecret: "%s"
                family:
                  sweepMs: 200
                """.formatted(url, SECRET))) {
            TestConsole admin = TestConsole.login(hub.httpPort(), "admin", TestHub.ADMIN_PASSWORD);
            TestConsole.Answer sent = admin.post("/api/residents/" + zhang + "/family-update",
                    "{\"text\":\"今天上午探访，她很好。\"}");
            assertThat(sent.status()).as(sent.toString()).isEqualTo(202);
            assertThat(firstArrived.await(20, TimeUnit.SECONDS)).as("the hub claimed it and is sending").isTrue();
            hub.kill(); // before the gateway answers: the message stays claimed, never marked
        }
        assertThat(posts).hasSize(1);
        String key = posts.getFirst()[0];

        // Started again after the claim's lease (2 minutes) ran out.
        MutableClock later = new MutableClock(java.time.Instant.now().plus(Duration.ofMinutes(3)));
        try (TestHub restarted = TestHub.start(dataDir, later, config -> {
            config.escalation.webhookUrl = url;
            config.escalation.webhookSecret = SECRET;
            config.family.sweepMs = 50;
        })) {
            await().atMost(WAIT).until(() -> delivered(restarted, zhang));
            assertThat(posts).hasSize(2);
            assertThat(posts.get(1)[0]).as("the same key as before the kill").isEqualTo(key);
            assertThat(posts.get(1)[1]).isEqualTo(posts.get(0)[1]);
            assertThat(posts.get(1)[2]).isEqualTo("sha256=" + new OutsideChannel(null, SECRET, 1, Duration.ZERO)
                    .sign(posts.get(1)[1]));
            JsonNode message = restarted.admin().get("/api/residents/" + zhang + "/family-messages").body().get(0);
            assertThat(message.path("id").asText()).isEqualTo(key);
            assertThat(message.path("attempts").asInt()).isEqualTo(2);
            assertThat(restarted.admin().get("/api/residents/" + zhang + "/family-messages").body()).hasSize(1);
        }
    }

    private static boolean delivered(TestHub hub, String residentId) throws Exception {
        JsonNode messages = hub.admin().get("/api/residents/" + residentId + "/family-messages").body();
        return messages.size() == 1 && messages.get(0).path("delivery").asText().equals("DELIVERED");
    }
}
