package org.carecall.agent.feedback;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.carecall.agent.gpio.Board;

/**
 * The unit's lights and buzzer. Each can be off, on, or blinking; blinking runs on the agent's loop, so a
 * pattern survives whatever else the agent is doing. Units with one RGB lamp wire its three legs to the
 * red, amber and green outputs.
 */
public final class Lamps {
    /** The outputs, by their configuration names. */
    public enum Lamp {
        RED("red-led"), AMBER("amber-led"), GREEN("green-led"), BUZZER("buzzer");

        final String output;

        Lamp(String output) {
            this.output = output;
        }
    }

    /** How a lamp shows. */
    public enum Mode { OFF, ON, BLINK, FAST_BLINK }

    private static final long TICK_MILLIS = 250;

    private final Board board;
    private final ScheduledExecutorService loop;
    private final Map<Lamp, Mode> modes = new EnumMap<>(Lamp.class);
    private ScheduledFuture<?> ticker;
    private long tick;

    public Lamps(Board board, ScheduledExecutorService loop) {
        this.board = board;
        this.loop = loop;
        for (Lamp lamp : Lamp.values()) {
            modes.put(lamp, Mode.OFF);
        }
    }

    /** Sets every lamp at once; lamps not named are turned off. Call on the loop thread. */
    public void show(Map<Lamp, Mode> pattern) {
        for (Lamp lamp : Lamp.values()) {
            Mode mode = pattern.getOrDefault(lamp, Mode.OFF);
            modes.put(lamp, mode);
            board.set(lamp.output, mode != Mode.OFF); // the first light change happens now, not at the next tick
        }
        // The ticker runs only while something blinks, so an idle unit does no work at all.
        boolean blinking = modes.values().stream().anyMatch(mode -> mode == Mode.BLINK || mode == Mode.FAST_BLINK);
        if (blinking && ticker == null) {
            tick = 0;
            ticker = loop.scheduleAtFixedRate(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        } else if (!blinking && ticker != null) {
            stop();
        }
    }

    public Mode mode(Lamp lamp) {
        return modes.get(lamp);
    }

    public boolean lit(Lamp lamp) {
        return board.isOn(lamp.output);
    }

    private void tick() {
        tick++;
        for (Map.Entry<Lamp, Mode> entry : modes.entrySet()) {
            boolean on = switch (entry.getValue()) {
                case OFF -> false;
                case ON -> true;
                case BLINK -> (tick / 2) % 2 == 0;   // 0.5 s on, 0.5 s off
                case FAST_BLINK -> tick % 2 == 0;    // 0.25 s on, 0.25 s off
            };
            board.set(entry.getKey().output, on);
        }
    }

    public void stop() {
        if (ticker != null) {
            ticker.cancel(false);
            ticker = null;
        }
    }
}
