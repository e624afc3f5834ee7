package org.carecall.agent.trigger;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import org.carecall.agent.alarm.AlarmRaiser;
import org.carecall.agent.feedback.Feedback;
import org.carecall.agent.feedback.Voice;
import org.carecall.agent.gpio.Board;
import org.carecall.agent.gpio.Contact;
import org.carecall.agent.keys.EverydayKeys;
import org.carecall.protocol.AlarmKind;
import org.carecall.protocol.EventKind;
import org.carecall.protocol.message.DeviceConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each input means: the call button and pull cord raise calls, smoke, tamper and power loss raise
 * their alarms, the door at night raises DOOR_AT_NIGHT, motion feeds the inactivity watch, holding the
 * cancel button cancels the open call, and the two everyday keys go to {@link EverydayKeys}. Any button
 * answers the inactivity pre-warning ("I am fine"); the green 平安 key also checks in as it does so,
 * since that is what it says. Every input is optional. Runs on the agent's loop thread.
 */
public final class Triggers {
    private static final Logger log = LoggerFactory.getLogger(Triggers.class);
    private static final Duration MOTION_REPORT_EVERY = Duration.ofMinutes(5);

    private final AlarmRaiser raiser;
    private final EverydayKeys keys;
    private final InactivityWatch inactivity;
    private final Clock clock;
    private final Feedback feedback;
    private final Duration cancelHold;
    private volatile DeviceConfig.NightDoor nightDoor;
    private Instant lastMotionReport;
    private boolean onBattery;

    /** How long cancel is held to cancel, and how close two presses may be and still be one. */
    public record Timing(Duration cancelHold, Duration minPressGap) {
    }

    public Triggers(Board board, ScheduledExecutorService loop, AlarmRaiser raiser, EverydayKeys keys, Feedback feedback,
                    InactivityWatch inactivity, Clock clock, Timing timing) {
        this.raiser = raiser;
        this.keys = keys;
        this.feedback = feedback;
        this.inactivity = inactivity;
        this.clock = clock;
        this.cancelHold = timing.cancelHold();
        board.inputWiring().forEach((name, wiring) -> bind(new Contact(name, board, loop, wiring.debounceMs,
                (int) timing.minPressGap().toMillis())));
    }

    public void nightDoor(DeviceConfig.NightDoor settings) {
        this.nightDoor = settings;
    }

    /** Whether the unit is running on its battery (the UPS's power-fail signal is active). */
    public boolean onBattery() {
        return onBattery;
    }

    private void bind(Contact contact) {
        Map<String, Contact.Listener> meanings = Map.of(
                EverydayKeys.Key.CHECK_IN.input, onActive(() -> {
                    inactivity.buttonPressed(); // "I am fine", and a check-in all the same
                    guarded(() -> keys.pressed(EverydayKeys.Key.CHECK_IN));
                }),
                EverydayKeys.Key.SERVICE.input, onActive(() -> {
                    if (!inactivity.buttonPressed()) {
                        guarded(() -> keys.pressed(EverydayKeys.Key.SERVICE));
                    }
                }),
                "call-button", press(contact, AlarmKind.CALL_BUTTON),
                "pull-cord", press(contact, AlarmKind.PULL_CORD),
                "smoke", onActive(() -> alarm(AlarmKind.SMOKE, "smoke")),
                "tamper", onActive(() -> alarm(AlarmKind.TAMPER, "tamper")),
                "cancel-button", cancel(contact),
                "motion", onActive(this::motion),
                "door", door(),
                "power-fail", power());
        Contact.Listener listener = meanings.get(contact.name());
        if (listener != null) {
            contact.listen(listener);
        }
    }

    private Contact.Listener press(Contact contact, AlarmKind kind) {
        return onActive(() -> {
            if (inactivity.buttonPressed()) {
                return; // the answer to "are you all right?"
            }
            alarm(kind, contact.name());
        });
    }

    private Contact.Listener cancel(Contact contact) {
        return onActive(() -> {
            if (inactivity.buttonPressed()) {
                return;
            }
            contact.whileHeld(cancelHold, () -> guarded(raiser::cancelOpenCall));
        });
    }

    private Contact.Listener door() {
        return new Contact.Listener() {
            @Override
            public void activated() {
                guarded(() -> raiser.event(EventKind.DOOR_OPEN, "door"));
                DeviceConfig.NightDoor night = nightDoor;
                if (night != null && night.enabled()
                        && new TimeWindow(night.from(), night.to()).contains(LocalTime.ofInstant(clock.instant(), clock.getZone()))) {
                    alarm(AlarmKind.DOOR_AT_NIGHT, "door");
                }
            }

            @Override
            public void released(Duration held) {
                guarded(() -> raiser.event(EventKind.DOOR_CLOSED, "door"));
            }
        };
    }

    private Contact.Listener power() {
        return new Contact.Listener() {
            @Override
            public void activated() {
                onBattery = true;
                alarm(AlarmKind.POWER_FAILURE, "power-fail");
                feedback.announce(Voice.Clip.POWER_LOST); // after the alarm is stored: the call comes first
            }

            @Override
            public void released(Duration held) {
                onBattery = false;
                guarded(() -> raiser.event(EventKind.POWER_RESTORED, "power-fail"));
                feedback.announce(Voice.Clip.POWER_BACK);
            }
        };
    }

    private void motion() {
        inactivity.motion();
        Instant now = clock.instant();
        if (lastMotionReport == null || Duration.between(lastMotionReport, now).compareTo(MOTION_REPORT_EVERY) >= 0) {
            lastMotionReport = now;
            guarded(() -> raiser.event(EventKind.MOTION, "motion"));
        }
    }

    private void alarm(AlarmKind kind, String source) {
        guarded(() -> raiser.raise(kind, source, false));
    }

    private static Contact.Listener onActive(Runnable action) {
        return new Contact.Listener() {
            @Override
            public void activated() {
                action.run();
            }
        };
    }

    private interface Storing {
        void run() throws SQLException;
    }

    /** A failed write to the outbox must not kill the loop; it is logged as loudly as it deserves. */
    private static void guarded(Storing action) {
        try {
            action.run();
        } catch (SQLException e) {
            log.error("COULD NOT STORE a message in the outbox: {}", e.getMessage());
        }
    }
}
