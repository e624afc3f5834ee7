package org.carecall.hub.checkin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.carecall.hub.care.CarePolicy;
import org.carecall.hub.community.Area;
import org.carecall.hub.community.Community;
import org.carecall.hub.community.Resident;
import org.carecall.hub.community.Site;
import org.carecall.hub.store.Database;
import org.carecall.hub.support.MutableClock;
import org.carecall.hub.support.NewerNode;
import org.carecall.protocol.EventKind;
import org.carecall.protocol.message.DeviceEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The check-in's days and ladder on a real store, with the test clock and plain fakes for the units and the
 * call path: Xincheng (Asia/Shanghai), Zhang Min with unit u-zhang, a plan due by 10:00 made at 08:00.
 */
abstract class CheckInsContract {
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final LocalDate DAY = LocalDate.of(2026, 12, 7);

    final MutableClock clock = new MutableClock(at("08:00"));
    final FakeUnits units = new FakeUnits();
    final java.util.concurrent.atomic.AtomicInteger homeLookups = new java.util.concurrent.atomic.AtomicInteger();
    Database database;
    CheckIns store;
    CheckInDesk desk;
    CheckInSweep sweep;
    Homes homes;
    Community community;
    Site site;
    Area grid;
    Resident zhang;

    protected abstract Database open() throws Exception;

    @BeforeEach
    void given() throws Exception {
        database = open();
        community = new Community(database, clock);
        site = community.addSite("Xincheng", SHANGHAI);
        grid = community.addArea(site.id(), "Grid 1");
        zhang = community.saveResident(new Resident(null, grid.id(), "Zhang Min", "3 Hongqi Lane", "2-101", null,
                "zh-CN", null, List.of(), Resident.RiskLevel.HIGH));
        homes = new Homes() {
            @Override
            public Optional<Home> of(String residentId) {
                homeLookups.incrementAndGet();
                return residentId.equals(zhang.id()) ? Optional.of(new Home(residentId, "Zhang Min", SHANGHAI,
                        CarePolicy.CheckIn.defaults(), "u-zhang")) : Optional.empty();
            }

            @Override
            public Optional<String> residentOf(String deviceId) {
                return deviceId.equals("u-zhang") ? Optional.of(zhang.id()) : Optional.empty();
            }
        };
        store = new CheckIns(database, clock);
        desk = new CheckInDesk(store, homes, units, clock, Runnable::run);
        sweep = new CheckInSweep(store, homes, units, desk, new CheckInKeys(homes, java.util.Map.of()), clock);
        plan(null, null);
    }

    @AfterEach
    void close() {
        sweep.close();
        database.close();
    }

    static Instant at(String time) {
        return LocalDateTime.parse(DAY + "T" + time).atZone(SHANGHAI).toInstant();
    }

    void plan(LocalDate awayFrom, LocalDate awayUntil) {
        store.savePlan(new CheckInPlan(zhang.id(), true, LocalTime.of(10, 0), awayFrom, awayUntil, null, null, "wang"))
                .join();
    }

    /** Moves the clock to a time of the day and sweeps, as the sweep thread would. */
    void sweepAt(String time) throws Exception {
        clock.advance(Duration.between(clock.instant(), at(time)));
        sweep.sweep();
    }

    void press(String id, String madeAt) {
        desk.pressed("u-zhang", new DeviceEvent(id, EventKind.CHECK_IN, "check-in-key", at(madeAt)), "test").join();
    }

    CheckInDay today() throws Exception {
        return store.day(zhang.id(), DAY).orElseThrow();
    }

    List<String> listed() throws Exception {
        return store.listed(List.of(grid.id())).stream().map(CheckIns.Listed::name).toList();
    }

    @Test
    void aPressAt0912ClosesTheDayAsKeyAt0912AndItsResendChangesNothing() throws Exception {
        sweepAt("09:00");
        clock.advance(Duration.ofMinutes(12));
        press("01JF3V00000000000000000P01", "09:12");
        clock.advance(Duration.ofMinutes(3));
        press("01JF3V00000000000000000P01", "09:12"); // the unit did not hear the PUBACK

        CheckInDay day = today();
        assertThat(day.state()).isEqualTo(CheckInDay.CONFIRMED);
        assertThat(day.closedBy()).isEqualTo("KEY");
        assertThat(day.closedAt()).isEqualTo(at("09:12"));
        assertThat(day.late()).isFalse();
        assertThat(day.missed()).isFalse();
        sweepAt("10:00");
        sweepAt("12:00");
        assertThat(units.reminders).isEmpty();
        assertThat(units.rings).isEmpty();
    }

    @Test
    void aSweepReadsADayOnlyOnceItsDeadlineHasCome() throws Exception {
        sweepAt("09:59");
        assertThat(today().state()).isEqualTo(CheckInDay.WAITING);
        assertThat(store.openDays(DAY.minusDays(1), at("09:59"))).as("nothing of a day comes before its deadline")
                .isEmpty();
        assertThat(store.openDays(DAY.minusDays(1), at("10:00"))).extracting(CheckInDay::residentId)
                .containsExactly(zhang.id());
    }

    @Test
    void aSweepWithNothingDueMakesNoFullPassYetEveryStepComesOnTime() throws Exception {
        sweepAt("09:00"); // makes the day, due at 10:00
        int looked = homeLookups.get();
        sweepAt("09:01");
        sweepAt("09:04");
        assertThat(homeLookups.get()).as("nothing due before 10:00 and no plan saved: no full pass").isEqualTo(looked);

        sweepAt("09:06");
        assertThat(homeLookups.get()).as("a full pass at least every five minutes").isGreaterThan(looked);
        looked = homeLookups.get();
        plan(null, null); // saved again, as another node might
        sweepAt("09:07");
        assertThat(homeLookups.get()).as("a plan saved anywhere: a full pass").isGreaterThan(looked);

        sweepAt("09:59:59");
        assertThat(units.reminders).isEmpty();
        sweepAt("10:00");
        assertThat(units.reminders).as("the deadline wakes the sweep").hasSize(1);
        sweepAt("10:09:59");
        sweepAt("10:10");
        assertThat(units.reminders).as("so does the next reminder's time").hasSize(2);
    }

    @Test
    void withNoPressTwoRemindersThenTodayAt1015WithoutACallThenTheCallAtNoonOnce() throws Exception {
        sweepAt("09:00");
        sweepAt("10:00");
        sweepAt("10:05");
        sweepAt("10:10");
        assertThat(units.reminders).containsExactly("u-zhang@" + at("10:00"), "u-zhang@" + at("10:10"));
        assertThat(listed()).isEmpty();

        sweepAt("10:15");
        assertThat(listed()).containsExactly("Zhang Min");
        assertThat(today().state()).isEqualTo(CheckInDay.MISSED);
        assertThat(units.rings).isEmpty();

        sweepAt("11:59");
        assertThat(units.rings).isEmpty();
        sweepAt("12:00");
        sweepAt("12:01");
        assertThat(units.rings).hasSize(1);
        assertThat(today().alarmId()).isEqualTo("call-" + units.rings.getFirst());
        assertThat(today().familyDueAt()).isNull();

        sweepAt("13:00");
        assertThat(today().familyDueAt()).isEqualTo(at("13:00"));
        assertThat(units.reminders).hasSize(2);
    }

    @Test
    void aWorkerOnItAt1100MeansNoCallAtNoon() throws Exception {
        sweepAt("09:00");
        sweepAt("10:15");
        clock.advance(Duration.ofMinutes(45));
        assertThat(desk.claim(zhang.id(), DAY, "staff-wang", "Wang Fang").join()).get()
                .extracting(CheckInDay::claimedName).isEqualTo("Wang Fang");
        assertThat(desk.claim(zhang.id(), DAY, "staff-li", "Li Na").join()).get()
                .extracting(CheckInDay::claimedName).isEqualTo("Wang Fang"); // the first one keeps it

        sweepAt("12:00");
        sweepAt("13:30");
        assertThat(units.rings).isEmpty();
        assertThat(today().familyDueAt()).isNull();
        assertThat(listed()).containsExactly("Zhang Min"); // still hers to close
    }

    @Test
    void aPressAt1207ClosesTheDayAndResolvesTheCall() throws Exception {
        sweepAt("09:00");
        sweepAt("10:15");
        sweepAt("12:00");
        String call = today().alarmId();
        assertThat(call).isNotNull();

        clock.advance(Duration.ofMinutes(7));
        press("01JF3V00000000000000000P02", "12:07");

        CheckInDay day = today();
        assertThat(day.state()).isEqualTo(CheckInDay.CONFIRMED);
        assertThat(day.closedAt()).isEqualTo(at("12:07"));
        assertThat(day.late()).isTrue();
        assertThat(day.missed()).isTrue();
        assertThat(units.closed).containsExactly(call + ": she checked in with her key");
        assertThat(listed()).isEmpty();
        sweepAt("13:00");
        assertThat(today().familyDueAt()).isNull();
    }

    @Test
    void anAwayPeriodMeansNoRowAndNoReminder() throws Exception {
        plan(DAY.minusDays(1), DAY.plusDays(2));
        sweepAt("09:00");
        sweepAt("10:00");
        sweepAt("12:00");
        assertThat(store.day(zhang.id(), DAY)).isEmpty();
        assertThat(units.reminders).isEmpty();
        assertThat(units.rings).isEmpty();
    }

    @Test
    void aUnitOfflineFrom0930GetsNoReminderAndItsLatePressCountsMissed() throws Exception {
        sweepAt("09:00");
        clock.advance(Duration.ofMinutes(30));
        units.offline.add("u-zhang");
        sweepAt("10:00");
        sweepAt("10:10");
        sweepAt("10:15");
        assertThat(units.reminders).isEmpty();
        assertThat(store.steps(zhang.id(), DAY)).containsEntry("REMIND:0", "OFFLINE").containsEntry("REMIND:1", "OFFLINE");

        clock.advance(Duration.ofMinutes(25)); // 10:40: the unit is back and sends what it kept
        units.offline.remove("u-zhang");
        press("01JF3V00000000000000000P03", "09:50");

        CheckInDay day = today();
        assertThat(day.state()).isEqualTo(CheckInDay.CONFIRMED);
        assertThat(day.closedAt()).isEqualTo(at("09:50"));
        assertThat(day.late()).isTrue();
        assertThat(day.missed()).isTrue();
        // The month's report counts the day as missed, not on time, though the press was made before 10:00.
        CheckInReport.Figures grid1 = new CheckInReport(store, community).month(site, java.time.YearMonth.of(2026, 12))
                .getFirst();
        assertThat(grid1.expected()).isEqualTo(1);
        assertThat(grid1.onTime()).isZero();
        assertThat(grid1.missed()).isEqualTo(1);
    }

    @Test
    void staffAndFamilyCloseADayWithTheirNames() throws Exception {
        sweepAt("10:15");
        clock.advance(Duration.ofMinutes(20));
        CheckIns.Closed closed = desk.confirm(zhang.id(), DAY, "FAMILY", "Zhang Wei", "son", "she is at the market")
                .join();
        assertThat(closed.first()).isTrue();
        assertThat(closed.day().closedBy()).isEqualTo("FAMILY");
        assertThat(closed.day().closerName()).isEqualTo("Zhang Wei");
        assertThat(closed.day().relation()).isEqualTo("son");
        assertThat(desk.confirm(zhang.id(), DAY, "STAFF", "Wang Fang", null, null).join().first()).isFalse();
    }

    @Test
    void theMonthsReportCountsOnTimeAndMissedDaysPerGridWithMinutesToTheClose() throws Exception {
        sweepAt("09:00");
        clock.advance(Duration.ofMinutes(12));
        press("01JF3V00000000000000000P04", "09:12"); // on time: 0 minutes past the deadline
        clock.advance(Duration.ofDays(1).minusMinutes(12)); // the next day, 09:00
        sweep.sweep();
        clock.advance(Duration.ofMinutes(75)); // 10:15: listed, the day counts as missed
        sweep.sweep();
        clock.advance(Duration.ofMinutes(15));
        desk.confirm(zhang.id(), DAY.plusDays(1), "STAFF", "Wang Fang", null, "phoned her").join(); // 30 minutes

        List<CheckInReport.Figures> report = new CheckInReport(store, community).month(site, java.time.YearMonth.of(2026, 12));
        assertThat(report).extracting(CheckInReport.Figures::grid).containsExactly("Grid 1", null);
        CheckInReport.Figures grid1 = report.getFirst();
        assertThat(grid1.expected()).isEqualTo(2);
        assertThat(grid1.onTime()).isEqualTo(1);
        assertThat(grid1.missed()).isEqualTo(1);
        assertThat(grid1.minutesP50()).isEqualTo(0L);
        assertThat(grid1.minutesP90()).isEqualTo(30L);
        assertThat(report.getLast().expected()).isEqualTo(2);
        assertThat(CheckInReport.csv(site, java.time.YearMonth.of(2026, 12), report))
                .contains("\"Grid 1\",2,1,1,0,30");
    }

    @Test
    void aDayInAStateANewerNodeWroteIsShownAsUnknownAndNoSweepRemindsListsOrRingsIt() throws Exception {
        sweepAt("09:00"); // the day is made, waiting
        NewerNode.writes(database, "UPDATE check_in_day SET state = 'EXCUSED_V9'");

        sweepAt("10:00");
        sweepAt("10:15");
        sweepAt("12:00");

        assertThat(units.reminders).isEmpty();
        assertThat(units.rings).isEmpty();
        assertThat(listed()).isEmpty();
        assertThat(today().shownState()).isEqualTo("UNKNOWN");
        CheckInReport.Figures grid1 = new CheckInReport(store, community).month(site, java.time.YearMonth.of(2026, 12))
                .getFirst();
        assertThat(grid1.expected()).isEqualTo(1);
        assertThat(grid1.onTime()).isZero();
        assertThat(grid1.missed()).isZero();
    }

    /** The units and the call path, as plain fakes: what was asked of them, and when. */
    final class FakeUnits implements CheckInUnits {
        final Set<String> offline = ConcurrentHashMap.newKeySet();
        final List<String> reminders = new CopyOnWriteArrayList<>();
        final List<String> rings = new CopyOnWriteArrayList<>();
        final List<String> closed = new CopyOnWriteArrayList<>();

        @Override
        public boolean online(String deviceId) {
            return !offline.contains(deviceId);
        }

        @Override
        public CompletableFuture<?> remind(String deviceId) {
            reminders.add(deviceId + "@" + clock.instant());
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<String> ring(String deviceId, String callId, String note) {
            rings.add(callId);
            return CompletableFuture.completedFuture("call-" + callId);
        }

        @Override
        public CompletableFuture<?> closeCall(String alarmId, String note) {
            closed.add(alarmId + ": " + note);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public Optional<Instant> lastActivity(String deviceId) {
            return Optional.empty();
        }
    }

}
