package org.carecall.hub.alarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.carecall.hub.staff.Role;
import org.carecall.hub.support.TestCommunity;
import org.carecall.hub.support.TestConsole;
import org.carecall.hub.support.TestDevice;
import org.carecall.hub.support.TestHub;
import org.carecall.hub.support.TestLiveConsole;
import org.carecall.protocol.AlarmState;
import org.carecall.protocol.message.AlarmReport;
import org.carecall.protocol.message.Cancel;
import org.carecall.protocol.message.Receipt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A resident presses; duty staff see who and where, one of them takes the call, and the unit hears who. */
class StaffTakesTheCallTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private TestHub hub;
    private TestCommunity xincheng;
    private TestDevice device;
    private TestConsole wang;
    private TestConsole li;

    @BeforeEach
    void start() throws Exception {
        hub = TestHub.start();
        xincheng = TestCommunity.create(hub.hub());
        device = xincheng.connectUnit();
        xincheng.staff("wang", "Wang Li", Role.DUTY);
        xincheng.staff("lina", "Li Na", Role.DUTY);
        wang = xincheng.console("wang");
        li = xincheng.console("lina");
    }

    @AfterEach
    void stop() throws Exception {
        device.close();
        hub.close();
    }

    @Test
    void oneWorkerTakesTheCallArrivesAndResolvesItAndTheUnitFollows() throws Exception {
        AlarmReport press = press();

        TestConsole.Answer board = wang.get("/api/alarms");
        assertThat(board.body().path("items").get(0).path("resident").path("name").asText()).isEqualTo("Zhang Min");
        assertThat(board.body().path("items").get(0).path("resident").path("room").asText()).isEqualTo("2-101");
        assertThat(board.body().path("items").get(0).path("resident").path("areaName").asText()).isEqualTo("Grid 3");
        assertThat(board.body().toString()).doesNotContain("insulin");

        TestConsole.Answer taken = wang.post("/api/alarms/" + press.id() + "/acknowledge", null);
        assertThat(taken.status()).isEqualTo(200);
        Receipt coming = device.receipt(WAIT, AlarmState.ACKNOWLEDGED);
        assertThat(coming).isNotNull();
        assertThat(coming.by()).isEqualTo("Wang Li");

        TestConsole.Answer late = li.post("/api/alarms/" + press.id() + "/acknowledge", null);
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.text("detail")).isEqualTo("already taken by Wang Li");

        assertThat(wang.post("/api/alarms/" + press.id() + "/arrive", null).status()).isEqualTo(200);
        assertThat(device.receipt(WAIT, AlarmState.ON_SITE)).isNotNull();

        TestConsole.Answer noNote = wang.post("/api/alarms/" + press.id() + "/resolve", "{\"outcome\":\"FALL\"}");
        assertThat(noNote.status()).isEqualTo(400);
        assertThat(noNote.text("detail")).contains("'note' is required");

        TestConsole.Answer resolved = wang.post("/api/alarms/" + press.id() + "/resolve",
                "{\"outcome\":\"FALL\",\"note\":\"helped up, no injury, daughter informed\"}");
        assertThat(resolved.status()).isEqualTo(200);
        assertThat(device.receipt(WAIT, AlarmState.RESOLVED)).isNotNull();

        TestConsole.Answer story = wang.get("/api/alarms/" + press.id());
        assertThat(story.text("state")).isEqualTo("RESOLVED");
        assertThat(story.text("outcome")).isEqualTo("FALL");
        List<String> timeline = new ArrayList<>();
        story.body().path("timeline").forEach(row -> timeline.add(row.path("action").asText() + " by "
                + row.path("who").asText(row.path("by").asText())));
        // Escalation's own rows (by the hub) may come before or after the tap; the staff story is fixed.
        assertThat(timeline.stream().filter(row -> !row.endsWith(" by hub"))
                .toList()).containsExactly("RECEIVED by unit", "ACKNOWLEDGED by Wang Li", "ON_SITE by Wang Li",
                "RESOLVED by Wang Li");
        // Where a tap came from is kept for audits, and never shown on a screen.
        story.body().path("timeline").forEach(row -> assertThat(row.has("origin")).isFalse());
        assertThat(hub.hub().calls().alarms().timeline(press.id())).filteredOn(row -> row.action().equals("ACKNOWLEDGED"))
                .singleElement().satisfies(row -> assertThat(row.origin()).contains("127.0.0.1"));
        assertThat(wang.get("/api/alarms").body().path("items")).isEmpty();
    }

    @Test
    void whenTwoTapAtOnceExactlyOneTakesTheCall() throws Exception {
        ExecutorService both = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 10; round++) {
                AlarmReport press = press();
                List<Future<Integer>> taps = both.invokeAll(List.<Callable<Integer>>of(
                        () -> wang.post("/api/alarms/" + press.id() + "/acknowledge", null).status(),
                        () -> li.post("/api/alarms/" + press.id() + "/acknowledge", null).status()));
                List<Integer> statuses = new ArrayList<>();
                for (Future<Integer> tap : taps) {
                    statuses.add(tap.get());
                }
                assertThat(statuses).as("round %d", round).containsExactlyInAnyOrder(200, 409);
                wang.post("/api/alarms/" + press.id() + "/resolve", "{\"outcome\":\"TEST\",\"note\":\"round over\"}");
                assertThat(hub.hub().calls().alarms().timeline(press.id())).filteredOn(row -> row.action().equals("ACKNOWLEDGED"))
                        .hasSize(1);
            }
        } finally {
            both.shutdownNow();
        }
    }

    @Test
    void aCallTheResidentCancelledStaysOnTheBoardUntilSomeoneConfirmsByPhone() throws Exception {
        AlarmReport press = press();
        device.send(new Cancel(press.id(), Instant.now()));
        assertThat(device.receipt(WAIT, AlarmState.CANCELLED)).isNotNull();

        TestConsole.Answer board = wang.get("/api/alarms");
        assertThat(board.body().path("items").get(0).path("state").asText()).isEqualTo("CANCELLED");

        TestConsole.Answer confirmed = wang.post("/api/alarms/" + press.id() + "/resolve",
                "{\"outcome\":\"CANCELLED_BY_RESIDENT\",\"note\":\"phoned, she pressed by mistake\"}");

        assertThat(confirmed.status()).isEqualTo(200);
        assertThat(confirmed.text("state")).isEqualTo("CANCELLED");
        assertThat(wang.get("/api/alarms").body().path("items")).isEmpty();
        assertThat(hub.hub().calls().alarms().timeline(press.id())).extracting(AlarmStore.TimelineEntry::action)
                .contains("CANCELLED", "CONFIRMED");
    }

    @Test
    void onlyWhoTookTheCallMarksArrivalAndAnUntakenCallIsClosedOnlyByASupervisorWithAReason() throws Exception {
        String xincheng = hub.hub().people().community().sites().getFirst().id();
        hub.hub().people().staff().create("chen", "Chen Jie", Role.SUPERVISOR, xincheng, null, "chen-password-1").join();
        TestConsole chen = TestConsole.login(hub.hub().httpPort(), "chen", "chen-password-1");
        AlarmReport untaken = press();

        TestConsole.Answer closedInPassing = wang.post("/api/alarms/" + untaken.id() + "/resolve",
                "{\"outcome\":\"FALSE_ALARM\",\"note\":\"looks like a mistake\"}");
        assertThat(closedInPassing.status()).isEqualTo(409);
        assertThat(closedInPassing.text("error")).isEqualTo("not-taken");
        TestConsole.Answer bySupervisor = chen.post("/api/alarms/" + untaken.id() + "/resolve",
                "{\"outcome\":\"FALSE_ALARM\",\"note\":\"phoned her: pressed while cleaning\"}");
        assertThat(bySupervisor.status()).isEqualTo(200);
        assertThat(bySupervisor.text("state")).isEqualTo("RESOLVED");

        AlarmReport taken = press();
        assertThat(wang.post("/api/alarms/" + taken.id() + "/acknowledge", null).status()).isEqualTo(200);
        TestConsole.Answer notHers = li.post("/api/alarms/" + taken.id() + "/arrive", null);
        assertThat(notHers.status()).isEqualTo(409);
        assertThat(notHers.text("error")).isEqualTo("not-yours");
        assertThat(notHers.text("by")).isEqualTo("Wang Li");
        assertThat(hub.hub().calls().alarms().find(taken.id()).orElseThrow().state()).isEqualTo(AlarmState.ACKNOWLEDGED);
        assertThat(wang.post("/api/alarms/" + taken.id() + "/arrive", null).status()).isEqualTo(200);
        // Taken, the call is closed by its taker (or a supervisor of the community), not by another worker.
        TestConsole.Answer notHersToClose = li.post("/api/alarms/" + taken.id() + "/resolve",
                "{\"outcome\":\"HELPED\",\"note\":\"helped back to bed\"}");
        assertThat(notHersToClose.status()).isEqualTo(409);
        assertThat(notHersToClose.text("error")).isEqualTo("not-yours");
        assertThat(wang.post("/api/alarms/" + taken.id() + "/resolve",
                "{\"outcome\":\"HELPED\",\"note\":\"helped back to bed\"}").status()).isEqualTo(200);
    }

    /**
     * The console offers "I'm coming" where the call rings (and to supervisors); the hub itself takes the
     * call from anyone of its community, so that a worker who knows more (she is next door, say) can act.
     */
    @Test
    void aCallRingsItsGridsWorkerFirstYetAWorkerOfAnotherGridOfTheCommunityMayTakeIt() throws Exception {
        xincheng.onDuty("malin", "Ma Lin");
        TestConsole ma = xincheng.console("malin");
        String grid4 = hub.hub().people().community().addArea(xincheng.site().id(), "Grid 4").id();
        hub.hub().people().roster().toggle(xincheng.staff("zhou", "Zhou Qing", Role.DUTY).id(), true, grid4);
        TestConsole zhou = xincheng.console("zhou");
        try (TestLiveConsole maOnDuty = new TestLiveConsole(hub.hub().httpPort()).confirmingWhatRings()) {
            maOnDuty.auth(ma.token());
            assertThat(maOnDuty.next("ready", WAIT)).isNotNull();
            AlarmReport press = press();

            await().atMost(WAIT).untilAsserted(() -> assertThat(ma.get("/api/alarms/" + press.id()).body()
                    .path("ringingForMe").asBoolean()).as("it rings grid 3's worker").isTrue());
            JsonNode toZhou = zhou.get("/api/alarms/" + press.id()).body();
            assertThat(toZhou.path("ringingForMe").asBoolean()).as("not grid 4's").isFalse();
            assertThat(toZhou.path("ringingEveryone").asBoolean()).isFalse();

            TestConsole.Answer taken = zhou.post("/api/alarms/" + press.id() + "/acknowledge", null);
            assertThat(taken.status()).isEqualTo(200);
            assertThat(device.receipt(WAIT, AlarmState.ACKNOWLEDGED).by()).isEqualTo("Zhou Qing");
            assertThat(ma.post("/api/alarms/" + press.id() + "/acknowledge", null).status()).isEqualTo(409);
        }
    }

    @Test
    void theBoardComesInPagesWithTheTotal() throws Exception {
        press();
        press();
        press();

        TestConsole.Answer first = wang.get("/api/alarms?limit=2");
        TestConsole.Answer rest = wang.get("/api/alarms?limit=2&offset=2");

        assertThat(first.body().path("total").asInt()).isEqualTo(3);
        assertThat(first.body().path("items")).hasSize(2);
        assertThat(rest.body().path("items")).hasSize(1);
        assertThat(wang.get("/api/alarms?state=all").body().path("total").asInt()).isEqualTo(3);
    }

    @Test
    void aCallThatIsNotThereIsNotFound() throws Exception {
        assertThat(wang.post("/api/alarms/01JDB6Y8Q3K5W9Z2N4P6R8T0VX/acknowledge", null).status()).isEqualTo(404);
    }

    private AlarmReport press() throws Exception {
        AlarmReport press = device.newAlarm();
        device.send(press);
        Receipt received;
        do {
            received = device.next(Receipt.class, WAIT);
        } while (received != null && !received.alarmId().equals(press.id()));
        assertThat(received).isNotNull();
        return press;
    }
}
