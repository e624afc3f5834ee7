package org.carecall.agent.config;

/**
 * How one input is wired: its BCM pin, the pull resistor, whether "active" (pressed, open, alarm) reads
 * low, and how long the level must hold before it counts.
 */
public final class InputPin {
    public enum Pull { UP, DOWN, OFF }

    public int bcm;
    public Pull pull = Pull.UP;
    public boolean activeLow = true;
    public int debounceMs = 30;

    public InputPin() {
    }

    public InputPin(int bcm, Pull pull, boolean activeLow, int debounceMs) {
        this.bcm = bcm;
        this.pull = pull;
        this.activeLow = activeLow;
        this.debounceMs = debounceMs;
    }
}
