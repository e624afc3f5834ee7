package org.carecall.agent.gpio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.carecall.agent.config.AgentConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Debounce on Pi4J's mock pins, which (like a real switch seen by a slow eye) do not debounce by themselves. */
class ContactTest {
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();
    private Board board;
    private final AtomicInteger presses = new AtomicInteger();
    private final AtomicInteger releases = new AtomicInteger();

    @BeforeEach
    void start() {
        AgentConfig config = new AgentConfig();
        config.gpio.provider = "mock";
        board = Board.open(config);
        Contact contact = new Contact("call-button", board, loop, 30);
        contact.listen(new Contact.Listener() {
            @Override
            public void activated() {
                presses.incrementAndGet();
            }

            @Override
            public void released(Duration held) {
                releases.incrementAndGet();
            }
        });
    }

    @AfterEach
    void stop() {
        loop.shutdownNow();
        board.close();
    }

    @Test
    void aCleanPressIsOnePressAndOneRelease() throws Exception {
        board.simulate("call-button", true);
        Thread.sleep(80);
        board.simulate("call-button", false);

        await().atMost(Duration.ofSeconds(2)).until(() -> releases.get() == 1);
        assertThat(presses.get()).isEqualTo(1);
    }

    @Test
    void bounceOnPressAndReleaseIsStillOnePress() throws Exception {
        for (int i = 0; i < 20; i++) {           // a contact bouncing for a few milliseconds
            board.simulate("call-button", i % 2 == 0);
            Thread.sleep(1);
        }
        board.simulate("call-button", true);
        Thread.sleep(100);
        for (int i = 0; i < 20; i++) {
            board.simulate("call-button", i % 2 == 1);
            Thread.sleep(1);
        }
        board.simulate("call-button", false);

        await().atMost(Duration.ofSeconds(2)).until(() -> releases.get() == 1);
        Thread.sleep(100);
        assertThat(presses.get()).isEqualTo(1);
        assertThat(releases.get()).isEqualTo(1);
    }

    @Test
    void aShortPressIsNotLostWhileTheLoopIsBusy() throws Exception {
        loop.execute(() -> {
            try {
                Thread.sleep(300); // the loop is busy (a slow disk write, say) while the resident taps
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        board.simulate("call-button", true);
        Thread.sleep(60);
        board.simulate("call-button", false);

        await().atMost(Duration.ofSeconds(2)).until(() -> releases.get() == 1);
        assertThat(presses.get()).isEqualTo(1);
    }

    @Test
    void pressesCloserThanTheMinimumGapAreOnePress() throws Exception {
        AtomicInteger cordPulls = new AtomicInteger();
        new Contact("pull-cord", board, loop, 30, 300).listen(new Contact.Listener() {
            @Override
            public void activated() {
                cordPulls.incrementAndGet();
            }
        });

        for (int pull = 0; pull < 3; pull++) { // three pulls within about 250 ms: a cord swinging
            board.simulate("pull-cord", true);
            Thread.sleep(45);
            board.simulate("pull-cord", false);
            Thread.sleep(45);
        }
        Thread.sleep(400);
        board.simulate("pull-cord", true); // a real second pull, later
        Thread.sleep(60);
        board.simulate("pull-cord", false);

        await().atMost(Duration.ofSeconds(2)).until(() -> cordPulls.get() == 2);
        Thread.sleep(200);
        assertThat(cordPulls.get()).isEqualTo(2);
    }

    @Test
    void aGlitchShorterThanTheDebounceIsNoPressAtAll() throws Exception {
        board.simulate("call-button", true);
        Thread.sleep(5);
        board.simulate("call-button", false);

        Thread.sleep(150);
        assertThat(presses.get()).isZero();
    }

    @Test
    void aContactStuckClosedIsOnePressNotAStream() throws Exception {
        board.simulate("call-button", true);

        Thread.sleep(500);
        assertThat(presses.get()).isEqualTo(1);
        assertThat(releases.get()).isZero();
    }

    @Test
    void activeLowWiringIsHiddenFromTheCaller() {
        assertThat(board.isActive("call-button")).isFalse();   // pulled up: HIGH at rest
        board.simulate("call-button", true);
        assertThat(board.isActive("call-button")).isTrue();
        assertThat(board.isActive("motion")).isFalse();        // active-high PIR: LOW at rest
    }
}
