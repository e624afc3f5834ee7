package org.carecall.agent.feedback;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.carecall.agent.feedback.Lamps.Lamp;
import org.carecall.agent.feedback.Lamps.Mode;
import org.carecall.protocol.AlarmState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the resident sees and hears about the call, as one state machine:
 *
 * <pre>
 *   IDLE ──press──▶ CALLING (amber blinks) ──RECEIVED──▶ RECEIVED (amber steady, "your call has been received")
 *                     │ no RECEIVED in time                 │ ACKNOWLEDGED
 *                     ▼                                     ▼
 *                   FAULT (red blinks, "please use the phone";   HELP_COMING (green, "help is coming")
 *                          the outbox keeps trying)              │ ON_SITE ▶ STAFF_HERE (green)
 *                                                                 ▼ RESOLVED / CANCELLED ▶ IDLE (off)
 *   RECEIVED ──hub: "unreached"──▶ UNREACHED (red steady, amber blinks; "please use the phone", said again
 *                                  at a calm interval) ──ACKNOWLEDGED──▶ HELP_COMING
 * </pre>
 *
 * <p>UNREACHED is the hub's word that nobody has taken the call and its last step reached nobody: the
 * resident is told the truth rather than left waiting under an amber light. A weekly test call says
 * "this is the weekly test call" and is otherwise silent, so it never sounds like an emergency.
 *
 * The inactivity warning and LOCATE borrow the lamps for a while and then give them back.
 * Methods are called on the agent's loop thread.
 */
public final class Feedback {
    private static final Logger log = LoggerFactory.getLogger(Feedback.class);

    /** What the unit is showing. */
    public enum Phase { IDLE, CALLING, FAULT, RECEIVED, UNREACHED, HELP_COMING, STAFF_HERE, WARNING, LOCATING }

    private final Lamps lamps;
    private final Voice voice;
    private static final Duration NOT_AVAILABLE_BUZZ = Duration.ofMillis(300);

    private final ScheduledExecutorService loop;
    private final Duration faultAfter;
    private final Duration unreachedRepeat;
    private Phase callPhase = Phase.IDLE;
    /** The open call is a weekly test: its states show on the lamps but are not spoken. */
    private boolean testing;
    /** Who is coming, as the hub named them; said again on a repeat press. */
    private String comingName;
    private Phase shown = Phase.IDLE;
    private ScheduledFuture<?> faultTimer;
    private ScheduledFuture<?> borrowed;
    private ScheduledFuture<?> unreachedPrompt;

    public Feedback(Lamps lamps, Voice voice, ScheduledExecutorService loop, Duration faultAfter,
                    Duration unreachedRepeat) {
        this.lamps = lamps;
        this.voice = voice;
        this.loop = loop;
        this.faultAfter = faultAfter;
        this.unreachedRepeat = unreachedRepeat;
    }

    /** A call was stored and is on its way. */
    public void calling() {
        if (callPhase == Phase.IDLE || callPhase == Phase.FAULT || callPhase == Phase.CALLING) {
            testing = false;
            enter(Phase.CALLING, Voice.Clip.CALLING);
            armFaultTimer();
        }
    }

    /** A weekly test call was stored: "this is the weekly test call", and nothing more is said of it. */
    public void testCalling() {
        if (callPhase == Phase.IDLE) {
            enter(Phase.CALLING, Voice.Clip.TEST);
            testing = true;
        }
    }

    /** A repeat press on an open call: say where the call is again. */
    public void pressedAgain() {
        enter(callPhase, clipFor(callPhase));
    }

    /** The hub reports a state for the open call. */
    public void state(AlarmState state) {
        state(state, null);
    }

    /** The hub reports a state for the open call, with the name of whoever took it. */
    public void state(AlarmState state, String by) {
        state(state, by, false);
    }

    /**
     * The hub reports a state for the open call, with the name of whoever took it, and whether nobody is
     * handling it ({@code unreached}).
     */
    public void state(AlarmState state, String by, boolean unreached) {
        if (by != null && (state == AlarmState.ACKNOWLEDGED || state == AlarmState.ON_SITE)) {
            comingName = by;
        }
        Phase next = switch (state) {
            // Once the hub found nobody, the call stays so until someone takes it (the hub never clears it): a
            // plain receipt sent before that finding may arrive after it, and must not quieten her unit.
            case RECEIVED, NOTIFIED -> unreached || callPhase == Phase.UNREACHED ? Phase.UNREACHED : Phase.RECEIVED;
            case ACKNOWLEDGED -> Phase.HELP_COMING;
            case ON_SITE -> Phase.STAFF_HERE;
            case RESOLVED, CANCELLED -> Phase.IDLE;
        };
        cancelFaultTimer();
        if (next != callPhase) {
            enter(next, testing ? null : next != Phase.IDLE ? clipFor(next)
                    : state == AlarmState.CANCELLED ? Voice.Clip.CANCELLED : Voice.Clip.CALL_CLOSED);
        }
        if (next == Phase.IDLE) {
            comingName = null;
            testing = false;
        }
    }

    /** Something the resident should hear that is not the call's state: the power went or came back. */
    public void announce(Voice.Clip clip) {
        voice.say(clip);
    }

    /**
     * A prompt of the everyday keys, naming someone when {@code name} is given: heard after whatever the
     * call is saying (the voice queues it), and the call's lamps stay as they are.
     */
    public void announce(Voice.Clip clip, String name) {
        voice.say(clip, name);
    }

    /** A key the hub has not enabled: a short buzz over the call's own pattern, and nothing is sent. */
    public void notAvailable() {
        Map<Lamp, Mode> buzz = new java.util.EnumMap<>(Lamp.class);
        buzz.putAll(patternOf(callPhase));
        buzz.put(Lamp.BUZZER, Mode.ON);
        lamps.show(buzz);
        loop.schedule(this::resume, NOT_AVAILABLE_BUZZ.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** After a restart: show the stored call's state without replaying every prompt. */
    public void restore(AlarmState state) {
        if (callPhase == Phase.UNREACHED) {
            callPhase = Phase.IDLE; // that was the call just ended; the one shown now is judged afresh
        }
        if (state == null) {
            calling();
        } else {
            state(state);
        }
    }

    /** The inactivity pre-warning: blinking and a spoken question until {@link #warningOver()}. */
    public void warning() {
        shown = Phase.WARNING;
        lamps.show(Map.of(Lamp.AMBER, Mode.FAST_BLINK, Lamp.BUZZER, Mode.BLINK));
        voice.say(Voice.Clip.INACTIVITY_WARNING);
    }

    public void warningOver() {
        resume();
    }

    /** Shows the call's own pattern again after something borrowed the lamps. */
    public void resume() {
        show(callPhase);
    }

    /** LOCATE: every lamp blinks for a while so a technician can find the unit. */
    public void locate(Duration howLong) {
        if (borrowed != null) {
            borrowed.cancel(false);
        }
        shown = Phase.LOCATING;
        lamps.show(Map.of(Lamp.RED, Mode.FAST_BLINK, Lamp.AMBER, Mode.FAST_BLINK, Lamp.GREEN, Mode.FAST_BLINK));
        borrowed = loop.schedule(() -> show(callPhase), howLong.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The call's own phase (what the unit shows unless something has borrowed the lamps). */
    public Phase callPhase() {
        return callPhase;
    }

    public Phase shown() {
        return shown;
    }

    private void enter(Phase phase, Voice.Clip clip) {
        if (phase != callPhase) {
            log.info("feedback: {} -> {}", callPhase, phase);
        }
        callPhase = phase;
        repeatWhileUnreached();
        show(phase);
        if (clip != null) {
            voice.say(clip, clip == Voice.Clip.HELP_COMING ? comingName : null);
        }
    }

    private void show(Phase phase) {
        shown = phase;
        lamps.show(patternOf(phase));
    }

    private static Map<Lamp, Mode> patternOf(Phase phase) {
        return switch (phase) {
            case IDLE, WARNING, LOCATING -> Map.of();
            case CALLING -> Map.of(Lamp.AMBER, Mode.BLINK);
            case FAULT -> Map.of(Lamp.RED, Mode.BLINK);
            case RECEIVED -> Map.of(Lamp.AMBER, Mode.ON);
            case UNREACHED -> Map.of(Lamp.RED, Mode.ON, Lamp.AMBER, Mode.BLINK);
            case HELP_COMING, STAFF_HERE -> Map.of(Lamp.GREEN, Mode.ON);
        };
    }

    private static Voice.Clip clipFor(Phase phase) {
        return switch (phase) {
            case CALLING -> Voice.Clip.CALLING;
            case FAULT, UNREACHED -> Voice.Clip.FAULT;
            case RECEIVED -> Voice.Clip.RECEIVED;
            case HELP_COMING -> Voice.Clip.HELP_COMING;
            case STAFF_HERE -> Voice.Clip.STAFF_ARRIVED;
            case IDLE, WARNING, LOCATING -> null;
        };
    }

    private void armFaultTimer() {
        cancelFaultTimer();
        faultTimer = loop.schedule(() -> {
            if (callPhase == Phase.CALLING) {
                log.warn("feedback: no RECEIVED within {} s; showing the fault pattern while the outbox keeps trying",
                        faultAfter.toSeconds());
                enter(Phase.FAULT, Voice.Clip.FAULT);
            }
        }, faultAfter.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** While nobody handles the call, "please use the phone" again at a calm interval; stops with the phase. */
    private void repeatWhileUnreached() {
        if (callPhase == Phase.UNREACHED && unreachedPrompt == null) {
            long every = unreachedRepeat.toMillis();
            unreachedPrompt = loop.scheduleAtFixedRate(() -> voice.say(Voice.Clip.FAULT), every, every,
                    TimeUnit.MILLISECONDS);
        } else if (callPhase != Phase.UNREACHED && unreachedPrompt != null) {
            unreachedPrompt.cancel(false);
            unreachedPrompt = null;
        }
    }

    private void cancelFaultTimer() {
        if (faultTimer != null) {
            faultTimer.cancel(false);
            faultTimer = null;
        }
    }
}
