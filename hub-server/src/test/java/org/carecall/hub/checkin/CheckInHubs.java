package org.carecall.hub.checkin;

import java.nio.file.Files;
import org.carecall.hub.support.MutableClock;
import org.carecall.hub.support.TestCommunity;
import org.carecall.hub.support.TestHub;

/** A whole hub for the check-in's stories, on the test clock that jumps hours at a time. */
final class CheckInHubs {
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
}
