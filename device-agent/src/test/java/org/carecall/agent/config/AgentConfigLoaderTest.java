package org.carecall.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentConfigLoaderTest {
    private static final Map<String, String> ID = Map.of("CARECALL_DEVICE_ID", "bed-0001", "CARECALL_DEVICE_SECRET", "s3cret");

    @Test
    void theEnvironmentNamesTheHubAndTheDevice() throws Exception {
        AgentConfig config = AgentConfigLoader.load(null, Map.of("CARECALL_DEVICE_ID", "bed-0001",
                "CARECALL_DEVICE_SECRET", "s3cret", "CARECALL_HUB", "hub.local", "CARECALL_DATA_DIR", "/tmp/a",
                "CARECALL_HUB_ALLOW_PLAIN", "true"), false);

        assertThat(config.hub.uri).isEqualTo("tcp://hub.local:1883");
        assertThat(config.dataDir).isEqualTo("/tmp/a");
        assertThat(config.gpio.provider).isEqualTo("gpiod");
    }

    @Test
    void aDistrictsHubNodesAreGivenInOneVariableOrAsAListInTheFile() throws Exception {
        Map<String, String> env = new java.util.HashMap<>(ID);
        env.put("CARECALL_HUB", "hub-a.local, hub-b.local:1884,ssl://hub-c.local:8883");
        env.put("CARECALL_HUB_ALLOW_PLAIN", "true");
        assertThat(AgentConfigLoader.load(null, env, false).hubs())
                .containsExactly("tcp://hub-a.local:1883", "tcp://hub-b.local:1884", "ssl://hub-c.local:8883");

        Path file = Files.createTempFile("agent", ".yaml");
        Files.writeString(file, """
                hub:
                  uris: [hub-a.local, "tcp://hub-b.local:1883"]
                """);
        Map<String, String> plainAllowed = new java.util.HashMap<>(ID);
        plainAllowed.put("CARECALL_HUB_ALLOW_PLAIN", "true");
        assertThat(AgentConfigLoader.load(file, plainAllowed, false).hubs())
                .containsExactly("tcp://hub-a.local:1883", "tcp://hub-b.local:1883");
        assertThat(AgentConfigLoader.load(null, ID, false).hubs()).containsExactly("tcp://127.0.0.1:1883");
    }

    @Test
    void aHubListWithABadOrRepeatedEntryIsRefused() throws Exception {
        Path file = Files.createTempFile("agent", ".yaml");
        Files.writeString(file, """
                hub:
                  uris: ["http://hub-a.local/", hub-b.local, "tcp://hub-b.local:1883"]
                """);

        assertThatThrownBy(() -> AgentConfigLoader.load(file, ID, false))
                .hasMessageContaining("hub.uris: each entry must be a hub such as tcp://hub-a.local:1883; got 'http://hub-a.local/'")
                .hasMessageContaining("hub.uris names the same hub twice");
    }

    @Test
    void plainMqttToAHubOnAnotherMachineIsRefusedUnlessAllowedInSoManyWords() throws Exception {
        Map<String, String> env = new java.util.HashMap<>(ID);
        env.put("CARECALL_HUB", "tcp://192.168.1.10:1883");
        assertThatThrownBy(() -> AgentConfigLoader.load(null, env, false))
                .hasMessageContaining("hub tcp://192.168.1.10:1883 is plain MQTT to another machine")
                .hasMessageContaining("CARECALL_HUB_ALLOW_PLAIN=true");

        Path file = Files.createTempFile("agent", ".yaml");
        Files.writeString(file, "hub:\n  uri: tcp://hub.local:1883\n  allowPlain: true\n");
        assertThat(AgentConfigLoader.load(file, ID, false).hubs()).containsExactly("tcp://hub.local:1883");
        env.put("CARECALL_HUB", "tcp://localhost:1883");
        assertThat(AgentConfigLoader.load(null, env, false).hubs()).containsExactly("tcp://localhost:1883");
        env.put("CARECALL_HUB", "ssl://192.168.1.10:8883");
        assertThat(AgentConfigLoader.load(null, env, false).hubs()).containsExactly("ssl://192.168.1.10:8883");
    }

    @Test
    void simulateSwitchesToMockPins() throws Exception {
        assertThat(AgentConfigLoader.load(null, ID, true).gpio.provider).isEqualTo("mock");
    }

    @Test
    void aBrokenConfigurationIsRefusedWithEveryProblemListed() throws Exception {
        Path file = Files.createTempFile("agent", ".yaml");
        Files.writeString(file, """
                device:
                  id: Bed 1
                inputs:
                  callButton:
                    bcm: 40
                  pullCord:
                    bcm: 20
                """);

        assertThatThrownBy(() -> AgentConfigLoader.load(file, Map.of(), false))
                .isInstanceOf(AgentConfigLoader.Refused.class)
                .hasMessageContaining("device.id must be set")
                .hasMessageContaining("device.secret must be set")
                .hasMessageContaining("call-button: BCM pin 40 is not a GPIO pin")
                .hasMessageContaining("BCM pin 20 is already used");
    }

    @Test
    void aMisspelledSettingIsNamed() throws Exception {
        Path file = Files.createTempFile("agent", ".yaml");
        Files.writeString(file, "inputs:\n  callButon:\n    bcm: 17\n");

        assertThatThrownBy(() -> AgentConfigLoader.load(file, ID, false)).hasMessageContaining("inputs.callButon");
    }

    @Test
    void aUnitWithoutAnyCallInputIsRefused() throws Exception {
        Path file = Files.createTempFile("agent", ".yaml");
        Files.writeString(file, "inputs:\n  callButton: null\n  pullCord: null\n");

        assertThatThrownBy(() -> AgentConfigLoader.load(file, ID, false))
                .hasMessageContaining("neither a call button nor a pull cord");
    }

    /** Found by fuzzing: "inputs:" with nothing under it used to stop the agent with a NullPointerException. */
    @Test
    void aSectionLeftEmptyIsRefusedInWords() throws Exception {
        Path file = Files.createTempFile("agent", ".yaml");
        Files.writeString(file, "inputs:\ntiming:\n");

        assertThatThrownBy(() -> AgentConfigLoader.load(file, ID, false))
                .isInstanceOf(AgentConfigLoader.Refused.class)
                .hasMessageContaining("'inputs:' is there but empty").hasMessageContaining("'timing:' is there but empty");
    }

    @Test
    void anEmptySectionTheEnvironmentOrSimulateWouldFillIsRefusedInWordsToo() throws Exception {
        // Found by the configuration fuzzer: "gpio:" with --simulate stopped the loader with a NullPointerException.
        Path file = Files.createTempFile("agent", ".yaml");
        Files.writeString(file, "gpio:\nhub:\ndevice:\n");

        assertThatThrownBy(() -> AgentConfigLoader.load(file, java.util.Map.of("CARECALL_HUB", "tcp://h:1883",
                "CARECALL_DEVICE_ID", "bed-0001", "CARECALL_DEVICE_SECRET", "s"), true))
                .isInstanceOf(AgentConfigLoader.Refused.class)
                .hasMessageContaining("'gpio:' is there but empty").hasMessageContaining("'hub:' is there but empty")
                .hasMessageContaining("'device:' is there but empty");
    }
}
