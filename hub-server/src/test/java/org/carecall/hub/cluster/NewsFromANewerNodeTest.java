package org.carecall.hub.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.carecall.hub.alarm.Alarm;
import org.carecall.hub.events.HubEvent;
import org.carecall.protocol.AlarmKind;
import org.carecall.protocol.AlarmState;
import org.junit.jupiter.api.Test;

/** News of a call as a newer hub node tells it: a kind this node does not know, a field it has never seen. */
class NewsFromANewerNodeTest {
    @Test
    void aCallOfAKindThisNodeDoesNotKnowArrivesAsAnUnknownCallAndAnUnknownFieldIsIgnored() throws Exception {
        Instant at = Instant.parse("2026-12-07T02:00:00Z");
        Alarm call = new Alarm("a-1", "bed-1", AlarmKind.FALL, "fall", AlarmState.RECEIVED, at, at, 1, false, 1, at,
                null, at, Alarm.Handling.NONE);
        NodeNews.Row told = NodeNews.toRow(new NodeNews.Event(new HubEvent.AlarmRaised(call))).orElseThrow();
        NodeNews.Row newer = new NodeNews.Row(told.kind(), told.body().replace("\"FALL\"", "\"FALL_DETECTED_V9\"")
                .replaceFirst("\\{", "{\"triage\":\"v9\","));

        NodeNews heard = NodeNews.fromRow(newer).orElseThrow();

        Alarm read = ((HubEvent.AlarmRaised) ((NodeNews.Event) heard).event()).alarm();
        assertThat(read.kind()).isEqualTo(AlarmKind.UNKNOWN);
        assertThat(read.id()).isEqualTo("a-1");
        assertThat(read.state()).isEqualTo(AlarmState.RECEIVED);
    }
}
