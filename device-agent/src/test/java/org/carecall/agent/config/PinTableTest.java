package org.carecall.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pin table technicians wire by and the agent's default configuration must be the same. */
class PinTableTest {
    private static final Path TABLE = Path.of("../hardware-docs/pins.md");

    @Test
    void everyRowOfThePinTableMatchesTheDefaultConfiguration() throws Exception {
        Map<String, List<String>> rows = rows();
        AgentConfig defaults = new AgentConfig();
        Map<String, InputPin> inputs = Map.of(
                "callButton", defaults.inputs.callButton, "pullCord", defaults.inputs.pullCord,
                "cancelButton", defaults.inputs.cancelButton, "motion", defaults.inputs.motion,
                "door", defaults.inputs.door, "smoke", defaults.inputs.smoke,
                "powerFail", defaults.inputs.powerFail, "tamper", defaults.inputs.tamper,
                "checkInKey", defaults.inputs.checkInKey, "serviceKey", defaults.inputs.serviceKey);
        Map<String, OutputPin> outputs = Map.of(
                "redLed", defaults.outputs.redLed, "amberLed", defaults.outputs.amberLed,
                "greenLed", defaults.outputs.greenLed, "buzzer", defaults.outputs.buzzer);

        assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(
                java.util.stream.Stream.concat(inputs.keySet().stream(), outputs.keySet().stream()).toList());
        inputs.forEach((name, pin) -> {
            List<String> row = rows.get(name);
            assertThat(row.get(2)).as(name + " BCM").isEqualTo(String.valueOf(pin.bcm));
            assertThat(row.get(4)).as(name + " direction").isEqualTo("input");
            assertThat(row.get(5)).as(name + " pull").isEqualTo(pin.pull.name().toLowerCase());
            assertThat(row.get(6)).as(name + " active level").isEqualTo(pin.activeLow ? "low" : "high");
            assertThat(row.get(7)).as(name + " debounce").isEqualTo(String.valueOf(pin.debounceMs));
        });
        outputs.forEach((name, pin) -> {
            List<String> row = rows.get(name);
            assertThat(row.get(2)).as(name + " BCM").isEqualTo(String.valueOf(pin.bcm));
            assertThat(row.get(4)).as(name + " direction").isEqualTo("output");
            assertThat(row.get(6)).as(name + " active level").isEqualTo(pin.activeLow ? "low" : "high");
        });
    }

    @Test
    void theHeaderPinsAreTheOnesTheseBcmNumbersSitOn() throws Exception {
        Map<String, String> headerOfBcm = Map.ofEntries(Map.entry("17", "11"), Map.entry("27", "13"),
                Map.entry("22", "15"), Map.entry("23", "16"), Map.entry("24", "18"), Map.entry("25", "22"),
                Map.entry("5", "29"), Map.entry("6", "31"), Map.entry("16", "36"), Map.entry("20", "38"),
                Map.entry("21", "40"), Map.entry("13", "33"), Map.entry("26", "37"), Map.entry("4", "7"));

        rows().forEach((name, row) -> assertThat(row.get(3)).as(name + " header pin").isEqualTo(headerOfBcm.get(row.get(2))));
    }

    @Test
    void theWiringDrawingNamesEveryPinOfTheTable() throws Exception {
        String drawing = Files.readString(Path.of("../hardware-docs/wiring.svg"));

        rows().forEach((name, row) -> assertThat(drawing).as(name)
                .containsAnyOf("GPIO" + row.get(2) + " · pin " + row.get(3), "pin " + row.get(3) + " · GPIO" + row.get(2)));
    }

    /** Table rows by config name: function, name, BCM, header pin, direction, pull, active level, debounce. */
    private static Map<String, List<String>> rows() throws Exception {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (String line : Files.readAllLines(TABLE)) {
            if (!line.startsWith("|") || line.contains("---") || line.contains("config name")) {
                continue;
            }
            List<String> cells = java.util.Arrays.stream(line.split("\\|")).skip(1).map(String::strip)
                    .map(cell -> cell.replace("`", "")).toList();
            rows.put(cells.get(1), cells);
        }
        return rows;
    }
}
