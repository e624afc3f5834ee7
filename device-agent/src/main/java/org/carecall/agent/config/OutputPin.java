package org.carecall.agent.config;

/** How one output is wired: its BCM pin and whether it is switched on by driving the pin low. */
public final class OutputPin {
    public int bcm;
    public boolean activeLow;

    public OutputPin() {
    }

    public OutputPin(int bcm, boolean activeLow) {
        this.bcm = bcm;
        this.activeLow = activeLow;
    }
}
