package org.carecall.hub.escalation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carecall.hub.escalation.Calls.T0;
import static org.carecall.hub.escalation.Calls.call;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.carecall.hub.community.Area;
import org.carecall.hub.roster.DutyRoster;
import org.carecall.hub.staff.Role;
import org.carecall.hub.staff.Staff;
import org.carecall.protocol.AlarmKind;
import org.carecall.protocol.AlarmState;
import org.junit.jupiter.api.Test;

/** Who each step rings and when a call is looked at again, with plain fakes: no store, no hub. */
class EscalationPlannerTest {
    private static final Duration DISPLAY = Duration.ofSeconds(20);
    private static final Duration RETRY = Duration.ofSeconds(120);
    private static final Area GRID_1 = new Area("g1", "north", "Grid 1");
    private static final Area GRID_2 = new Area("g2", "north", "Grid 2");

    private final Staff wang = staff("wang", Role.DUTY, "north");
    private final Staff li = staff("li", Role.DUTY, "north");
    private final Staff zhou = staff("zhou", Role.SUPERVISOR, "north");
    private final Staff southBoss = staff("sun", Role.SUPERVISOR, "south");
    private final Staff tech = staff("tech", Role.TECHNICIAN, "north");
    private final Staff gone = new Staff("gone", "gone", "Gone", Role.SUPERVISOR, "north", null, true);

    private final People people = new People(wang, li, zhou, southBoss, tech, gone);
    private Optional<Area> grid = Optional.of(GRID_1);

    private EscalationPlanner planner(boolean outside) {
        var chains = new EscalationChains(call -> grid, siteId -> EscalationPolicy.defaults());
        return new EscalationPlanner(chains, people, people, outside, DISPLAY);
    }

    @Test
    void theGridsDutyWorkerWithAConsoleOpenIsTheOnlyStepANewCallFires() throws Exception {
        people.onDuty.add(new DutyRoster.OnDuty(wang, "north", "g1"));
        people.onDuty.add(new DutyRoster.OnDuty(li, "north", "g2"));
        people.open.add("wang");

        var plan = planner(false).firstSteps(call(AlarmState.RECEIVED, 0, null), T0, RETRY);

        assertThat(plan.fired()).singleElement().satisfies(step -> {
            assertThat(step.people()).containsExactly("wang");
            assertThat(step.reaches()).isTrue();
        });
        assertThat(plan.unreached()).isFalse();
        // Nobody has seen it yet: the display deadline (20 s) comes before step 2's time (30 s).
        assertThat(plan.nextAt()).isEqualTo(T0.plus(DISPLAY));
    }

    @Test
    void aGridWithNobodyOnDutyMovesOnAtOnceAndSaysWhy() throws Exception {
        people.onDuty.add(new DutyRoster.OnDuty(li, "north", "g2"));
        people.open.add("zhou");

        var plan = planner(false).firstSteps(call(AlarmState.RECEIVED, 0, null), T0, RETRY);

        assertThat(plan.fired()).hasSize(2);
        assertThat(plan.fired().getFirst().nobodyBecause()).isEqualTo("nobody-on-duty");
        assertThat(plan.fired().getFirst().nobodyOnDuty()).isTrue();
        // Step 2 rings the community's duty staff and its supervisors, not another community's or a disabled one.
        assertThat(plan.fired().get(1).people()).containsExactlyInAnyOrder("li", "zhou");
        assertThat(plan.fired().get(1).reaches()).isTrue();
    }

    @Test
    void rungPeopleWithNoConsoleOpenReachNobody() throws Exception {
        people.onDuty.add(new DutyRoster.OnDuty(wang, "north", "g1"));

        var plan = planner(false).firstSteps(call(AlarmState.RECEIVED, 0, null), T0, RETRY);

        assertThat(plan.fired()).hasSize(3);
        assertThat(plan.fired().getFirst().nobodyBecause()).isEqualTo("no-console");
        assertThat(plan.unreached()).isTrue();
        assertThat(plan.nextAt()).isEqualTo(T0.plus(RETRY));
    }

    @Test
    void theOutsideChannelReachesWhenNoConsoleCan() throws Exception {
        var plan = planner(true).firstSteps(call(AlarmState.RECEIVED, 0, null), T0, RETRY);

        assertThat(plan.fired()).hasSize(3);
        assertThat(plan.fired().getLast().outside()).isTrue();
        assertThat(plan.unreached()).isFalse();
    }

    @Test
    void everyConsoleReachesWhenAnyConsoleThatMaySeeTheCallIsOpen() throws Exception {
        people.anyConsoleMaySee = true;

        var plan = planner(false).firstSteps(call(AlarmState.RECEIVED, 0, null), T0, RETRY);

        assertThat(plan.fired()).hasSize(3);
        assertThat(plan.fired().getLast().everyone()).isTrue();
        assertThat(plan.fired().getLast().reaches()).isTrue();
    }

    @Test
    void aTechnicalAlarmRingsTheCommunitysTechniciansOnly() throws Exception {
        people.onDuty.add(new DutyRoster.OnDuty(wang, "north", "g1"));
        people.open.addAll(Set.of("wang", "tech"));

        var plan = planner(false).firstSteps(call("unit-1", AlarmKind.POWER_FAILURE, AlarmState.RECEIVED, 0, null),
                T0, RETRY);

        assertThat(plan.fired()).singleElement().satisfies(step -> assertThat(step.people()).containsExactly("tech"));
    }

    @Test
    void aUnitOfNoCommunityRingsNoCommunitysDutyStaff() throws Exception {
        grid = Optional.empty();
        people.onDuty.add(new DutyRoster.OnDuty(wang, "north", "g1"));
        people.open.add("wang");

        var plan = planner(false).firstSteps(call(AlarmState.RECEIVED, 0, null), T0, RETRY);

        assertThat(plan.fired().getFirst().people()).isEmpty();
        assertThat(plan.fired().get(1).people()).doesNotContain("wang").contains("zhou", "sun");
    }

    @Test
    void aTestCallFiresNothing() throws Exception {
        people.open.add("wang");
        assertThat(planner(false).firstSteps(Calls.testCall(), T0, RETRY).fired()).isEmpty();
    }

    @Test
    void aSeenCallIsLookedAtAgainOnThePolicysTimeAndNeverPastItsLastStep() {
        var planner = planner(false);
        var chain = EscalationPolicy.defaults().care();

        assertThat(planner.nextLook(call(AlarmState.NOTIFIED, 1, null), chain, 0, T0)).isEqualTo(T0.plusSeconds(30));
        assertThat(planner.nextLook(call(AlarmState.NOTIFIED, 3, null), chain, 2, T0)).isNull();
        assertThat(planner.nextLook(call(AlarmState.RECEIVED, 3, null), chain, 2, T0.plusSeconds(90)))
                .isEqualTo(T0.plusSeconds(90).plus(DISPLAY));
    }

    @Test
    void nobodyOnSiteRingsTheStepAfterTheOneThatFiredAndTheLastOnceTheChainHasRunOut() throws Exception {
        people.onDuty.add(new DutyRoster.OnDuty(li, "north", "g2"));
        var planner = planner(false);
        var taken = call(AlarmState.ACKNOWLEDGED, 1, null);

        assertThat(planner.ringAgain(taken, 1).people()).containsExactlyInAnyOrder("li", "zhou");
        assertThat(planner.ringAgain(taken, 1).number()).isEqualTo(2);
        assertThat(planner.ringAgain(taken, 3).everyone()).isTrue();
        assertThat(planner.ringAgain(taken, 3).number()).isEqualTo(4);
    }

    @Test
    void thePreviewNamesWhoWouldRingAndWhetherTheirConsoleIsOpen() throws Exception {
        people.onDuty.add(new DutyRoster.OnDuty(wang, "north", null));
        people.open.add("wang");

        var preview = planner(false).preview(EscalationPolicy.defaults(), GRID_2, false);

        assertThat(preview).hasSize(3);
        assertThat(preview.getFirst().people()).containsExactly(Map.of("displayName", "Wang", "role", "DUTY",
                "consoleOpen", true));
        assertThat(preview.get(1).people()).extracting(person -> person.get("displayName"))
                .containsExactlyInAnyOrder("Wang", "Zhou");
        assertThat(preview.get(2).everyone()).isTrue();
        assertThat(preview.get(2).outside()).isFalse();
    }

    private static Staff staff(String id, Role role, String siteId) {
        return new Staff(id, id, Character.toUpperCase(id.charAt(0)) + id.substring(1), role, siteId, null, false);
    }
}
