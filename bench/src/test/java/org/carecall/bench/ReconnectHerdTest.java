package org.carecall.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.carecall.hub.support.ReliabilityLedger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The whole fleet comes back at once: the hub is killed (kill -9) under every connected unit (a thousand
 * here, ten thousand under {@code -Dcarecall.chaos=full}), a tenth press while it is down, and it starts
 * again. Every unit returns, every waiting call is stored once and RECEIVED once, and the backoff with
 * jitter spreads the wave. The bench's swarm of simulated units is used: a JVM of real agents per unit
 * would not fit on this machine.
 */
@Tag("chaos")
class ReconnectHerdTest {

    @Test
    void aHubRestartUnderTheWholeFleetLosesNoWaitingCallAndEveryUnitReturns() throws Exception {
        int units = ReliabilityLedger.pick(1_000, 10_000);
        Path work = Files.createTempDirectory("carecall-herd-");
        Report report = new Scenarios(true, work.resolve("results"), work, false).reconnect(units);

        long pressed = Long.parseLong(report.figure("calls pressed"));
        long stored = Long.parseLong(report.figure("calls stored by the hub"));
        long received = Long.parseLong(report.figure("calls RECEIVED at the unit"));
        long lost = Long.parseLong(report.figure("lost (pressed, not stored)"));
        long doubled = Long.parseLong(report.figure("doubled (stored rows beyond one per press)"));
        String back = report.figure("units back after the hub was up (s)");
        String allReceived = report.figure("every waiting call RECEIVED after the hub was up (s)");
        ReliabilityLedger.record(new ReliabilityLedger.Scenario("fleet-reconnects-at-once", "the hub killed"
                + " (kill -9) under every connected unit and started again 5 s later; a tenth press meanwhile",
                (int) pressed, (int) stored, (int) received, -1, (int) lost, (int) doubled,
                "%d units back %s s after the hub was up, every waiting call RECEIVED after %s s; busiest second %s"
                        .formatted(units, back, allReceived, report.figure("busiest second of reconnections (units)"))));

        assertThat(pressed).isEqualTo(units / 10);
        assertThat(lost).isZero();
        assertThat(doubled).isZero();
        assertThat(received).isEqualTo(pressed);
        assertThat(back).isNotEqualTo("NaN");
        assertThat(allReceived).isNotEqualTo("NaN");
    }
}
