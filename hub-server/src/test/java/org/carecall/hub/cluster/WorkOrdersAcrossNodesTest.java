package org.carecall.hub.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.carecall.hub.staff.Role;
import org.carecall.hub.store.StoreSettings;
import org.carecall.hub.support.Closing;
import org.carecall.hub.support.MutableClock;
import org.carecall.hub.support.TestCommunity;
import org.carecall.hub.support.TestConsole;
import org.carecall.hub.support.TestDevice;
import org.carecall.hub.support.TestHub;
import org.carecall.hub.workorders.WorkOrder;
import org.carecall.hub.workorders.WorkOrderSweep;
import org.carecall.hub.workorders.WorkOrders;
import org.carecall.protocol.EventKind;
import org.carecall.protocol.MessageIds;
import org.carecall.protocol.message.DeviceEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Work orders on two hub nodes sharing one PostgreSQL database: an order made on node A (her unit's service
 * key there, or a supervisor's console there) is on the duty worker's list and Today on node B within two
 * seconds; and both nodes sweeping the working-hours flag at the same moment flag each order once.
 */
class WorkOrdersAcrossNodesTest {
    private static final Duration TWO_SECONDS = Duration.ofSeconds(2);
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private TestHub nodeA;
    private TestHub nodeB;
    private TestDevice unitOnA;

    @AfterEach
    void stop() throws Exception {
        Closing.all(unitOnA, nodeA, nodeB);
    }

    @Test
    void anOrderMadeOnNodeAIsOnTheWorkersListAndTodayOnNodeBWithinTwoSeconds() throws Exception {
        StoreSettings shared = TestHub.sharedStore();
        nodeA = TestHub.node(shared, config -> { });
        TestCommunity xincheng = TestCommunity.create(nodeA.hub());
        xincheng.onDuty("wang", "Wang Li");
        xincheng.staff("zhou", "Zhou Hua", Role.SUPERVISOR);
        nodeB = TestHub.node(shared, config -> { });
        TestConsole wangOnB = TestConsole.login(nodeB.hub().httpPort(), "wang", "wang-password-1");
        assertThat(wangOnB.get("/api/work-orders").body()).isEmpty();

        // Her service key on node A: the send returns at the PUBACK, given once the order is stored.
        unitOnA = TestDevice.connect(nodeA.mqttUri(), xincheng.unit().deviceId(), xincheng.unit().secret());
        unitOnA.send(new DeviceEvent(MessageIds.next(), EventKind.SERVICE_REQUEST, "service-key", Instant.now()));
        String fromKey = nodeA.hub().care().workOrders().list(new WorkOrders.Filter(List.of(xincheng.grid().id()),
                null, null, null, false)).getFirst().order().id();
        await().atMost(TWO_SECONDS).pollInterval(Duration.ofMillis(100))
                .until(() -> wangOnB.get("/api/work-orders").body().toString().contains(fromKey));

        // The supervisor's console on node A.
        TestConsole.Answer made = xincheng.console("zhou").post("/api/work-orders", "{\"residentId\":\""
                + xincheng.zhang().id() + "\",\"category\":\"REPAIR\",\"note\":\"hall lamp\",\"source\":\"STAFF\"}");
        assertThat(made.status()).isEqualTo(201);
        String fromStaff = made.text("id");
        await().atMost(TWO_SECONDS).pollInterval(Duration.ofMillis(100)).until(() -> {
            String today = wangOnB.get("/api/today").body().path("workOrders").toString();
            return today.contains(fromStaff) && today.contains(fromKey);
        });
        assertThat(wangOnB.get("/api/work-orders/" + fromKey).body().path("source").asText()).isEqualTo(WorkOrder.KEY);
    }

    @Test
    void bothNodesSweepingAtOnceFlagEachUnassignedOrderOnce() throws Exception {
        // Reported Friday 4 December 16:30 in Xincheng; office hours 08:30-17:30: flagged Monday 11:30.
        MutableClock clock = new MutableClock(at("2026-12-04T16:30"));
        StoreSettings shared = TestHub.sharedStore();
        nodeA = node(shared, clock);
        nodeB = node(shared, clock);
        TestCommunity xincheng = TestCommunity.create(nodeA.hub());
        List<WorkOrders.NewOrder> reported = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            reported.add(new WorkOrders.NewOrder("STAFF:flag:" + i, xincheng.zhang().id(), "REPAIR", null,
                    WorkOrder.STAFF, null));
        }
        List<WorkOrder> orders = nodeA.hub().care().workOrders().open(reported, WorkOrders.Actor.HUB).join();
        clock.advance(Duration.between(clock.instant(), at("2026-12-07T11:30")));

        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<Integer> onA = CompletableFuture.supplyAsync(() -> sweepAfter(go, nodeA));
        CompletableFuture<Integer> onB = CompletableFuture.supplyAsync(() -> sweepAfter(go, nodeB));
        go.countDown();

        assertThat(onA.join() + onB.join()).isEqualTo(30);
        for (WorkOrder order : orders) {
            WorkOrder.WithTimeline seen = nodeB.hub().care().workOrders().withTimeline(order.id()).orElseThrow();
            assertThat(seen.order().flaggedAt()).isEqualTo(at("2026-12-07T11:30"));
            assertThat(seen.timeline()).extracting(WorkOrder.Entry::action).containsOnlyOnce("FLAGGED");
        }
        assertThat(nodeA.hub().care().workOrderSweep().sweep() + nodeB.hub().care().workOrderSweep().sweep()).isZero();
    }

    /** A node on the shared database with the test clock, a data directory of its own. */
    private static TestHub node(StoreSettings shared, Clock clock) throws Exception {
        return TestHub.start(Files.createTempDirectory("carecall-node-"), clock, config -> {
            config.store.url = shared.url();
            config.store.user = shared.user();
            config.store.password = shared.password();
        });
    }

    private static int sweepAfter(CountDownLatch go, TestHub node) {
        WorkOrderSweep sweep = node.hub().care().workOrderSweep();
        try {
            go.await();
            return sweep.sweep();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant at(String local) {
        return LocalDateTime.parse(local).atZone(SHANGHAI).toInstant();
    }
}
