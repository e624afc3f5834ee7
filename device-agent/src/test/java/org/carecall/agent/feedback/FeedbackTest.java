package org.carecall.agent.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.carecall.agent.gpio.Board;
import org.carecall.protocol.AlarmState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the unit shows as the hub's receipts for her call arrive, in whatever order the network brings them. */
class FeedbackTest {
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();
    private final Board board = LampsTest.mockBoard();
    private Feedback feedback;

    @AfterEach
    void stop() {
        loop.shutdownNow();
        board.close();
    }

    @Test
    void aPlainReceiptArrivingAfterNobodyWasFoundKeepsHerUnitTellingHerToPhoneUntilSomeoneTakesTheCall()
            throws Exception {
        Voice voice = new Voice("", Files.createTempDirectory("clips-"), "zh-CN");
        feedback = new Feedback(new Lamps(board, loop), voice, loop, Duration.ofSeconds(2), Duration.ofSeconds(60));
        onLoop(() -> feedback.calling());

        onLoop(() -> feedback.state(AlarmState.RECEIVED, null, true));
        onLoop(() -> feedback.state(AlarmState.RECEIVED, null, false)); // the first ack, overtaken on its way
        assertThat(read(() -> feedback.callPhase())).isEqualTo(Feedback.Phase.UNREACHED);
        onLoop(() -> feedback.state(AlarmState.NOTIFIED, null, false));
        assertThat(read(() -> feedback.callPhase())).isEqualTo(Feedback.Phase.UNREACHED);

        onLoop(() -> feedback.state(AlarmState.ACKNOWLEDGED, "Li Na", false));
        assertThat(read(() -> feedback.callPhase())).isEqualTo(Feedback.Phase.HELP_COMING);
        assertThat(voice.lastSpoken()).isEqualTo(Voice.Clip.HELP_COMING);
    }

    @Test
    void withoutTheHubSayingSoACallIsOnlyReceived() throws Exception {
        Voice voice = new Voice("", Files.createTempDirectory("clips-"), "zh-CN");
        feedback = new Feedback(new Lamps(board, loop), voice, loop, Duration.ofSeconds(2), Duration.ofSeconds(60));
        onLoop(() -> feedback.calling());

        onLoop(() -> feedback.state(AlarmState.RECEIVED, null, false));
        onLoop(() -> feedback.state(AlarmState.NOTIFIED, null, false));

        assertThat(read(() -> feedback.callPhase())).isEqualTo(Feedback.Phase.RECEIVED);
    }

    private void onLoop(Runnable work) throws Exception {
        loop.submit(work).get(5, TimeUnit.SECONDS);
    }

    private <T> T read(java.util.concurrent.Callable<T> work) throws Exception {
        return loop.submit(work).get(5, TimeUnit.SECONDS);
    }
}
