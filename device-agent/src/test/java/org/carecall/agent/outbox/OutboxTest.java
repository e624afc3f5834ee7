package org.carecall.agent.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.carecall.protocol.AlarmState;
import org.carecall.protocol.Channel;
import org.junit.jupiter.api.Test;

class OutboxTest {
    private static final Instant NOW = Instant.parse("2026-11-22T08:00:00Z");

    @Test
    void whatIsAddedSurvivesClosingAndOpeningAgain() throws Exception {
        Path dir = Files.createTempDirectory("outbox-");
        try (Outbox outbox = Outbox.open(dir)) {
            outbox.add("01JDB6Y8Q3K5W9Z2N4P6R8T0VX", Channel.ALARM, "{}".getBytes(), outbox.nextSeq(), NOW, null, null);
        }
        try (Outbox outbox = Outbox.open(dir)) {
            assertThat(outbox.pending()).isEqualTo(1);
            assertThat(outbox.nextSeq()).isEqualTo(2);
            assertThat(outbox.integrityCheck()).isEqualTo("ok");
        }
    }

    @Test
    void alarmsAreSentBeforeEventsAndInOrder() throws Exception {
        try (Outbox outbox = Outbox.open(Files.createTempDirectory("outbox-"))) {
            outbox.add("event-1", Channel.EVENT, "{}".getBytes(), outbox.nextSeq(), NOW, null, NOW.plusSeconds(60));
            outbox.add("alarm-1", Channel.ALARM, "{}".getBytes(), outbox.nextSeq(), NOW, null, null);
            outbox.add("alarm-2", Channel.ALARM, "{}".getBytes(), outbox.nextSeq(), NOW, "alarm-1", null);

            assertThat(outbox.due(NOW, 10)).extracting(OutboxEntry::id).containsExactly("alarm-1", "alarm-2", "event-1");
        }
    }

    @Test
    void aCallStaysWithTheHubsStateUntilItIsClosedAndARepeatPressLeavesOnceReceived() throws Exception {
        try (Outbox outbox = Outbox.open(Files.createTempDirectory("outbox-"))) {
            outbox.add("alarm-1", Channel.ALARM, "{}".getBytes(), outbox.nextSeq(), NOW, null, null);
            outbox.add("press-2", Channel.ALARM, "{}".getBytes(), outbox.nextSeq(), NOW, "alarm-1", null);

            outbox.hubReported("alarm-1", AlarmState.RECEIVED, null, NOW);
            outbox.hubReported("press-2", AlarmState.RECEIVED, null, NOW);
            assertThat(outbox.pending()).isZero();
            assertThat(outbox.openCall()).hasValueSatisfying(call -> assertThat(call.state()).isEqualTo(AlarmState.RECEIVED));

            outbox.hubReported("alarm-1", AlarmState.ACKNOWLEDGED, "Wang Li", NOW);
            assertThat(outbox.openCall().orElseThrow().by()).isEqualTo("Wang Li");

            outbox.hubReported("alarm-1", AlarmState.RESOLVED, null, NOW);
            assertThat(outbox.all()).isEmpty();
        }
    }

    @Test
    void staleEventsExpireButAlarmsNever() throws Exception {
        try (Outbox outbox = Outbox.open(Files.createTempDirectory("outbox-"))) {
            outbox.add("event-1", Channel.EVENT, "{}".getBytes(), outbox.nextSeq(), NOW, null, NOW.plusSeconds(60));
            outbox.add("alarm-1", Channel.ALARM, "{}".getBytes(), outbox.nextSeq(), NOW, null, null);

            assertThat(outbox.expire(NOW.plusSeconds(3600 * 24 * 365))).isEqualTo(1);
            assertThat(outbox.all()).extracting(OutboxEntry::id).containsExactly("alarm-1");
        }
    }
}
