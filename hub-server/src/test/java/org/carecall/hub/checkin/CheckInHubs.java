package org.carecall.hub.checkin;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.carecall.hub.support.MutableClock;
import org.carecall.hub.support.TestCommunity;
import org.carecall.hub.support.TestHub;

/** A whole hub for the check-in's stories, on the test clock that jumps hours at a time. */
final class CheckInHubs {
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    /** The day the stories take place on. */
    static final String DAY = "2026-12-07";

    private CheckInHubs() {
    }

    /** A unit connected throughout must not count as silent while the clock jumps: offline after 6 h. */
    static TestHub start(MutableClock clock, String name) throws Exception {
        return TestHub.start(Files.createTempDirectory("carecall-" + name + "-"), clock,
                config -> config.supervision.offlineAfterS = 6 * 3600);
    }

    /** Xincheng with Zhang Min and her unit, and Wang on duty in her grid. */
    static TestCommunity withWangOnDuty(TestHub hub) throws Exception {
        TestCommunity xincheng = TestCommunity.create(hub.hub());
        xincheng.onDuty("wang", "Wang Li");
        return xincheng;
    }

    /** A time of the story's day in Xincheng. */
    static Instant at(String time) {
        return LocalDateTime.parse(DAY + "T" + time).atZone(SHANGHAI).toInstant();
    }

    /** Moves the clock to a time of the day and sweeps, as the sweep thread would. */
    static void sweepAt(TestHub hub, MutableClock clock, String time) throws Exception {
        clock.advance(Duration.between(clock.instant(), at(time)));
        hub.hub().care().checkIns().sweep().sweep();
    }
}
