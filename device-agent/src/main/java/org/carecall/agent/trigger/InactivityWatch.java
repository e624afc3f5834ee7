package org.carecall.agent.trigger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import org.carecall.agent.feedback.Feedback;
import org.carecall.protocol.message.DeviceConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raises INACTIVITY when no motion has been seen for the configured hours and it is inside the day
 * window. First it warns, blinking and asking aloud "are you all right?", and any button or any motion
 * within the warning time means the resident is fine. Checked periodically on the agent's loop.
 *
 * <p>A bed-bound resident's small movements can keep a bedroom motion sensor quiet (or busy): the
 * window and hours are per resident and set from the hub.
 */
public final class InactivityWatch {
    private static final Logger log = LoggerFactory.getLogger(InactivityWatch.class);

    /** What to do when the warning runs out. */
    public interface Alarm {
        void raise();
    }

    private final Clock clock;
    private final Feedback feedback;
    private final Duration warningTime;
    private final Alarm alarm;
    private DeviceConfig.Inactivity settings;
    private Instant lastMotion;
    private Instant warningSince;
    private boolean raisedSinceMotion;

    public InactivityWatch(Clock clock, Feedback feedback, Duration warningTime, Alarm alarm) {
        this.clock = clock;
        this.feedback = feedback;
        this.warningTime = warningTime;
        this.alarm = alarm;
        this.lastMotion = clock.instant();
    }

    public void settings(DeviceConfig.Inactivity settings) {
        this.settings = settings;
    }

    public Instant lastMotion() {
        return lastMotion;
    }

    /** Motion seen: the resident is up and about. */
    public void motion() {
        lastMotion = clock.instant();
        raisedSinceMotion = false;
        endWarning("motion seen");
    }

    /**
     * As if nobody had moved since {@code since}: for the demo's simulator, which cannot wait hours for a
     * quiet room. The next check warns if monitoring is on and the quiet is long enough.
     */
    public void assumeQuietSince(Instant since) {
        lastMotion = since;
        raisedSinceMotion = false;
    }

    /** Any button: during a warning it means "I am fine". */
    public boolean buttonPressed() {
        if (warningSince == null) {
            return false;
        }
        lastMotion = clock.instant();
        endWarning("a button was pressed");
        return true;
    }

    public boolean warning() {
        return warningSince != null;
    }

    /** One check; run every few seconds. */
    public void check() {
        if (settings == null || !settings.enabled()) {
            endWarning("inactivity monitoring is off");
            return;
        }
        Instant now = clock.instant();
        if (warningSince != null) {
            if (Duration.between(warningSince, now).compareTo(warningTime) >= 0) {
                warningSince = null;
                raisedSinceMotion = true;
                feedback.warningOver();
                log.warn("inactivity: no answer to the warning; raising INACTIVITY");
                alarm.raise();
            }
            return;
        }
        LocalTime local = LocalTime.ofInstant(now, clock.getZone());
        boolean inWindow = new TimeWindow(settings.from(), settings.to()).contains(local);
        boolean quietTooLong = Duration.between(lastMotion, now).compareTo(Duration.ofHours(settings.hours())) >= 0;
        if (inWindow && quietTooLong && !raisedSinceMotion) {
            warningSince = now;
            log.info("inactivity: no motion since {}; warning the resident", lastMotion);
            feedback.warning();
        }
    }

    private void endWarning(String why) {
        if (warningSince != null) {
            warningSince = null;
            log.info("inactivity: warning ended, {}", why);
            feedback.warningOver();
        }
    }
}
