package org.carecall.hub.workorders;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.carecall.hub.community.Area;
import org.carecall.hub.community.Community;
import org.carecall.hub.community.Resident;
import org.carecall.hub.store.Database;
import org.carecall.hub.support.MutableClock;
import org.carecall.hub.support.NewerNode;
import org.carecall.hub.workorders.WorkOrderMove.Facts;
import org.carecall.hub.workorders.WorkOrders.Actor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Work orders on a real store: every move of the table from every state, the once-only keys, the claims. */
abstract class WorkOrdersContract {
    static final Actor LI = new Actor("staff-li", "Li Na", "192.0.2.7");

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T02:00:00Z"));
    Database database;
    WorkOrders orders;
    Resident zhang;
    Area grid;
    org.carecall.hub.community.Site site;

    protected abstract Database open() throws Exception;

    @BeforeEach
    void given() throws Exception {
        database = open();
        Community community = new Community(database, clock);
        site = community.addSite("Xincheng", ZoneId.of("Asia/Shanghai"));
        grid = community.addArea(site.id(), "Grid 1");
        zhang = community.saveResident(new Resident(null, grid.id(), "Zhang Min", "3 Hongqi Lane", "2-101", null,
                "zh-CN", null, List.of(), Resident.RiskLevel.HIGH));
        orders = new WorkOrders(database, clock);
    }

    @AfterEach
    void close() {
        database.close();
    }

    WorkOrder report(String key) {
        return opened(key, "REPAIR");
    }

    /** An order brought to a state by the table's own moves. */
    WorkOrder in(WorkOrderState state) {
        WorkOrder order = report("STAFF:" + state + ":" + System.nanoTime());
        List<WorkOrderMove> path = switch (state) {
            case REPORTED -> List.of();
            case ASSIGNED -> List.of(WorkOrderMove.TAKE);
            case IN_PROGRESS -> List.of(WorkOrderMove.TAKE, WorkOrderMove.START);
            case DONE -> List.of(WorkOrderMove.TAKE, WorkOrderMove.START, WorkOrderMove.DONE);
            case FOLLOWED_UP -> List.of(WorkOrderMove.TAKE, WorkOrderMove.START, WorkOrderMove.DONE,
                    WorkOrderMove.FOLLOW_UP);
            case CANCELLED -> List.of(WorkOrderMove.CANCEL);
        };
        for (WorkOrderMove move : path) {
            assertThat(orders.move(order.id(), move, facts(move), LI).join()).isInstanceOf(WorkOrders.Moved.class);
        }
        return order;
    }

    static Facts facts(WorkOrderMove move) {
        return switch (move) {
            case TAKE, ASSIGN -> Facts.to("staff-li", "Li Na");
            case DONE -> Facts.done("FIXED", "new bulb");
            case FOLLOW_UP -> Facts.followUp("bright now", true);
            case CANCEL -> Facts.reason("her son fixed it");
            case START -> Facts.NONE;
        };
    }

    @Test
    void everyMoveGoesFromItsStatesAndIsRefusedFromEveryOtherWithTheCurrentState() throws Exception {
        for (WorkOrderMove move : WorkOrderMove.values()) {
            for (WorkOrderState state : WorkOrderState.values()) {
                WorkOrder order = in(state);
                WorkOrders.Result result = orders.move(order.id(), move, facts(move), LI).join();
                WorkOrder after = orders.find(order.id()).orElseThrow();
                if (move.allowedFrom(state)) {
                    assertThat(result).as(move + " from " + state).isInstanceOf(WorkOrders.Moved.class);
                    assertThat(after.state()).isEqualTo(move.to());
                } else {
                    assertThat(result).as(move + " from " + state).isEqualTo(new WorkOrders.Refused(state));
                    assertThat(after).isEqualTo(orders.find(order.id()).orElseThrow());
                    assertThat(after.state()).isEqualTo(state);
                }
            }
        }
        assertThat(WorkOrderMove.CANCEL.from()).isEqualTo(WorkOrderState.OPEN);
        assertThat(WorkOrderMove.TAKE.from()).isEqualTo(EnumSet.of(WorkOrderState.REPORTED));
    }

    @Test
    void eachMoveSetsItsFactsAndWritesItsTimelineRow() throws Exception {
        WorkOrder order = in(WorkOrderState.FOLLOWED_UP);
        WorkOrder done = orders.find(order.id()).orElseThrow();
        assertThat(done.assigneeName()).isEqualTo("Li Na");
        assertThat(done.outcome()).isEqualTo("FIXED");
        assertThat(done.doneNote()).isEqualTo("new bulb");
        assertThat(done.satisfied()).isTrue();
        assertThat(done.followUpNote()).isEqualTo("bright now");
        var timeline = orders.withTimeline(order.id()).orElseThrow().timeline();
        assertThat(timeline).extracting(WorkOrder.Entry::action)
                .containsExactly("REPORTED", "ASSIGNED", "IN_PROGRESS", "DONE", "FOLLOWED_UP");
        assertThat(timeline).allSatisfy(entry -> {
            assertThat(entry.actor()).isEqualTo("staff-li");
            assertThat(entry.origin()).isEqualTo("192.0.2.7");
        });
        assertThat(orders.move("no-such", WorkOrderMove.START, Facts.NONE, LI).join())
                .isInstanceOf(WorkOrders.Missing.class);
    }

    @Test
    void ofTwoRacingTakesExactlyOneWins() throws Exception {
        for (int round = 0; round < 5; round++) {
            WorkOrder order = report("STAFF:race:" + round);
            CountDownLatch go = new CountDownLatch(1);
            CompletableFuture<WorkOrders.Result> li = CompletableFuture.supplyAsync(() -> take(go, order, "li"));
            CompletableFuture<WorkOrders.Result> wang = CompletableFuture.supplyAsync(() -> take(go, order, "wang"));
            go.countDown();
            List<WorkOrders.Result> results = List.of(li.join(), wang.join());
            assertThat(results).filteredOn(WorkOrders.Moved.class::isInstance).hasSize(1);
            assertThat(results).contains(new WorkOrders.Refused(WorkOrderState.ASSIGNED));
            assertThat(orders.withTimeline(order.id()).orElseThrow().timeline()).extracting(WorkOrder.Entry::action)
                    .containsExactly("REPORTED", "ASSIGNED");
        }
    }

    private WorkOrders.Result take(CountDownLatch go, WorkOrder order, String who) {
        try {
            go.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return orders.move(order.id(), WorkOrderMove.TAKE, Facts.to(who, who), new Actor(who, who, "x")).join();
    }

    @Test
    void theMonthsReportCountsEachGridsOrdersTheHoursToTakeAndFinishAndTheFollowUpsOnTime() throws Exception {
        Community community = new Community(database, clock);
        Area grid2 = community.addArea(site.id(), "Grid 2");
        community.addArea(site.id(), "Grid 3"); // no orders: listed with zeros
        Resident wu = community.saveResident(new Resident(null, grid2.id(), "Wu Fang", "5 Hongqi Lane", "1-201", null,
                "zh-CN", null, List.of(), Resident.RiskLevel.MEDIUM));
        // Thursday 4 December, 10:00 in Xincheng: five orders in grid 1, one in grid 2.
        WorkOrder a = report("STAFF:a");
        WorkOrder b = report("STAFF:b");
        WorkOrder c = report("STAFF:c");
        WorkOrder d = report("STAFF:d");
        report("STAFF:e"); // never taken
        WorkOrder w = orders.open(List.of(new WorkOrders.NewOrder("STAFF:w", wu.id(), "MEAL", "lunch", WorkOrder.STAFF,
                null)), LI).join().getFirst();
        at(1, a, WorkOrderMove.TAKE);
        at(1, w, WorkOrderMove.TAKE);
        at(2, b, WorkOrderMove.TAKE);
        at(3, a, WorkOrderMove.START, WorkOrderMove.DONE);
        at(4, c, WorkOrderMove.TAKE);
        at(6, b, WorkOrderMove.START, WorkOrderMove.DONE);
        at(9, c, WorkOrderMove.START, WorkOrderMove.DONE);
        at(10, d, WorkOrderMove.CANCEL);
        at(27, a, WorkOrderMove.FOLLOW_UP); // 24 h after done: on time
        at(66, b, WorkOrderMove.FOLLOW_UP); // 60 h after done: late; c is never followed up
        at(672, w, WorkOrderMove.START, WorkOrderMove.DONE); // 1 January, 10:00: done in the next month

        WorkOrderReport report = new WorkOrderReport(database, community);
        WorkOrderReport.Month december = report.month(site, YearMonth.of(2026, 12), 48);

        assertThat(december.grids()).extracting(WorkOrderReport.Figures::grid).containsExactly("Grid 1", "Grid 2", "Grid 3");
        assertThat(december.grids().get(0)).isEqualTo(new WorkOrderReport.Figures(grid.id(), "Grid 1", 5, 3, 1,
                new WorkOrderReport.Hours(3, 2.0, 4.0), new WorkOrderReport.Hours(3, 6.0, 9.0), 1, 0.333));
        assertThat(december.grids().get(1)).isEqualTo(new WorkOrderReport.Figures(grid2.id(), "Grid 2", 1, 0, 0,
                new WorkOrderReport.Hours(1, 1.0, 1.0), new WorkOrderReport.Hours(0, null, null), 0, 0));
        assertThat(december.grids().get(2).opened()).isZero();
        assertThat(december.all()).isEqualTo(new WorkOrderReport.Figures("ALL", null, 6, 3, 1,
                new WorkOrderReport.Hours(4, 1.0, 4.0), new WorkOrderReport.Hours(3, 6.0, 9.0), 1, 0.333));
        assertThat(report.month(site, YearMonth.of(2026, 12), 23).all().followedUpOnTime()).isZero();
        assertThat(report.month(site, YearMonth.of(2027, 1), 48).grids().get(1)).isEqualTo(new WorkOrderReport.Figures(
                grid2.id(), "Grid 2", 0, 1, 0, new WorkOrderReport.Hours(0, null, null),
                new WorkOrderReport.Hours(1, 672.0, 672.0), 0, 0));
        assertThat(WorkOrderReport.csv(site, YearMonth.of(2026, 12), december))
                .contains("\"Xincheng\",2026-12,\"Grid 1\",5,3,1,2.0,4.0,6.0,9.0,1,0.333\r\n")
                .contains("followed up within 48 h");
    }

    @Test
    void theMonthsReportCountsEachCategoryWithTheMedianHoursToDoneAndTheShareFollowedUpOnTime() throws Exception {
        // All reported Thursday 4 December, 10:00 in Xincheng; each moved the given hours later.
        WorkOrder lamp = report("STAFF:lamp"); // REPAIR
        WorkOrder tap = report("STAFF:tap");
        WorkOrder lunch = opened("STAFF:lunch", "MEAL");
        WorkOrder supper = opened("STAFF:supper", "MEAL");
        WorkOrder soup = opened("STAFF:soup", "MEAL");
        WorkOrder shopping = opened("STAFF:shopping", "ERRAND");
        at(1, shopping, WorkOrderMove.CANCEL);
        at(2, lamp, WorkOrderMove.TAKE, WorkOrderMove.START, WorkOrderMove.DONE);
        at(4, lunch, WorkOrderMove.TAKE, WorkOrderMove.START, WorkOrderMove.DONE);
        at(8, supper, WorkOrderMove.TAKE, WorkOrderMove.START, WorkOrderMove.DONE);
        at(10, tap, WorkOrderMove.TAKE, WorkOrderMove.START, WorkOrderMove.DONE);
        at(12, soup, WorkOrderMove.TAKE, WorkOrderMove.START, WorkOrderMove.DONE);
        at(30, lunch, WorkOrderMove.FOLLOW_UP); // 26 h after done: on time
        at(49, lamp, WorkOrderMove.FOLLOW_UP); // 47 h: on time
        at(50, supper, WorkOrderMove.FOLLOW_UP); // 42 h: on time
        at(59, tap, WorkOrderMove.FOLLOW_UP); // 49 h: late; the soup is never followed up

        WorkOrderReport.Month december = new WorkOrderReport(database, new Community(database, clock))
                .month(site, YearMonth.of(2026, 12), 48);

        // REPAIR: done after 2 h and 10 h, the median by nearest rank is the first; MEAL: 4, 8, 12 h.
        assertThat(december.categories()).containsExactly(
                new WorkOrderReport.CategoryFigures("REPAIR", 2, 2, 0, 2.0, 1, 0.5),
                new WorkOrderReport.CategoryFigures("MEAL", 3, 3, 0, 8.0, 2, 0.667),
                new WorkOrderReport.CategoryFigures("ERRAND", 1, 0, 1, null, 0, 0),
                new WorkOrderReport.CategoryFigures("MEDICAL", 0, 0, 0, null, 0, 0),
                new WorkOrderReport.CategoryFigures("CLEANING", 0, 0, 0, null, 0, 0),
                new WorkOrderReport.CategoryFigures("OTHER", 0, 0, 0, null, 0, 0));
        assertThat(december.all().opened()).isEqualTo(6);
        assertThat(WorkOrderReport.csv(site, YearMonth.of(2026, 12), december))
                .contains("community,month,category,orders opened,done,cancelled,median hours to done,"
                        + "followed up within 48 h,share followed up on time\r\n")
                .contains("\"Xincheng\",2026-12,\"MEAL\",3,3,0,8.0,2,0.667\r\n")
                .contains("\"Xincheng\",2026-12,\"ERRAND\",1,0,1,,0,0.0\r\n");
    }

    @Test
    void anOrderANewerNodeWroteInAStateAndCategoryUnknownHereIsListedCountedAndShownAsUnknown() throws Exception {
        WorkOrder pet = opened("STAFF:pet", "REPAIR");
        WorkOrder lamp = report("STAFF:lamp");
        NewerNode.writes(database, "UPDATE work_order SET state = 'ESCALATED', category = 'PET_CARE' WHERE id = '"
                + pet.id() + "'");

        WorkOrder read = orders.find(pet.id()).orElseThrow();
        assertThat(read.category()).isEqualTo("PET_CARE");
        assertThat(WorkOrderState.shown(read.state())).isEqualTo("UNKNOWN");
        assertThat(orders.list(new WorkOrders.Filter(List.of(grid.id()), null, null, null, false)))
                .extracting(listed -> listed.order().id()).containsExactlyInAnyOrder(pet.id(), lamp.id());
        assertThat(orders.waiting()).extracting(listed -> listed.order().id()).containsExactly(lamp.id()); // the sweep's
        assertThat(orders.move(pet.id(), WorkOrderMove.TAKE, facts(WorkOrderMove.TAKE), LI).join())
                .isEqualTo(new WorkOrders.Refused(null));
        WorkOrderReport.Month december = new WorkOrderReport(database, new Community(database, clock))
                .month(site, YearMonth.of(2026, 12), 48);
        assertThat(december.all().opened()).isEqualTo(2);
        assertThat(december.categories()).extracting(WorkOrderReport.CategoryFigures::category).last()
                .isEqualTo("PET_CARE");
    }

    private WorkOrder opened(String key, String category) {
        return orders.open(List.of(new WorkOrders.NewOrder(key, zhang.id(), category, "the hall lamp", WorkOrder.STAFF,
                null)), LI).join().getFirst();
    }

    private final Instant start = clock.instant();

    /** Moves an order when {@code hours} have passed since the orders were reported. */
    private void at(int hours, WorkOrder order, WorkOrderMove... moves) {
        clock.advance(Duration.between(clock.instant(), start.plus(Duration.ofHours(hours))));
        for (WorkOrderMove move : moves) {
            assertThat(orders.move(order.id(), move, facts(move), LI).join()).isInstanceOf(WorkOrders.Moved.class);
        }
    }

    @Test
    void theSameSourceKeyOpensOneOrder() throws Exception {
        WorkOrder first = report("VISIT:v1:0");
        WorkOrder again = report("VISIT:v1:0");
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(orders.list(new WorkOrders.Filter(List.of(grid.id()), null, null, null, false))).hasSize(1);
    }

    @Test
    void aPressOpensAnOrderOnceCountsWhileReportedAndOpensAnotherOnceTaken() throws Exception {
        WorkOrders.Press first = orders.press("evt-1", "bed-1", zhang.id()).join();
        assertThat(first.opened()).isTrue();
        assertThat(first.order().source()).isEqualTo("KEY");
        assertThat(first.order().deviceId()).isEqualTo("bed-1");

        WorkOrders.Press resent = orders.press("evt-1", "bed-1", zhang.id()).join();
        assertThat(resent.opened()).isFalse();
        assertThat(resent.counted()).isFalse();
        assertThat(resent.order().pressCount()).isEqualTo(1);

        WorkOrders.Press second = orders.press("evt-2", "bed-1", zhang.id()).join();
        assertThat(second.counted()).isTrue();
        assertThat(second.order().id()).isEqualTo(first.order().id());
        assertThat(second.order().pressCount()).isEqualTo(2);
        assertThat(orders.press("evt-2", "bed-1", zhang.id()).join().order().pressCount()).isEqualTo(2);
        assertThat(orders.withTimeline(first.order().id()).orElseThrow().timeline())
                .extracting(WorkOrder.Entry::action, WorkOrder.Entry::origin)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("REPORTED", "unit"),
                        org.assertj.core.groups.Tuple.tuple("PRESSED", "unit"));

        orders.move(first.order().id(), WorkOrderMove.TAKE, Facts.to("staff-li", "Li Na"), LI).join();
        WorkOrders.Press third = orders.press("evt-3", "bed-1", zhang.id()).join();
        assertThat(third.opened()).isTrue();
        assertThat(third.order().id()).isNotEqualTo(first.order().id());
    }

    @Test
    void anOrderIsFlaggedOnceAndOnlyWhileUnassigned() throws Exception {
        WorkOrder waiting = report("STAFF:flag");
        WorkOrder taken = in(WorkOrderState.ASSIGNED);
        assertThat(orders.flag(waiting.id(), "4 working hours").join()).isTrue();
        assertThat(orders.flag(waiting.id(), "4 working hours").join()).isFalse();
        assertThat(orders.flag(taken.id(), "4 working hours").join()).isFalse();
        assertThat(orders.find(waiting.id()).orElseThrow().flaggedAt()).isEqualTo(clock.instant());
        assertThat(orders.waiting()).extracting(listed -> listed.order().id()).doesNotContain(waiting.id(), taken.id());
    }

    @Test
    void anAppointmentIsSetOnOpenOrdersAndToldOnce() throws Exception {
        WorkOrder order = in(WorkOrderState.ASSIGNED);
        Instant at = clock.instant().plus(Duration.ofDays(1));
        assertThat(orders.appoint(order.id(), at, LI).join()).isInstanceOf(WorkOrders.Moved.class);
        assertThat(orders.find(order.id()).orElseThrow().appointmentAt()).isEqualTo(at);
        assertThat(orders.waiting()).extracting(listed -> listed.order().id()).contains(order.id());
        assertThat(orders.claimAppointmentReminder(order.id()).join()).isTrue();
        assertThat(orders.claimAppointmentReminder(order.id()).join()).isFalse();
        assertThat(orders.appoint(in(WorkOrderState.DONE).id(), at, LI).join())
                .isEqualTo(new WorkOrders.Refused(WorkOrderState.DONE));
    }
}
