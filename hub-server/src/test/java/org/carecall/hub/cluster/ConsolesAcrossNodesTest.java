package org.carecall.hub.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.staff.Staff;
import org.carecall.hub.store.StoreSettings;
import org.carecall.hub.support.Closing;
import org.carecall.hub.support.TestCommunity;
import org.carecall.hub.support.TestConsole;
import org.carecall.hub.support.TestDevice;
import org.carecall.hub.support.TestHub;
import org.carecall.hub.support.TestLiveConsole;
import org.carecall.protocol.AlarmKind;
import org.carecall.protocol.AlarmState;
import org.carecall.protocol.MessageIds;
import org.carecall.protocol.CommandName;
import org.carecall.protocol.message.AlarmReport;
import org.carecall.protocol.message.Command;
import org.carecall.protocol.message.Receipt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two hub nodes on one PostgreSQL database: the resident's unit is connected to node A, the duty worker's
 * phone to node B. Her press rings his phone; his phone showing it makes the call NOTIFIED at her bedside;
 * his tap on B reaches her unit on A as ACKNOWLEDGED; the admin's console on A follows it all; and when
 * her unit logs in on B, A closes its older connection; a command asked on A then reaches it on B, and
 * when it comes back to A, B closes its own: each login's epoch, not a clock, says which is newer.
 */
class ConsolesAcrossNodesTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private TestHub nodeA;
    private TestHub nodeB;
    private TestDevice unitOnA;
    private TestDevice unitOnB;
    private TestHub nodeC;
    private TestLiveConsole wangOnB;
    private TestLiveConsole adminOnA;

    @AfterEach
    void stop() throws Exception {
        Closing.all(wangOnB, adminOnA, unitOnA, unitOnB, nodeA, nodeB, nodeC);
    }

    @Test
    void aPressOnNodeARingsAPhoneOnNodeBAndItsTapReachesTheUnit() throws Exception {
        StoreSettings shared = TestHub.sharedStore();
        nodeA = TestHub.node(shared, config -> { });
        TestCommunity community = TestCommunity.create(nodeA.hub());
        Staff wang = community.onDuty("wang", "Wang Li");
        DeviceRegistry.Enrolled unit = community.unit();
        nodeB = TestHub.node(shared, config -> { });

        String wangsToken = TestConsole.login(nodeB.hub().httpPort(), "wang", "wang-password-1").token();
        wangOnB = new TestLiveConsole(nodeB.hub().httpPort()).confirmingWhatRings();
        wangOnB.auth(wangsToken);
        assertThat(wangOnB.next("ready", WAIT)).isNotNull();
        adminOnA = new TestLiveConsole(nodeA.hub().httpPort());
        String adminsToken = TestConsole.login(nodeA.hub().httpPort(), "admin", TestHub.ADMIN_PASSWORD).token();
        adminOnA.auth(adminsToken);
        assertThat(adminOnA.next("ready", WAIT)).isNotNull();
        // Node A rings only consoles it knows are open: it learns of B's from B's row among the nodes.
        await().atMost(WAIT).until(() -> consolesOn(nodeA, nodeB) == 1);
        assertThat(TestConsole.anonymous(nodeA.hub().httpPort()).get("/healthz").body().path("nodes")
                .findValuesAsText("schemaVersion")).as("what each node's code knows, for upgrades").containsOnly("24");

        unitOnA = TestDevice.connect(nodeA.mqttUri(), unit.deviceId(), unit.secret());
        AlarmReport press = new AlarmReport(MessageIds.next(), AlarmKind.CALL_BUTTON, "call-button",
                java.time.Instant.now(), 1, 1, false, null);
        unitOnA.send(press);
        assertThat(unitOnA.receipt(WAIT, AlarmState.RECEIVED).alarmId()).isEqualTo(press.id());

        JsonNode ringing = wangOnB.next(message -> message.path("alarm").path("id").asText().equals(press.id())
                && message.path("alarm").path("ringingForMe").asBoolean(), WAIT);
        assertThat(ringing).as("Wang's phone on node B rings for the call raised on node A").isNotNull();
        Receipt notified = unitOnA.receipt(WAIT, AlarmState.NOTIFIED);
        assertThat(notified.alarmId()).as("B's phone showed it: the unit on A hears somebody knows").isEqualTo(press.id());

        TestConsole.Answer taken = TestConsole.withToken(nodeB.hub().httpPort(), wangsToken)
                .post("/api/alarms/" + press.id() + "/acknowledge", null);
        assertThat(taken.status()).isEqualTo(200);
        Receipt coming = unitOnA.receipt(WAIT, AlarmState.ACKNOWLEDGED);
        assertThat(coming.by()).as("the tap on B reaches the unit on A, with who is coming").isEqualTo("Wang Li");
        JsonNode seenOnA = adminOnA.next(message -> message.path("alarm").path("id").asText().equals(press.id())
                && message.path("alarm").path("state").asText().equals("ACKNOWLEDGED"), WAIT);
        assertThat(seenOnA).as("the admin's console on A follows the call taken on B").isNotNull();
        assertThat(seenOnA.path("alarm").path("ringingEveryone").asBoolean()).isFalse();
        assertThat(nodeA.hub().calls().escalation().ringing().ringsFor(press.id(), wang.id()))
                .as("A stopped ringing the call taken on B").isFalse();
        assertThat(nodeA.hub().calls().alarms().countById(press.id())).isEqualTo(1);

        unitOnB = TestDevice.connect(nodeB.mqttUri(), unit.deviceId(), unit.secret());
        await().atMost(WAIT).until(() -> !unitOnA.connected());
        await().atMost(WAIT).until(() -> nodeA.hub().units().sessions().count() == 0);
        assertThat(nodeB.hub().units().sessions().count()).isEqualTo(1);
        assertThat(nodeA.hub().units().presence().status(unit.deviceId()).orElseThrow().online())
                .as("the unit moved to B: A does not count it as gone offline").isTrue();

        // Its second login anywhere, held by B: A addresses what it has for the unit to that login.
        await().atMost(WAIT).until(() -> heldBy(nodeA, unit.deviceId(), nodeB, 2));
        TestConsole.Answer locate = TestConsole.withToken(nodeA.hub().httpPort(), adminsToken)
                .post("/api/devices/" + unit.deviceId() + "/commands", "{\"cmd\":\"LOCATE\"}");
        assertThat(locate.status()).isEqualTo(202);
        assertThat(unitOnB.next(Command.class, WAIT).cmd()).as("a command asked on A reaches the unit on B")
                .isEqualTo(CommandName.LOCATE);

        // Back on A: the third login is newer than B's, whichever machine's clock says what.
        TestDevice backOnA = TestDevice.connect(nodeA.mqttUri(), unit.deviceId(), unit.secret());
        unitOnA = backOnA;
        await().atMost(WAIT).until(() -> !unitOnB.connected());
        await().atMost(WAIT).until(() -> heldBy(nodeB, unit.deviceId(), nodeA, 3));
        assertThat(backOnA.connected()).as("A's newer login is kept").isTrue();
        assertThat(nodeA.hub().units().sessions().count()).isEqualTo(1);
        assertThat(nodeB.hub().units().sessions().count()).isZero();
    }

    /** Whether {@code seen} has heard that {@code holding} holds the unit's login of that epoch. */
    private static boolean heldBy(TestHub seen, String deviceId, TestHub holding, long epoch) {
        return seen.hub().cluster().units().holder(deviceId)
                .filter(holder -> holder.node().equals(holding.hub().config().node()) && holder.epoch() == epoch)
                .isPresent();
    }

    @Test
    void aConsoleOfAStoppedNodeGoesOnWithItsSessionOnAnotherAndStaffAndUnitsMadeOnOneLogInOnAny() throws Exception {
        StoreSettings shared = TestHub.sharedStore();
        nodeA = TestHub.node(shared, config -> { });
        TestCommunity community = TestCommunity.create(nodeA.hub());
        nodeB = TestHub.node(shared, config -> { });
        // Made on A after B started: B hears of it and reads its copy of the staff again.
        TestConsole.Answer made = TestConsole.login(nodeA.hub().httpPort(), "admin", TestHub.ADMIN_PASSWORD)
                .post("/api/staff", "{\"username\":\"lina\",\"displayName\":\"Li Na\",\"role\":\"DUTY\","
                        + "\"siteId\":\"" + community.site().id() + "\",\"password\":\"lina-password-1\"}");
        assertThat(made.status()).as(made.body().toString()).isIn(200, 201);
        await().atMost(WAIT).until(() -> nodeB.hub().people().staff().byUsername("lina").isPresent());
        assertThat(TestConsole.login(nodeB.hub().httpPort(), "lina", "lina-password-1").token()).isNotBlank();
        // A unit enrolled on A without a word to B (as by an enrolment code or the offline tool): B looks it
        // up after the first refusal and lets it in at a later attempt, as a unit's backoff makes.
        DeviceRegistry.Enrolled quiet = nodeA.enrol("unit-enrolled-on-a");
        assertThat(nodeB.hub().units().devices().find(quiet.deviceId())).isEmpty();
        unitOnB = await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() ->
                TestDevice.connect(nodeB.mqttUri(), quiet.deviceId(), quiet.secret()), TestDevice::connected);
        unitOnB.close();
        unitOnB = null;

        Staff wang = community.onDuty("wang", "Wang Li");
        unitOnA = TestDevice.connect(nodeA.mqttUri(), community.unit().deviceId(), community.unit().secret());
        AlarmReport press = new AlarmReport(MessageIds.next(), AlarmKind.CALL_BUTTON, "call-button",
                java.time.Instant.now(), 1, 1, false, null);
        unitOnA.send(press);
        assertThat(unitOnA.receipt(WAIT, AlarmState.RECEIVED).alarmId()).isEqualTo(press.id());
        await().atMost(WAIT).until(() -> nodeA.hub().calls().escalation().ringing().ringsFor(press.id(), wang.id()));
        // A node started after A rang Wang heard none of it: it reads who rings from the stored rows.
        nodeC = TestHub.node(shared, config -> { });
        await().atMost(WAIT).until(() -> nodeC.hub().calls().escalation().ringing().ringsFor(press.id(), wang.id()));
        String adminsToken = TestConsole.login(nodeA.hub().httpPort(), "admin", TestHub.ADMIN_PASSWORD).token();
        nodeA.close();
        nodeA = null;

        adminOnA = new TestLiveConsole(nodeB.hub().httpPort()); // the same phone, now on B
        adminOnA.auth(adminsToken);
        JsonNode ready = adminOnA.next("ready", WAIT);
        assertThat(ready).as("node B takes the session node A gave").isNotNull();
        assertThat(ready.path("alarms").findValuesAsText("id")).as("the whole board, on B").contains(press.id());
    }

    /** How many consoles node {@code of} says are open on node {@code on}, from its health page. */
    private static int consolesOn(TestHub of, TestHub on) throws Exception {
        JsonNode health = TestConsole.anonymous(of.hub().httpPort()).get("/healthz").body();
        String id = TestConsole.anonymous(on.hub().httpPort()).get("/healthz").body().path("node").asText();
        for (JsonNode node : health.path("nodes")) {
            if (node.path("id").asText().equals(id) && node.path("alive").asBoolean()) {
                return node.path("consoles").asInt();
            }
        }
        return -1;
    }

}
