package org.carecall.hub.workorders;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.carecall.hub.community.Area;
import org.carecall.hub.community.Resident;
import org.carecall.hub.community.Site;
import org.carecall.hub.support.MutableClock;
import org.carecall.hub.support.TestHub;
import org.carecall.hub.workorders.WorkOrderMove.Facts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The work orders' timers on one hub with the test clock, from Friday 2026-12-04 16:30 in Xincheng
 * (office hours Mon-Fri 08:30-17:30, four working hours to the flag): the flag Monday 11:30 and not before,
 * once; the appointment told to her unit the evening before, once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // one clock that only goes forward: Friday's story first
class WorkOrderTimersTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final MutableClock clock = new MutableClock(at("2026-12-04T16:30"));
    private static TestHub hub;
    private static Resident zhang;

    @BeforeAll
    static void start() throws Exception {
        hub = TestHub.start(Files.createTempDirectory("carecall-order-timers-"), clock, config -> { });
        var community = hub.hub().people().community();
        Site site = community.addSite("Xincheng", SHANGHAI);
        Area grid = community.addArea(site.id(), "Grid 1");
        zhang = community.saveResident(new Resident(null, grid.id(), "Zhang Min", "3 Hongqi Lane", "2-101", null,
                "zh-CN", null, List.of(), Resident.RiskLevel.HIGH));
        hub.hub().units().devices().create("bed-z", "bedroom", zhang.id()).join();
    }

    @AfterAll
    static void stop() throws Exception {
        hub.close();
    }

    private static Instant at(String local) {
        return LocalDateTime.parse(local).atZone(SHANGHAI).toInstant();
    }

    private static void to(String local) {
        clock.advance(Duration.between(clock.instant(), at(local)));
    }

    @Test
    @Order(1)
    void anOrderReportedFridayAtHalfPastFourIsFlaggedMondayAtHalfPastElevenOnce() throws Exception {
        WorkOrders orders = hub.hub().care().workOrders();
        WorkOrderSweep sweep = hub.hub().care().workOrderSweep();
        String waiting = orders.open(List.of(new WorkOrders.NewOrder("test:flag", zhang.id(), "REPAIR", null,
                WorkOrder.STAFF, null)), WorkOrders.Actor.HUB).join().getFirst().id();
        String taken = orders.open(List.of(new WorkOrders.NewOrder("test:taken", zhang.id(), "MEAL", null,
                WorkOrder.STAFF, null)), WorkOrders.Actor.HUB).join().getFirst().id();
        orders.move(taken, WorkOrderMove.TAKE, Facts.to("s1", "Wang"), WorkOrders.Actor.HUB).join();

        to("2026-12-05T12:00"); // Saturday: no working hours pass
        assertThat(sweep.sweep()).isZero();
        to("2026-12-07T11:29:59");
        assertThat(sweep.sweep()).isZero();
        assertThat(orders.find(waiting).orElseThrow().flaggedAt()).isNull();
        to("2026-12-07T11:30");
        assertThat(sweep.sweep()).isEqualTo(1);
        assertThat(sweep.sweep()).isZero();
        assertThat(orders.find(waiting).orElseThrow().flaggedAt()).isEqualTo(at("2026-12-07T11:30"));
        assertThat(orders.find(taken).orElseThrow().flaggedAt()).isNull();
        assertThat(orders.withTimeline(waiting).orElseThrow().timeline()).extracting(WorkOrder.Entry::action)
                .containsExactly("REPORTED", "FLAGGED");
    }

    @Test
    @Order(2)
    void herUnitIsToldOfTheAppointmentTheEveningBeforeOnce() throws Exception {
        WorkOrders orders = hub.hub().care().workOrders();
        WorkOrderSweep sweep = hub.hub().care().workOrderSweep();
        to("2026-12-07T12:00");
        String id = orders.open(List.of(new WorkOrders.NewOrder("test:appointment", zhang.id(), "MEDICAL", null,
                WorkOrder.STAFF, null)), WorkOrders.Actor.HUB).join().getFirst().id();
        orders.move(id, WorkOrderMove.TAKE, Facts.to("s1", "Wang Li"), WorkOrders.Actor.HUB).join();
        orders.appoint(id, at("2026-12-09T10:00"), WorkOrders.Actor.HUB).join();

        to("2026-12-08T17:59");
        sweep.sweep();
        assertThat(WorkOrdersApiTest.spoken(hub, "bed-z")).doesNotContain("service-appointment/Wang Li");
        to("2026-12-08T18:00");
        sweep.sweep();
        sweep.sweep();
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (WorkOrdersApiTest.spoken(hub, "bed-z").isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20); // the command is stored on the routine lane after the claim
        }
        Thread.sleep(100); // time enough for a second one, were there one
        assertThat(WorkOrdersApiTest.spoken(hub, "bed-z")).containsExactly("service-appointment/Wang Li");
    }
}
