package org.carecall.hub.alarm;

import java.util.Optional;
import org.carecall.hub.store.News;

/** What the store did with an alarm report. In every case the report is durably accounted for. */
public sealed interface Recorded {

    /** The alarm the device should hear about. */
    Alarm alarm();

    /** What the hub's parts and the other hub nodes hear of it: a new call, a press counted, nothing for a resend. */
    default Optional<News> news(CallNews news) {
        return switch (this) {
            case Raised raised -> Optional.of(news.raised(raised.alarm()));
            case Merged merged -> Optional.of(news.pressedAgain(merged.alarm()));
            case Duplicate duplicate -> Optional.empty();
        };
    }

    /** A new call was stored. */
    record Raised(Alarm alarm) implements Recorded {
    }

    /** A repeat press was counted on the device's open call {@code alarm}; {@code pressId} is the press's own id. */
    record Merged(Alarm alarm, String pressId) implements Recorded {
    }

    /**
     * A resend of an id the store already holds: nothing was stored again. {@code pressId} is set when the
     * id was a repeat press merged into {@code alarm}.
     */
    record Duplicate(Alarm alarm, String pressId) implements Recorded {
    }
}
