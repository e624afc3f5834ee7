package org.carecall.hub.escalation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.carecall.hub.alarm.Alarm;
import org.carecall.hub.alarm.AlarmStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Escalation's lines on a call's timeline, as data a console puts in words in its own language.
 *
 * <ul>
 *   <li>Makes lines; {@link #write} stores one behind the call's other writes without waiting.</li>
 *   <li>A community has a handful of distinct step lines (each step of each grid, rung or not), so each
 *       is made once and kept, within a bound.</li>
 * </ul>
 */
public final class TimelineNotes {
    private static final Logger log = LoggerFactory.getLogger(TimelineNotes.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_LINES = 1_000;

    private final Map<Key, String> stepLines = new ConcurrentHashMap<>();
    private final Staffing staffing;
    private final boolean outsideConfigured;
    private final Duration unreachedRetry;
    private final Clock clock;

    public TimelineNotes(Staffing staffing, boolean outsideConfigured, Duration unreachedRetry, Clock clock) {
        this.staffing = staffing;
        this.outsideConfigured = outsideConfigured;
        this.unreachedRetry = unreachedRetry;
        this.clock = clock;
    }

    /** A fired step: whom it rang, or why it reached nobody. */
    public AlarmStore.TimelineEntry step(StepDecision decision) {
        return entry("ESCALATION", stepLine(decision.number(), decision.step(), decision.people(), decision.everyone(),
                decision.reaches() && decision.outside(), decision.nobodyBecause()));
    }

    /** The display deadline of step {@code fired} passed and no console had shown the call. */
    public AlarmStore.TimelineEntry notSeen(int fired, EscalationPolicy.Step step) {
        return entry("ESCALATION", stepLine(fired, step, Set.of(), false, false, "not-seen"));
    }

    /** The first time a call is found unreached, and what happens next. */
    public AlarmStore.TimelineEntry unreached() {
        return entry("UNREACHED", outsideConfigured ? "outside channel retried every "
                + unreachedRetry.toSeconds() + " s" : "no outside channel configured");
    }

    public AlarmStore.TimelineEntry nobodyOnSite(Alarm call) {
        return entry("NOBODY_ON_SITE", call.handling().acknowledgedName());
    }

    public AlarmStore.TimelineEntry outsideFailed() {
        return entry("OUTSIDE_FAILED", "the outside channel did not answer success");
    }

    /** Adds a line to the call's timeline, in order with the call's other writes; a failure is logged. */
    public static void write(AlarmStore store, Alarm call, AlarmStore.TimelineEntry line) {
        unwaited(store.note(call.id(), line), "note on", call);
    }

    /** A write nobody waits for: the writer stores it in order with the rest; a failure is logged. */
    static void unwaited(CompletableFuture<?> write, String what, Alarm call) {
        write.whenComplete((done, failure) -> {
            if (failure != null) {
                log.error("escalation: could not {} call {}: {}", what, call.id(), failure.getMessage());
            }
        });
    }

    private AlarmStore.TimelineEntry entry(String action, String text) {
        return new AlarmStore.TimelineEntry(clock.instant(), action, "hub", "escalation", text);
    }

    private String stepLine(int step, EscalationPolicy.Step policyStep, Set<String> people, boolean everyone,
                            boolean outside, String nobodyBecause) {
        List<String> rang = people.stream().map(staffing::nameOf).sorted().toList();
        Key key = new Key(step, policyStep, rang, everyone, outside, nobodyBecause);
        String known = stepLines.get(key);
        if (known != null) {
            return known;
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("step", step);
        line.put("afterS", policyStep.afterS());
        line.put("audiences", policyStep.audiences().stream().map(Enum::name).sorted().toList());
        line.put("rang", rang);
        line.put("everyone", everyone);
        line.put("outside", outside);
        line.put("reachedNobody", nobodyBecause);
        try {
            String made = JSON.writeValueAsString(line);
            if (stepLines.size() >= MAX_LINES) {
                stepLines.clear(); // a bound against an unusual roster, not an eviction policy
            }
            stepLines.put(key, made);
            return made;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What a step's line is made of. */
    private record Key(int step, EscalationPolicy.Step policyStep, List<String> rang, boolean everyone,
                       boolean outside, String nobodyBecause) {
    }
}
