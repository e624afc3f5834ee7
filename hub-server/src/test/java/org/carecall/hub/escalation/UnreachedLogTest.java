package org.carecall.hub.escalation;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A storm of unanswered calls leaves a readable log: the first of a minute one by one, then a count. */
class UnreachedLogTest {
    private final AtomicLong nanos = new AtomicLong();
    private final UnreachedLog unreached = new UnreachedLog(nanos::get);
    private final Logger logger = (Logger) LoggerFactory.getLogger(Announcer.class);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach
    void listen() {
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void stop() {
        logger.detachAppender(lines);
    }

    @Test
    void theFirstCallsOfAMinuteAreLoggedOneByOneAndTheRestCountedOnce() {
        for (int i = 0; i < UnreachedLog.LINES_PER_MINUTE + 30; i++) {
            unreached.reachedNobody("call-" + i, 3);
        }
        assertThat(lines.list).hasSize(UnreachedLog.LINES_PER_MINUTE);
        assertThat(lines.list.getFirst().getFormattedMessage()).contains("call-0", "reached nobody after 3 steps");

        nanos.addAndGet(Duration.ofSeconds(61).toNanos());
        unreached.reachedNobody("call-next", 3);

        assertThat(lines.list).hasSize(UnreachedLog.LINES_PER_MINUTE + 2);
        assertThat(lines.list.get(UnreachedLog.LINES_PER_MINUTE).getFormattedMessage())
                .contains("30 more calls reached nobody");
        assertThat(lines.list.getLast().getFormattedMessage()).contains("call-next");
    }
}
