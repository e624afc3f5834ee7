package org.carecall.hub.care;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.carecall.hub.community.Area;
import org.carecall.hub.community.Community;
import org.carecall.hub.community.Resident;
import org.carecall.hub.community.Resident.RiskLevel;
import org.carecall.hub.community.Site;
import org.carecall.hub.store.Database;
import org.carecall.hub.support.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The care rounds on a real store, with the test clock: Xincheng (Asia/Shanghai), grid 1 with Zhang Min
 * (HIGH), Wu Fang (MEDIUM) and Liu Yan (LOW), whose files were made on 2026-11-01; grid 2 with Chen Jing.
 */
abstract class CareRoundsContract {
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final ObjectMapper JSON = new ObjectMapper();

    final MutableClock clock = new MutableClock(at("2026-11-01T09:00"));
    Database database;
    Community community;
    CarePolicies policies;
    CareRounds rounds;
    VisitSweep sweep;
    TodayList today;
    Site site;
    Area grid1;
    Area grid2;
    Resident zhang;
    Resident wu;
    Resident liu;
    Resident chen;

    protected abstract Database open() throws Exception;

    @BeforeEach
    void given() throws Exception {
        database = open();
        community = new Community(database, clock);
        policies = new CarePolicies(database, clock);
        rounds = new CareRounds(database, clock);
        sweep = new VisitSweep(community, policies, rounds);
        today = new TodayList(community, policies, rounds);
        site = community.addSite("Xincheng", SHANGHAI);
        grid1 = community.addArea(site.id(), "Grid 1");
        grid2 = community.addArea(site.id(), "Grid 2");
        zhang = resident(grid1, "Zhang Min", RiskLevel.HIGH);
        wu = resident(grid1, "Wu Fang", RiskLevel.MEDIUM);
        liu = resident(grid1, "Liu Yan", RiskLevel.LOW);
        chen = resident(grid2, "Chen Jing", RiskLevel.HIGH);
    }

    @AfterEach
    void close() {
        sweep.close();
        database.close();
    }

    /** A moment in Xincheng's time. */
    static Instant at(String local) {
        return LocalDateTime.parse(local).atZone(SHANGHAI).toInstant();
    }

    Resident resident(Area grid, String name, RiskLevel tier) throws Exception {
        return community.saveResident(new Resident(null, grid.id(), name, "3 Hongqi Lane", "2-10" + name.length(), null,
                "zh-CN", null, List.of(), tier));
    }

    CareRounds.Plan plan(Resident resident) throws Exception {
        return new CareRounds.Plan(resident.id(), resident.riskLevel(), SHANGHAI, policies.forSite(site.id()));
    }

    CareRounds.Recorded visit(String id, Resident resident, String visitedAt, String outcome) throws Exception {
        return rounds.record(new Visit(id, resident.id(), at(visitedAt), null, "HOME", outcome, null, "staff-wang",
                JSON.readTree("{\"health\":{\"status\":\"OK\",\"note\":\"\"}}"), JSON.readTree("[]"), "", null),
                plan(resident)).join();
    }

    List<TodayList.Item> todayOfGrid1() throws Exception {
        return today.visits(List.of(grid1), clock.instant());
    }

    @Test
    void aHighResidentSeenOnTheFirstIsOneDayOverdueOnTheNinthBeforeAMediumResidentTwoDaysOverdue() throws Exception {
        clock.advance(Duration.between(clock.instant(), at("2026-12-01T10:00")));
        visit("v-zhang", zhang, "2026-12-01T10:00", "SEEN");
        visit("v-wu", wu, "2026-11-07T15:00", "SEEN"); // from paper: due a month later, on 12-07
        sweep.sweep();

        clock.advance(Duration.between(clock.instant(), at("2026-12-09T07:00")));
        List<TodayList.Item> list = todayOfGrid1();

        assertThat(list).extracting(TodayList.Item::name, TodayList.Item::kind, TodayList.Item::daysOverdue)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Zhang Min", "CADENCE", 1),
                        org.assertj.core.groups.Tuple.tuple("Wu Fang", "CADENCE", 2));
        assertThat(list.getFirst().dueAt()).isEqualTo(at("2026-12-08T00:00"));
        assertThat(list.getFirst().address()).isEqualTo("3 Hongqi Lane");
    }

    @Test
    void aLowResidentIsNotListedBeforeHerQuarterIsUp() throws Exception {
        sweep.sweep(); // her file was made on 11-01: due on 2027-01-30

        clock.advance(Duration.between(clock.instant(), at("2027-01-29T18:00")));
        assertThat(todayOfGrid1()).extracting(TodayList.Item::name).doesNotContain("Liu Yan");

        clock.advance(Duration.between(clock.instant(), at("2027-01-30T07:00")));
        assertThat(todayOfGrid1()).extracting(TodayList.Item::name).contains("Liu Yan");
    }

    @Test
    void nobodyHomeAddsARetryWithinTwoDaysAndLeavesTheCadence() throws Exception {
        clock.advance(Duration.between(clock.instant(), at("2026-12-01T10:00")));
        visit("v-1", zhang, "2026-12-01T10:00", "SEEN");
        clock.advance(Duration.between(clock.instant(), at("2026-12-09T09:30")));

        visit("v-2", zhang, "2026-12-09T09:30", "NOT_HOME");

        List<VisitTask> open = rounds.tasks(zhang.id()).stream().filter(VisitTask::open).toList();
        assertThat(open).extracting(VisitTask::kind).containsExactlyInAnyOrder("CADENCE", "RETRY");
        VisitTask retry = open.stream().filter(task -> task.kind().equals("RETRY")).findFirst().orElseThrow();
        assertThat(retry.dueAt()).isAfter(clock.instant()).isBeforeOrEqualTo(clock.instant().plus(Duration.ofDays(2)));
        VisitTask cadence = open.stream().filter(task -> task.kind().equals("CADENCE")).findFirst().orElseThrow();
        assertThat(cadence.dueAt()).isEqualTo(at("2026-12-08T00:00")); // the cadence is where it was
        assertThat(todayOfGrid1()).extracting(TodayList.Item::name, TodayList.Item::kind)
                .contains(org.assertj.core.groups.Tuple.tuple("Zhang Min", "CADENCE"));

        // Found at home two days later: both the retry and the cadence are done, the next visit a week on.
        clock.advance(Duration.ofDays(1));
        visit("v-3", zhang, "2026-12-10T09:30", "SEEN");
        List<VisitTask> after = rounds.tasks(zhang.id());
        assertThat(after.stream().filter(VisitTask::open)).extracting(VisitTask::kind, VisitTask::dueAt)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("CADENCE", at("2026-12-17T00:00")));
        assertThat(after.stream().filter(task -> "v-3".equals(task.visitId()))).hasSize(2);
    }

    @Test
    void aMajorChangeAddsATaskDueWithin24Hours() throws Exception {
        sweep.sweep();
        clock.advance(Duration.between(clock.instant(), at("2026-11-03T16:00")));

        rounds.recordEvent(new ResidentEvent("e-1", liu.id(), "HOSPITAL_DISCHARGE", "home from hospital",
                clock.instant(), "staff-wang"), plan(liu)).join();

        VisitTask event = rounds.tasks(liu.id()).stream().filter(task -> task.kind().equals("EVENT")).findFirst()
                .orElseThrow();
        assertThat(event.dueAt()).isAfter(clock.instant()).isBeforeOrEqualTo(clock.instant().plus(Duration.ofHours(24)));
        clock.advance(Duration.ofHours(9)); // the next morning
        assertThat(todayOfGrid1()).extracting(TodayList.Item::name, TodayList.Item::kind)
                .contains(org.assertj.core.groups.Tuple.tuple("Liu Yan", "EVENT"));
        assertThat(rounds.events(liu.id())).extracting(ResidentEvent::kind).containsExactly("HOSPITAL_DISCHARGE");
    }

    @Test
    void aTaskNeverDoneIsStillListedWeeksLaterAndMadeOnlyOnce() throws Exception {
        clock.advance(Duration.between(clock.instant(), at("2026-12-01T10:00")));
        visit("v-1", zhang, "2026-12-01T10:00", "SEEN");

        for (int week = 0; week < 7; week++) {
            clock.advance(Duration.ofDays(7));
            sweep.sweep();
        }

        assertThat(todayOfGrid1()).filteredOn(item -> item.name().equals("Zhang Min"))
                .extracting(TodayList.Item::kind, TodayList.Item::dueAt, TodayList.Item::daysOverdue)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("CADENCE", at("2026-12-08T00:00"), 42));
        assertThat(rounds.tasks(zhang.id()).stream().filter(VisitTask::open)).hasSize(1);
    }

    @Test
    void aLateEntryFromPaperAttachesToTheTaskItFulfilsAndKeepsBothDates() throws Exception {
        clock.advance(Duration.between(clock.instant(), at("2026-12-01T10:00")));
        visit("v-1", zhang, "2026-12-01T10:00", "SEEN");
        clock.advance(Duration.between(clock.instant(), at("2026-12-10T16:00")));

        CareRounds.Recorded late = visit("v-paper", zhang, "2026-12-07T10:00", "SEEN");

        assertThat(late.visit().visitedAt()).isEqualTo(at("2026-12-07T10:00"));
        assertThat(late.visit().enteredAt()).isEqualTo(at("2026-12-10T16:00"));
        VisitTask fulfilled = rounds.tasks(zhang.id()).stream().filter(task -> "v-paper".equals(task.visitId()))
                .findFirst().orElseThrow();
        assertThat(fulfilled.dueAt()).isEqualTo(at("2026-12-08T00:00"));
        assertThat(fulfilled.state()).isEqualTo("DONE");
        assertThat(fulfilled.doneAt()).isEqualTo(at("2026-12-07T10:00"));
        assertThat(fulfilled.doneEnteredAt()).isEqualTo(at("2026-12-10T16:00"));
        assertThat(todayOfGrid1()).extracting(TodayList.Item::name).doesNotContain("Zhang Min"); // next due 12-14
    }

    @Test
    void theSameVisitPostedTwiceIsStoredOnce() throws Exception {
        CareRounds.Recorded first = visit("01JF0000000000000000000001", zhang, "2026-11-01T09:00", "SEEN");
        CareRounds.Recorded again = visit("01JF0000000000000000000001", zhang, "2026-11-01T09:00", "SEEN");

        assertThat(first.first()).isTrue();
        assertThat(again.first()).isFalse();
        assertThat(again.visit().id()).isEqualTo(first.visit().id());
        assertThat(rounds.visits(zhang.id())).hasSize(1);
    }

    @Test
    void aCorrectionNamesTheVisitItReplacesWhichStaysAsItWas() throws Exception {
        sweep.sweep();
        clock.advance(Duration.between(clock.instant(), at("2026-12-01T10:00")));
        visit("v-1", zhang, "2026-12-01T10:00", "SEEN");
        rounds.record(new Visit("v-1b", zhang.id(), at("2026-12-01T10:00"), null, "PHONE", "SEEN", null, "staff-wang",
                JSON.readTree("{}"), JSON.readTree("[]"), "it was a phone call", "v-1"), plan(zhang)).join();

        assertThat(rounds.visits(zhang.id())).extracting(Visit::id, Visit::method, Visit::replaces)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("v-1", "HOME", null),
                        org.assertj.core.groups.Tuple.tuple("v-1b", "PHONE", "v-1"));
        assertThat(rounds.tasks(zhang.id()).stream().filter(task -> "v-1b".equals(task.visitId()))).hasSize(1);
    }

    @Test
    void aTierMadeHigherBringsTheNextVisitForwardAndTheOldOneGoes() throws Exception {
        sweep.sweep();
        community.saveResident(new Resident(liu.id(), grid1.id(), "Liu Yan", "3 Hongqi Lane", "2-107", null, "zh-CN",
                null, List.of(), RiskLevel.HIGH));
        sweep.sweep();

        assertThat(rounds.tasks(liu.id()).stream().filter(VisitTask::open)).extracting(VisitTask::dueAt)
                .containsExactly(at("2026-11-08T00:00"));
    }

    @Test
    void theMonthlyReportsFiguresAreThoseCountedByHand() throws Exception {
        sweep.sweep(); // 11-01: Zhang and Chen due 11-08, Wu 12-01, Liu 2027-01-30
        seenAt("2026-11-10T10:00", wu);    // Wu's 12-01 task done early: on time; next 12-10
        seenAt("2026-11-30T10:00", zhang); // Zhang's 11-08 task done late (November); next 12-07
        seenAt("2026-12-06T10:00", zhang); // 12-07 on time; next 12-13
        seenAt("2026-12-10T10:00", wu);    // 12-10 on time; next 2027-01-09
        seenAt("2026-12-15T10:00", zhang); // 12-13 late; next 12-22, never done: missed
        clock.advance(Duration.between(clock.instant(), at("2027-01-02T09:00")));
        sweep.sweep();

        var report = new CareReport(database, clock).month(site, java.time.YearMonth.of(2026, 12));

        // by hand: HIGH Zhang and Chen (never visited; her one task fell due in November)
        assertThat(report.get("HIGH")).isEqualTo(new CareReport.Figures(2, 3, 1, 1, 1, 0, 1, 0.5));
        assertThat(report.get("MEDIUM")).isEqualTo(new CareReport.Figures(1, 2, 2, 0, 0, 0, 1, 1.0));
        assertThat(report.get("LOW")).isEqualTo(new CareReport.Figures(1, 0, 0, 0, 0, 0, 0, 0.0));
        assertThat(report.get("ALL")).isEqualTo(new CareReport.Figures(4, 5, 3, 1, 1, 0, 2, 0.5));
        String csv = CareReport.csv(site, java.time.YearMonth.of(2026, 12), report);
        assertThat(csv).startsWith("\uFEFFcommunity,month,tier").contains("HIGH,高风险,2,3,1,1,1,0,1,0.5");
    }

    private void seenAt(String local, Resident resident) throws Exception {
        clock.advance(Duration.between(clock.instant(), at(local)));
        visit("v-" + local + "-" + resident.name(), resident, local, "SEEN");
    }

    @Test
    void aTaskOfAKindAndTierANewerNodeWroteIsListedNotFatal() throws Exception {
        database.writer().routine(connection -> {
            try (var insert = connection.prepareStatement("INSERT INTO visit_task (id, task_key, resident_id, kind, tier,"
                    + " due_at, opened_at, created_at, state) VALUES ('t-new', 'CHECK_IN:1', ?, 'CHECK_IN_FOLLOW_UP',"
                    + " 'CRITICAL', ?, ?, ?, 'OPEN')")) {
                insert.setString(1, liu.id());
                insert.setLong(2, clock.millis());
                insert.setLong(3, clock.millis());
                insert.setLong(4, clock.millis());
                return insert.executeUpdate();
            }
        }).join();

        assertThat(todayOfGrid1()).extracting(TodayList.Item::name, TodayList.Item::kind)
                .contains(org.assertj.core.groups.Tuple.tuple("Liu Yan", "CHECK_IN_FOLLOW_UP"));
        assertThat(rounds.tasks(liu.id())).extracting(VisitTask::tier).contains("CRITICAL");
    }

    @Test
    void aGridWorkersListHoldsOnlyHerGrids() throws Exception {
        sweep.sweep();
        clock.advance(Duration.ofDays(8));

        assertThat(todayOfGrid1()).extracting(TodayList.Item::name).containsExactly("Zhang Min");
        assertThat(today.visits(List.of(grid2), clock.instant())).extracting(TodayList.Item::name)
                .containsExactly("Chen Jing");
    }
}
