package org.carecall.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.carecall.agent.config.AgentConfig;
import org.carecall.agent.feedback.Voice;
import org.carecall.agent.support.TestAgents;
import org.carecall.hub.alarm.Alarm;
import org.carecall.hub.community.Area;
import org.carecall.hub.community.Resident;
import org.carecall.hub.community.Site;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.staff.Role;
import org.carecall.hub.staff.Staff;
import org.carecall.hub.support.TestHub;
import org.carecall.hub.workorders.WorkOrder;
import org.carecall.hub.workorders.WorkOrders;
import org.carecall.protocol.message.DeviceConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The resident hears every state of her call: the agent on mock pins against the real hub, its clips
 * played by a real player program (a script that notes which file it was given), in the unit's language.
 */
class AgentVoiceTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private TestHub hub;
    private Agent agent;
    private DeviceRegistry.Enrolled unit;
    private Path played;
    private Path player;

    @BeforeEach
    void start() throws Exception {
        hub = TestHub.start(TestAgents::outsideChannel);
        unit = hub.enrol("bed-0001");
        Path clips = Files.createTempDirectory("carecall-clips-");
        for (String language : List.of("zh-CN", "en")) {
            Files.createDirectories(clips.resolve(language));
            for (Voice.Clip clip : Voice.Clip.values()) {
                Files.writeString(clips.resolve(language).resolve(clip.file + ".wav"), "RIFF");
            }
        }
        played = clips.resolve("played.txt");
        player = clips.resolve("player.sh");
        Files.writeString(player, "#!/bin/sh\necho \"$1\" >> " + played + "\n");
        Files.setPosixFilePermissions(player, PosixFilePermissions.fromString("rwxr-xr-x"));
        AgentConfig config = TestAgents.config(unit, hub.hub().mqttPort());
        config.feedback.player = player.toString();
        config.feedback.clipsDir = clips.toString();
        config.feedback.speechEngine = "";
        agent = Agent.start(config, Clock.systemUTC());
        await().atMost(WAIT).until(() -> agent.link().connected());
    }

    @AfterEach
    void stop() throws Exception {
        agent.close();
        hub.close();
    }

    @Test
    void eachStateOfTheCallPlaysItsPromptAndASecondPressSaysWhereTheCallStands() throws Exception {
        TestAgents.tap(agent, "call-button");
        await().atMost(WAIT).until(() -> heard().contains("zh-CN/received.wav"));
        // "Calling" starts at the press; RECEIVED may come within milliseconds and cut it off (a new prompt
        // cuts off the one before), even before the test's player has written down what it was given.
        assertThat(agent.voice().spoken()).extracting(Voice.Spoken::clip)
                .startsWith(Voice.Clip.CALLING, Voice.Clip.RECEIVED);

        Thread.sleep(agent.config().timing.minPressGapMs + 20L);
        TestAgents.tap(agent, "call-button"); // she presses again: the unit repeats that help was called
        await().atMost(WAIT).until(() -> heard().stream().filter("zh-CN/received.wav"::equals).count() == 2);

        Alarm call = hub.hub().calls().alarms().openAlarmsOf(unit.deviceId()).getFirst();
        Staff wang = hub.hub().people().staff().create("wang", "Wang Li", Role.DUTY, null, null, "wang-password-1").join();
        hub.hub().calls().lifecycle().acknowledge(call.id(), wang, "test console");
        await().atMost(WAIT).until(() -> heard().contains("zh-CN/help-coming.wav"));
        assertThat(agent.voice().spoken().getLast().name()).as("who is coming").isEqualTo("Wang Li");
        hub.hub().calls().lifecycle().arrive(call.id(), wang, "test console");
        await().atMost(WAIT).until(() -> heard().contains("zh-CN/staff-arrived.wav"));
        hub.hub().calls().lifecycle().resolve(call.id(), wang, "test console", "HELPED", "all well");
        await().atMost(WAIT).until(() -> heard().contains("zh-CN/call-closed.wav"));

        TestAgents.trip(agent, "power-fail");
        await().atMost(WAIT).until(() -> heard().contains("zh-CN/power-back.wav"));
        assertThat(heard()).containsSubsequence("zh-CN/received.wav", "zh-CN/received.wav",
                "zh-CN/help-coming.wav", "zh-CN/staff-arrived.wav", "zh-CN/call-closed.wav", "zh-CN/power-lost.wav",
                "zh-CN/power-back.wav");
    }

    @Test
    void aCancelledCallSaysSoInTheLanguageTheHubSet() throws Exception {
        await().atMost(WAIT).until(() -> agent.settings().version() == 1); // the hub's first config, after hello
        // A technician sets the unit's voice in the console's API: English, at 100 %.
        hub.hub().people().staff().create("zhou", "Zhou Bo", Role.TECHNICIAN, null, null, "zhou-password-1").join();
        var answer = org.carecall.hub.support.TestConsole.login(hub.hub().httpPort(), "zhou", "zhou-password-1")
                .put("/api/devices/" + unit.deviceId() + "/voice", "{\"language\":\"en\",\"volume\":100}");
        assertThat(answer.status()).isEqualTo(200);
        int version = answer.body().path("configVersion").asInt();
        await().atMost(WAIT).until(() -> agent.settings().version() == version);
        TestAgents.tap(agent, "call-button");
        await().atMost(WAIT).until(() -> heard().contains("en/received.wav"));

        agent.board().simulate("cancel-button", true);
        Thread.sleep(agent.config().timing.cancelHoldMs + 200L);
        agent.board().simulate("cancel-button", false);

        await().atMost(WAIT).until(() -> heard().contains("en/cancelled.wav"));
        assertThat(heard()).doesNotContain("en/call-closed.wav");
    }

    @Test
    void aServiceKeysReceivedWaitsUntilTheCallsHelpIsComingHasBeenHeardToItsEnd() throws Exception {
        // The unit placed with a resident: the hub's own service key turns on and makes real work orders.
        Site site = hub.hub().people().community().addSite("Xincheng", ZoneId.of("Asia/Shanghai"));
        Area grid = hub.hub().people().community().addArea(site.id(), "Grid 3");
        Resident zhang = hub.hub().people().community().saveResident(new Resident(null, grid.id(), "Zhang Min",
                "3 Hongqi Lane", "2-101", null, "zh-CN", null, List.of(), Resident.RiskLevel.HIGH));
        hub.hub().units().devices().place(unit.deviceId(), "bedroom", zhang.id()).join();
        await().atMost(WAIT).until(() -> agent.settings().serviceKeyEnabled());
        TestAgents.tap(agent, "call-button");
        await().atMost(WAIT).until(() -> heard().contains("zh-CN/received.wav"));
        // From now on each prompt takes a second to say, and the player notes when it starts and ends.
        Path log = played.resolveSibling("slow.txt");
        Files.writeString(player, "#!/bin/sh\necho \"start $(basename $1)\" >> " + log + "\nsleep 1\necho \"end $(basename $1)\" >> "
                + log + "\n");

        Alarm call = hub.hub().calls().alarms().openAlarmsOf(unit.deviceId()).getFirst();
        Staff wang = hub.hub().people().staff().create("wang", "Wang Li", Role.DUTY, null, null, "wang-password-1").join();
        hub.hub().calls().lifecycle().acknowledge(call.id(), wang, "test console");
        await().atMost(WAIT).until(() -> Files.exists(log) && Files.readAllLines(log).contains("start help-coming.wav"));
        TestAgents.tap(agent, "service-key"); // while "help is coming" is being said

        await().atMost(WAIT).until(() -> Files.readAllLines(log).contains("end service-received.wav"));
        assertThat(Files.readAllLines(log)).containsExactly("start help-coming.wav", "end help-coming.wav",
                "start service-received.wav", "end service-received.wav");
        assertThat(hub.hub().care().workOrders().list(new WorkOrders.Filter(List.of(grid.id()), null, zhang.id(), null,
                false))).singleElement().satisfies(listed -> assertThat(listed.order().source()).isEqualTo(WorkOrder.KEY));
    }

    /** The files the player was given, as language/clip. */
    private List<String> heard() throws Exception {
        if (!Files.exists(played)) {
            return List.of();
        }
        return Files.readAllLines(played).stream().map(Path::of)
                .map(file -> file.getParent().getFileName() + "/" + file.getFileName()).toList();
    }
}
