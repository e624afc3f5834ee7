package org.carecall.agent.provision;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.carecall.agent.config.AgentConfig;
import org.carecall.agent.gpio.Board;
import org.carecall.agent.provision.UnitStatus.Check;
import org.carecall.agent.support.TestAgents;
import org.carecall.hub.device.DeviceRegistry;
import org.junit.jupiter.api.Test;

/**
 * The self-test at the unit on mock pins, with a technician who works each input when prompted, except
 * the door; the tamper switch is stuck closed from the start.
 */
class SelfTestTest {
    private static final Pattern PROMPT = Pattern.compile("^now .* \\[([a-z-]+)\\] .*");

    @Test
    void everyInputIsPromptedAndSeenAStuckOneAndAnUnworkedOneFail() throws Exception {
        AgentConfig config = TestAgents.config(new DeviceRegistry.Enrolled("bed-0001", "secret"), TestAgents.freePort());
        List<String> prompts = new CopyOnWriteArrayList<>();
        try (Board board = Board.open(config)) {
            board.simulate("tamper", true);
            SelfTest test = new SelfTest(board, line -> {
                prompts.add(line);
                Matcher asked = PROMPT.matcher(line);
                if (asked.matches() && !asked.group(1).equals("door")) {
                    board.simulate(asked.group(1), true); // the technician presses, pulls, waves...
                }
            }, Duration.ofMillis(20), Duration.ofMillis(400));

            Map<String, Check> checks = test.checkPins(config).stream()
                    .collect(Collectors.toMap(Check::name, Function.identity()));

            assertThat(checks).containsOnlyKeys("call-button", "pull-cord", "cancel-button", "check-in-key",
                    "service-key", "motion", "door", "smoke", "power-fail", "tamper", "red-led", "amber-led", "green-led",
                    "buzzer");
            assertThat(checks.get("check-in-key").ok()).isTrue();
            assertThat(checks.get("service-key").ok()).isTrue();
            assertThat(checks.get("green-led").ok()).isTrue();
            assertThat(checks.get("call-button").ok()).isTrue();
            assertThat(checks.get("call-button").detail()).contains("seen after");
            assertThat(checks.get("smoke").ok()).isTrue();
            assertThat(checks.get("door").ok()).isFalse();
            assertThat(checks.get("door").detail()).contains("not seen within");
            assertThat(checks.get("tamper").ok()).isFalse();
            assertThat(checks.get("tamper").detail()).startsWith("ACTIVE AT REST");
            assertThat(prompts).contains("now press the call button [call-button] (within 0 s)")
                    .noneMatch(line -> line.contains("[tamper]"));
            assertThat(prompts.getFirst()).startsWith("look and listen: red-led");
        }
        // Closing the board switched every output off again.
    }

    @Test
    void withoutWaitingTheInputsAreReadAndTheStatusChecksComeFirst() throws Exception {
        AgentConfig config = TestAgents.config(new DeviceRegistry.Enrolled("bed-0001", "secret"), TestAgents.freePort());

        List<Check> checks = SelfTest.run(config, line -> { }, Duration.ZERO);

        assertThat(checks).extracting(Check::name).startsWith("configuration", "hub", "outbox")
                .contains("buzzer", "call-button");
        assertThat(checks).filteredOn(check -> check.name().equals("hub")).singleElement()
                .satisfies(hub -> assertThat(hub.ok()).as("nothing listens on the hub's port").isFalse());
        assertThat(checks).filteredOn(check -> check.name().equals("call-button")).singleElement()
                .satisfies(button -> assertThat(button.detail()).isEqualTo("idle at rest"));
    }
}
