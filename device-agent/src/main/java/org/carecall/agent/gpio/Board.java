package org.carecall.agent.gpio;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalInputConfigBuilder;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalOutputConfigBuilder;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalInputProvider;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalOutputProvider;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.carecall.agent.config.AgentConfig;
import org.carecall.agent.config.InputPin;
import org.carecall.agent.config.OutputPin;

/**
 * The unit's pins through Pi4J: the gpiod provider on a real board (no root, works on the Pi 5), the
 * mock provider for simulation and tests. Pins are named as in the configuration ("call-button",
 * "amber-led"); active levels are applied here, so nothing above this class thinks in HIGH and LOW.
 */
public final class Board implements AutoCloseable {
    private final Context pi4j;
    private final boolean simulated;
    private final Map<String, DigitalInput> inputs = new LinkedHashMap<>();
    private final Map<String, InputPin> inputWiring = new LinkedHashMap<>();
    private final Map<String, DigitalOutput> outputs = new LinkedHashMap<>();
    private final Map<String, OutputPin> outputWiring = new LinkedHashMap<>();

    private Board(Context pi4j, boolean simulated) {
        this.pi4j = pi4j;
        this.simulated = simulated;
    }

    public static Board open(AgentConfig config) {
        boolean mock = "mock".equals(config.gpio.provider);
        Context pi4j = mock
                ? Pi4J.newContextBuilder().add(new MockPlatform())
                        .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance()).build()
                : Pi4J.newContextBuilder()
                        .add(GpioDDigitalInputProvider.newInstance(), GpioDDigitalOutputProvider.newInstance()).build();
        Board board = new Board(pi4j, mock);
        String inputProvider = mock ? MockDigitalInputProvider.ID : GpioDDigitalInputProvider.ID;
        String outputProvider = mock ? MockDigitalOutputProvider.ID : GpioDDigitalOutputProvider.ID;
        config.fittedInputs().forEach((name, wiring) -> board.addInput(name, wiring, inputProvider));
        config.fittedOutputs().forEach((name, wiring) -> board.addOutput(name, wiring, outputProvider));
        return board;
    }

    private void addInput(String name, InputPin wiring, String provider) {
        DigitalInput input = pi4j.create(DigitalInputConfigBuilder.newInstance(pi4j)
                .id(name).name(name).address(wiring.bcm).pull(pull(wiring.pull)).provider(provider));
        if (simulated) {
            // A mock pin starts LOW, which for an active-low contact would read as pressed.
            ((MockDigitalInput) input).mockState(level(wiring.activeLow, false));
        }
        inputs.put(name, input);
        inputWiring.put(name, wiring);
    }

    private void addOutput(String name, OutputPin wiring, String provider) {
        DigitalState off = level(wiring.activeLow, false);
        DigitalOutput output = pi4j.create(DigitalOutputConfigBuilder.newInstance(pi4j)
                .id(name).name(name).address(wiring.bcm).initial(off).shutdown(off).provider(provider));
        outputs.put(name, output);
        outputWiring.put(name, wiring);
    }

    public Optional<DigitalInput> input(String name) {
        return Optional.ofNullable(inputs.get(name));
    }

    public Map<String, InputPin> inputWiring() {
        return Map.copyOf(inputWiring);
    }

    public boolean isActive(String input) {
        DigitalInput pin = inputs.get(input);
        return pin != null && pin.state() == level(inputWiring.get(input).activeLow, true);
    }

    /**
     * A contact that reads active while nobody touches it: a stuck button or a wiring fault, which cannot
     * raise a new call. Motion and an open door are normal states, so they are never "stuck".
     */
    public boolean stuckAtRest(String input) {
        return isActive(input) && !input.equals("motion") && !input.equals("door");
    }

    public boolean hasOutput(String name) {
        return outputs.containsKey(name);
    }

    public void set(String output, boolean on) {
        DigitalOutput pin = outputs.get(output);
        if (pin != null) {
            pin.state(level(outputWiring.get(output).activeLow, on));
        }
    }

    public boolean isOn(String output) {
        DigitalOutput pin = outputs.get(output);
        return pin != null && pin.state() == level(outputWiring.get(output).activeLow, true);
    }

    public boolean simulated() {
        return simulated;
    }

    /** Simulation only: puts a contact in its active (pressed, open, alarm) or idle state, as a finger would. */
    public void simulate(String input, boolean active) {
        if (!simulated) {
            throw new IllegalStateException("inputs can only be simulated on the mock GPIO provider");
        }
        MockDigitalInput pin = (MockDigitalInput) inputs.get(input);
        if (pin == null) {
            throw new IllegalArgumentException("no input '" + input + "' is fitted; fitted: " + inputs.keySet());
        }
        pin.mockState(level(inputWiring.get(input).activeLow, active));
    }

    private static DigitalState level(boolean activeLow, boolean active) {
        return active != activeLow ? DigitalState.HIGH : DigitalState.LOW;
    }

    private static PullResistance pull(InputPin.Pull pull) {
        return switch (pull) {
            case UP -> PullResistance.PULL_UP;
            case DOWN -> PullResistance.PULL_DOWN;
            case OFF -> PullResistance.OFF;
        };
    }

    @Override
    public void close() {
        outputs.keySet().forEach(name -> set(name, false));
        pi4j.shutdown();
    }
}
