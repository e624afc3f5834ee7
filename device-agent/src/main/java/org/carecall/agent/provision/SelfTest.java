package org.carecall.agent.provision;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.carecall.agent.config.AgentConfig;
import org.carecall.agent.gpio.Board;
import org.carecall.agent.provision.UnitStatus.Check;

/**
 * {@code carecall provision selftest}: the technician's check at the unit, every part in turn. First the
 * status checks (configuration, hub, outbox); then each output switched on for a moment, to be seen or
 * heard; then each input read at rest (a contact stuck active cannot raise a new call) and, unless told
 * not to wait, worked by the technician on a prompt, with the time it took to be seen. The pins are the
 * agent's, so the agent must be stopped while this runs.
 */
public final class SelfTest {
    private static final Duration POLL = Duration.ofMillis(10);
    private static final Map<String, String> ASK = Map.of(
            "call-button", "press the call button",
            "pull-cord", "pull the cord",
            "cancel-button", "press the cancel button",
            "motion", "walk in front of the motion sensor",
            "door", "open the door",
            "smoke", "press the smoke detector's test button",
            "power-fail", "unplug the mains adapter (the UPS keeps the unit on)",
            "tamper", "lift the unit's cover");

    private final Board board;
    private final Consumer<String> say;
    private final Duration outputOn;
    private final Duration waitPerInput;

    /**
     * @param say          where prompts go (the technician's terminal); called before each wait
     * @param waitPerInput how long to wait for each input to be worked; zero reads the inputs without waiting
     */
    public SelfTest(Board board, Consumer<String> say, Duration outputOn, Duration waitPerInput) {
        this.board = board;
        this.say = say;
        this.outputOn = outputOn;
        this.waitPerInput = waitPerInput;
    }

    /** Opens the unit's pins and runs every check; a board that cannot be opened is itself a failed check. */
    public static List<Check> run(AgentConfig config, Consumer<String> say, Duration waitPerInput) {
        List<Check> checks = new ArrayList<>(UnitStatus.check(config));
        Board board;
        try {
            board = Board.open(config);
        } catch (RuntimeException e) {
            checks.add(new Check("pins", false, "cannot be opened (" + e.getMessage() + "); if the agent is running,"
                    + " stop it first: sudo systemctl stop carecall-agent, and start it again afterwards"));
            return checks;
        }
        try (board) {
            checks.addAll(new SelfTest(board, say, Duration.ofSeconds(1), waitPerInput).checkPins(config));
        }
        return checks;
    }

    public List<Check> checkPins(AgentConfig config) {
        List<Check> checks = new ArrayList<>();
        for (String output : config.fittedOutputs().keySet()) {
            checks.add(output(output));
        }
        for (String input : config.fittedInputs().keySet()) {
            Check check = input(input);
            say.accept(check.toString()); // at once, so the technician knows before moving on
            checks.add(check);
        }
        return checks;
    }

    private Check output(String name) {
        say.accept("look and listen: " + name + " is on for " + outputOn.toMillis() + " ms");
        board.set(name, true);
        boolean driven = board.isOn(name);
        pause(outputOn);
        board.set(name, false);
        return new Check(name, driven && !board.isOn(name), driven
                ? "switched on and off (whether it lit or sounded is for your eyes and ears)"
                : "did not switch on");
    }

    private Check input(String name) {
        if (board.stuckAtRest(name)) {
            return new Check(name, false, "ACTIVE AT REST: a stuck contact or a wiring fault; it cannot raise a new call");
        }
        if (waitPerInput.isZero()) {
            return new Check(name, true, board.isActive(name) ? "active" : "idle at rest");
        }
        say.accept("now " + ASK.getOrDefault(name, "work the input") + " [" + name + "] (within " + waitPerInput.toSeconds()
                + " s)");
        long started = System.nanoTime();
        long deadline = started + waitPerInput.toNanos();
        while (System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
            if (board.isActive(name)) {
                return new Check(name, true, String.format("idle at rest, seen after %.1f s",
                        (System.nanoTime() - started) / 1e9));
            }
            pause(POLL);
        }
        return new Check(name, false, "idle at rest, but not seen within " + waitPerInput.toSeconds()
                + " s: check the switch and its wiring (pin table in hardware-docs/pins.md)");
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
