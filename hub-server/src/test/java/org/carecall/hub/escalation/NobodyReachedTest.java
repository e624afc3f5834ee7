package org.carecall.hub.escalation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.carecall.hub.alarm.AlarmStore;
import org.carecall.hub.support.TestCommunity;
import org.carecall.hub.support.TestDevice;
import org.carecall.hub.support.TestHub;
import org.carecall.hub.support.TestLiveConsole;
import org.carecall.protocol.AlarmState;
import org.carecall.protocol.message.AlarmReport;
import org.carecall.protocol.message.Receipt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A plain hub: a resident and her unit, nobody on duty, no console open, no outside channel. A call that
 * reaches nobody must not claim otherwise: the unit hears RECEIVED and never NOTIFIED, until a console
 * that opens later shows the call (with the "nobody has been reached" system alarm) to a person.
 */
class NobodyReachedTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private TestHub hub;
    private TestCommunity community;
    private TestDevice device;

    @BeforeEach
    void start() throws Exception {
        hub = TestHub.start();
        community = TestCommunity.create(hub.hub());
        device = community.connectUnit();
    }

    @AfterEach
    void stop() throws Exception {
        if (device != null) {
            device.close();
        }
        hub.close();
    }

    @Test
    void aCallThatReachedNobodyStaysReceivedUntilAConsoleThatOpensShowsIt() throws Exception {
        AlarmReport press = device.newAlarm();
        device.send(press);
        // Every step falls through at once: nobody on duty, no console, no outside channel. The call is stored
        // so, and its one RECEIVED tells the unit.
        Receipt received = device.receipt(WAIT, AlarmState.RECEIVED);
        assertThat(received).isNotNull();
        assertThat(received.unreached()).as("the unit hears at once that nobody handles the call").isTrue();

        await().atMost(WAIT).until(() -> hub.hub().calls().escalation().ringing().unreached(press.id()));
        assertThat(device.receipt(Duration.ofSeconds(2), AlarmState.NOTIFIED, AlarmState.RECEIVED))
                .as("no NOTIFIED for a call nobody saw, and no second RECEIVED").isNull();
        assertThat(hub.hub().calls().alarms().find(press.id()).orElseThrow().state()).isEqualTo(AlarmState.RECEIVED);
        assertThat(hub.hub().calls().alarms().find(press.id()).orElseThrow().handling().notifiedAt()).isNull();
        assertThat(hub.hub().calls().alarms().timeline(press.id())).extracting(AlarmStore.TimelineEntry::action)
                .contains("ESCALATION", "UNREACHED").doesNotContain("NOTIFIED");
        assertThat(hub.hub().calls().alarms().timeline(press.id())).filteredOn(row -> row.action().equals("ESCALATION"))
                .allSatisfy(row -> assertThat(row.note()).contains("\"reachedNobody\":"));

        try (TestLiveConsole console = new TestLiveConsole(hub.hub().httpPort())) {
            console.auth(hub.admin().token());
            JsonNode ready = console.next("ready", WAIT);
            JsonNode call = ready.path("alarms").get(0);
            assertThat(call.path("id").asText()).isEqualTo(press.id());
            assertThat(call.path("unreached").asBoolean()).as("shown as a system alarm").isTrue();
            assertThat(call.path("ringingEveryone").asBoolean()).as("rings this console").isTrue();

            console.shown(press.id());

            Receipt notified = device.receipt(WAIT, AlarmState.NOTIFIED);
            assertThat(notified).as("the unit hears NOTIFIED once a person saw the call").isNotNull();
            JsonNode updated = console.next(message -> message.path("alarm").path("state").asText().equals("NOTIFIED"), WAIT);
            assertThat(updated.path("alarm").path("unreached").asBoolean()).as("a system alarm until taken").isTrue();
            assertThat(hub.hub().calls().alarms().timeline(press.id())).filteredOn(row -> row.action().equals("NOTIFIED"))
                    .singleElement().satisfies(row -> assertThat(row.actor()).isEqualTo("staff:admin"));

            hub.admin().post("/api/alarms/" + press.id() + "/acknowledge", null);
            JsonNode taken = console.next(message -> message.path("alarm").path("state").asText().equals("ACKNOWLEDGED"), WAIT);
            assertThat(taken.path("alarm").path("unreached").asBoolean()).isFalse();
        }
    }

    @Test
    void aTechnicalAlarmThatReachedNobodyIsShownEverywhereButRingsOnlyItsOwnChain() throws Exception {
        community.staff("wang", "Wang Li", org.carecall.hub.staff.Role.DUTY);
        AlarmReport tamper = new AlarmReport(org.carecall.protocol.MessageIds.next(), org.carecall.protocol.AlarmKind.TAMPER,
                "tamper", java.time.Instant.now(), 1, 1, false, null);
        device.send(tamper);
        await().atMost(WAIT).until(() -> hub.hub().calls().escalation().ringing().unreached(tamper.id()));

        try (TestLiveConsole duty = new TestLiveConsole(hub.hub().httpPort())) {
            duty.auth(community.console("wang").token());
            JsonNode call = duty.next("ready", WAIT).path("alarms").get(0);
            assertThat(call.path("unreached").asBoolean()).isTrue();
            assertThat(call.path("ringingForMe").asBoolean() || call.path("ringingEveryone").asBoolean())
                    .as("a unit's tamper does not ring the care staff's phones").isFalse();
        }
    }
}
