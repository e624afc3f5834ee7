package org.carecall.hub.alarm;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.carecall.hub.store.News;

/**
 * The escalation steps a new call fires the moment it is stored, decided before the write so that they
 * commit in the call's own transaction: a call and its first ring cost the store one write, not one per
 * step. {@code fired} steps are stored as fired and {@code nextAt} is when escalation next looks at the
 * call; {@code unreached}: the last of them reached nobody, so the call is stored unhandled;
 * {@code rang} is who each step rang and {@code notes} the timeline's lines for them.
 * {@code announce} runs on the event thread once the call is committed and published: the ringing, the
 * events and the outside channel, none of which may happen for a call that is not stored. {@code news} is
 * what the other hub nodes hear of the steps (who rings, a roster gap), told in the call's transaction.
 */
public record FirstSteps(int fired, Instant nextAt, boolean unreached, List<Rang> rang, List<AlarmStore.TimelineEntry> notes,
                         Consumer<Alarm> announce, Function<Alarm, List<News>> news) {
    /** Nothing fires with the call: escalation looks at it once it is stored (test calls, a planner that failed). */
    public static final FirstSteps NONE = new FirstSteps(0, null, false, List.of(), List.of(), alarm -> { }, alarm -> List.of());

    /** Who one step rang: a notification row each, one row with nobody for a step that rang nobody. */
    public record Rang(int step, String audiences, Set<String> staffIds) {
    }

    /** Decides the first steps of a call about to be stored, from what is known in memory. */
    @FunctionalInterface
    public interface Planner {
        FirstSteps plan(Alarm call);
    }
}
