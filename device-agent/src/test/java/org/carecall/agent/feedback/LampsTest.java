package org.carecall.agent.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.carecall.agent.config.AgentConfig;
import org.carecall.agent.feedback.Lamps.Lamp;
import org.carecall.agent.feedback.Lamps.Mode;
import org.carecall.agent.gpio.Board;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LampsTest {
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();
    private final Board board = mockBoard();
    private final Lamps lamps = new Lamps(board, loop);

    @AfterEach
    void stop() {
        loop.shutdownNow();
        board.close();
    }

    @Test
    void aSteadyLampIsLitAtOnceAndStaysLit() throws Exception {
        onLoop(() -> lamps.show(Map.of(Lamp.GREEN, Mode.ON)));

        assertThat(sample(Lamp.GREEN)).containsExactly(true);
        assertThat(board.isOn("amber-led")).isFalse();
    }

    @Test
    void aBlinkingLampGoesOnAndOff() throws Exception {
        onLoop(() -> lamps.show(Map.of(Lamp.AMBER, Mode.BLINK)));

        assertThat(sample(Lamp.AMBER)).containsExactlyInAnyOrder(true, false);
    }

    @Test
    void afterBlinkingStopsTheLampStaysWhereItWasPut() throws Exception {
        onLoop(() -> lamps.show(Map.of(Lamp.RED, Mode.FAST_BLINK)));
        Thread.sleep(300);
        onLoop(() -> lamps.show(Map.of()));

        assertThat(sample(Lamp.RED)).containsExactly(false);
    }

    /** The lamp's states seen every 50 ms over 1.5 s. */
    private Set<Boolean> sample(Lamp lamp) throws InterruptedException {
        Set<Boolean> seen = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            seen.add(board.isOn(lamp.output));
            Thread.sleep(50);
        }
        return seen;
    }

    private void onLoop(Runnable work) throws Exception {
        loop.submit(work).get(5, TimeUnit.SECONDS);
    }

    static Board mockBoard() {
        AgentConfig config = new AgentConfig();
        config.gpio.provider = "mock";
        return Board.open(config);
    }
}
