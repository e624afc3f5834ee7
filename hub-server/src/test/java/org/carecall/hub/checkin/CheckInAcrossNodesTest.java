package org.carecall.hub.checkin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.carecall.hub.store.StoreSettings;
import org.carecall.hub.support.Closing;
import org.carecall.hub.support.MutableClock;
import org.carecall.hub.support.TestCommunity;
import org.carecall.hub.support.TestConsole;
import org.carecall.hub.support.TestDevice;
import org.carecall.hub.support.TestHub;
import org.carecall.protocol.AlarmKind;
import org.carecall.protocol.CommandName;
import org.carecall.protocol.message.Command;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two whole hub nodes on one PostgreSQL database and one test clock: Zhang Min's unit is connected to node
 * A, her grid worker's console to node B. Both sweep the check-in ladder every 10 s from 09:55 to 13:05,
 * by hand and in turns (A first, then B first), while their own sweep threads run too. Her unit hears one
 * reminder at 10:00 and one at 10:10, two SPEAK commands are stored, B's Today lists her once from 10:15,
 * one CHECK_IN_MISSED call is raised at 12:00 and the family step is recorded once at 13:00.
 */
class CheckInAcrossNodesTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final LocalDate DAY = LocalDate.of(2026, 12, 7);
    private final MutableClock clock = new MutableClock(at("08:00"));

    private TestHub nodeA;
    private TestHub nodeB;
    private TestDevice unitOnA;

    private static Instant at(String time) {
        return LocalDateTime.parse(DAY + "T" + time).atZone(SHANGHAI).toInstant();
    }

    @AfterEach
    void stop() throws Exception {
        Closing.all(unitOnA, nodeA, nodeB);
    }

    /** A node on the shared database with the test clock; a unit connected throughout is never silent. */
    private TestHub node(StoreSettings shared) throws Exception {
        return TestHub.start(Files.createTempDirectory("carecall-check-in-node-"), clock, config -> {
            config.store.url = shared.url();
            config.store.user = shared.user();
            config.store.password = shared.password();
            config.supervision.offlineAfterS = 6 * 3600;
        });
    }

    @Test
    void bothNodesSweepingFrom0955To1305RemindOncePerStepRingOnceAndListHerOnce() throws Exception {
        StoreSettings shared = TestHub.sharedStore();
        nodeA = node(shared);
        TestCommunity xincheng = TestCommunity.create(nodeA.hub());
        xincheng.onDuty("wang", "Wang Li");
        nodeB = node(shared);
        String zhang = xincheng.zhang().id();
        String deviceId = xincheng.unit().deviceId();
        unitOnA = TestDevice.connect(nodeA.mqttUri(), deviceId, xincheng.unit().secret());
        TestConsole wangOnB = TestConsole.login(nodeB.hub().httpPort(), "wang", "wang-password-1");
        assertThat(wangOnB.put("/api/residents/" + zhang + "/check-in", "{\"enabled\":true,\"deadline\":\"10:00\"}")
                .status()).isEqualTo(200);

        clock.advance(Duration.between(clock.instant(), at("09:55")));
        boolean aFirst = true;
        while (clock.instant().isBefore(at("13:05:01"))) {
            if (clock.instant().equals(at("10:14:50"))) {
                assertThat(listedOn(wangOnB, zhang)).as("not on Today before 10:15").isZero();
            }
            sweepBoth(aFirst);
            aFirst = !aFirst;
            if (clock.instant().equals(at("10:15"))) {
                assertThat(listedOn(wangOnB, zhang)).as("on Today at 10:15, once").isEqualTo(1);
                assertThat(checkInCalls(nodeB, deviceId)).as("listed, not rung").isZero();
            }
            if (clock.instant().equals(at("11:59:50"))) {
                assertThat(checkInCalls(nodeA, deviceId)).isZero();
            }
            tick();
        }

        List<Command> heard = new ArrayList<>();
        for (Command command = unitOnA.next(Command.class, WAIT); command != null;
             command = unitOnA.next(Command.class, Duration.ofSeconds(2))) {
            heard.add(command);
        }
        assertThat(heard).filteredOn(command -> command.cmd() == CommandName.SPEAK)
                .as("the unit on A heard one reminder per step, whichever node took it").hasSize(2)
                .allSatisfy(command -> assertThat(command.args()).containsEntry("prompt", "checkin-remind"));
        assertThat(nodeB.hub().units().commands().recent(deviceId, 100)).filteredOn(sent -> sent.cmd() == CommandName.SPEAK)
                .as("two reminder commands stored").hasSize(2);
        assertThat(checkInCalls(nodeA, deviceId)).as("one call in the district").isEqualTo(1);
        assertThat(checkInCalls(nodeB, deviceId)).isEqualTo(1);
        assertThat(listedOn(wangOnB, zhang)).as("one Today listing, on the console's node").isEqualTo(1);
        CheckIns store = nodeB.hub().care().checkIns().store();
        assertThat(store.steps(zhang, DAY)).containsEntry("REMIND:0", "SENT").containsEntry("REMIND:1", "SENT")
                .containsEntry("LIST", "DONE").containsEntry("RING", "RAISED").containsEntry("FAMILY", "DONE")
                .hasSize(5);
        assertThat(store.day(zhang, DAY).orElseThrow().familyDueAt()).isEqualTo(at("13:00"));
    }

    /**
     * Ten seconds of the test clock in two beats of the nodes' rows (each within the 10 s that counts a
     * node alive), so that neither node takes the other for lost while the clock runs hours ahead.
     */
    private void tick() {
        for (int half = 0; half < 2; half++) {
            clock.advance(Duration.ofSeconds(5));
            nodeA.hub().cluster().nodes().beat();
            nodeB.hub().cluster().nodes().beat();
        }
    }

    private void sweepBoth(boolean aFirst) throws Exception {
        TestHub first = aFirst ? nodeA : nodeB;
        TestHub second = aFirst ? nodeB : nodeA;
        first.hub().care().checkIns().sweep().sweep();
        second.hub().care().checkIns().sweep().sweep();
    }

    private static long listedOn(TestConsole console, String residentId) throws Exception {
        List<JsonNode> found = new ArrayList<>();
        console.get("/api/today").body().path("checkIns").forEach(item -> {
            if (item.path("residentId").asText().equals(residentId)) {
                found.add(item);
            }
        });
        return found.size();
    }

    private static long checkInCalls(TestHub node, String deviceId) throws Exception {
        return node.hub().calls().alarms().openAlarmsOf(deviceId).stream()
                .filter(alarm -> alarm.kind() == AlarmKind.CHECK_IN_MISSED).count();
    }
}
