package org.carecall.protocol;

/** What the hub can ask a device to do on {@code down/cmd}. */
public enum CommandName {
    /** Cycle the outputs, read the inputs, check the link and the outbox, and report. */
    SELFTEST,
    /** Blink, so a technician can find the unit. */
    LOCATE,
    /** Raise a TEST alarm end to end, as the weekly button check does. */
    TEST_CALL,
    /** Ask the hub for the current configuration again. */
    RELOAD_CONFIG,
    /** Say one prompt of the unit's fixed list ({@code prompt}, and {@code name} for prompts that name someone). */
    SPEAK
}
