package org.carecall.hub.escalation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.carecall.hub.alarm.Alarm;
import org.carecall.hub.alarm.AlarmStates;
import org.carecall.hub.alarm.AlarmStore;
import org.carecall.hub.community.Area;
import org.carecall.hub.device.DeviceLink;
import org.carecall.hub.events.HubEvent;
import org.carecall.hub.events.HubEvents;
import org.carecall.hub.metrics.HubMetrics;
import org.carecall.protocol.AlarmClass;
import org.carecall.protocol.message.Receipt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the world what escalation did, once the store holds it: this node's consoles ring, the metrics
 * count, the outside channel is tried, this node's parts hear the news, and the unit of an unhandled call
 * is told, so that the resident hears she should phone for help.
 *
 * <ul>
 *   <li>Runs on the event thread, after the write that records the step (or queued behind it).</li>
 *   <li>The news it publishes here is the same the write kept for the other hub nodes, which ring alike
 *       when they hear it ({@link #onOtherNode}).</li>
 *   <li>The outside channel counts as reaching somebody only when its receiver answered success.</li>
 *   <li>A unit absent when its call is found unhandled hears it after its next hello (the inbox resends
 *       where each open call stands).</li>
 * </ul>
 */
public final class Announcer {
    private static final Logger log = LoggerFactory.getLogger(Announcer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Ringing ringing;
    private final OutsideChannel outside;
    private final DeviceLink units;
    private final HubEvents events;
    private final AlarmStore store;
    private final TimelineNotes notes;
    private final Sightings sightings;
    private final HubMetrics metrics;
    private final UnreachedLog unreachedLog = new UnreachedLog();

    public Announcer(Ringing ringing, OutsideChannel outside, DeviceLink units, HubEvents events, AlarmStore store,
                     TimelineNotes notes, Sightings sightings, HubMetrics metrics) {
        this.ringing = ringing;
        this.outside = outside;
        this.units = units;
        this.events = events;
        this.store = store;
        this.notes = notes;
        this.sightings = sightings;
        this.metrics = metrics;
    }

    public Ringing ringing() {
        return ringing;
    }

    /**
     * A fired step: this node's consoles ring (even when nobody can see the call yet: a console that opens
     * later still rings), the metrics count it, a step that reaches somebody tries the outside channel, and
     * the step's {@code news} is told. {@code logNobody}: say in the log that the step reached nobody.
     */
    void step(Alarm call, StepDecision decision, List<HubEvent> news, boolean logNobody) {
        ringing.ring(call.id(), decision.people(), decision.everyone());
        if (decision.nobodyOnDuty()) {
            metrics.rosterGap();
        }
        metrics.escalationStep(decision.reaches());
        if (!decision.reaches() && logNobody) {
            log.warn("escalation: call {} step {} can reach nobody ({}: {}); moving on", call.id(),
                    decision.number(), decision.audiences(), decision.nobodyBecause());
        }
        if (decision.reaches() && decision.outside()) {
            callOutside(call, decision.grid(), call.id() + "/step-" + decision.number());
        }
        news.forEach(events::publish);
    }

    /** What a fired step tells this node's parts and the other nodes: a roster gap, and who rings. */
    static List<HubEvent> stepNews(Alarm call, StepDecision decision) {
        List<HubEvent> news = new ArrayList<>(2);
        if (decision.nobodyOnDuty()) {
            news.add(new HubEvent.RosterGap(call, decision.grid().map(a -> "grid " + a.name())
                    .orElse("this call's community")));
        }
        if (decision.reaches()) {
            news.add(new HubEvent.AlarmEscalated(call, decision.number(), decision.audiences(),
                    Set.copyOf(decision.people()), decision.everyone()));
        }
        return news;
    }

    /** Nobody arrived in time after "I'm coming": the step's people ring again, here and on the other nodes. */
    void ringAgain(Alarm call, StepDecision decision, HubEvent news) {
        ringing.ring(call.id(), decision.people(), decision.everyone());
        events.publish(news);
    }

    /** A round of a call every step of which reached nobody, as told to this node's parts and the others. */
    static HubEvent unreachedNews(Alarm call, int steps) {
        return new HubEvent.AlarmEscalated(call, steps, HubEvent.AlarmEscalated.UNREACHED, Set.of(),
                ringsEveryoneWhenUnreached(call));
    }

    /**
     * A new call whose first steps reached nobody: as the first round of {@link #unreachedRound}, but the unit
     * is not told again, since the call's RECEIVED said so.
     */
    void unreachedFromTheStart(Alarm call, int steps, Optional<Area> grid) {
        unreachedRound(call, steps, true, false, null, grid);
    }

    /**
     * A round of an unreached call that this node claimed: the first is counted and logged, and the unit
     * told; each tries the outside channel, keyed by when the round was due (null: the first), and tells the
     * consoles.
     */
    void unreachedRound(Alarm call, int steps, boolean first, Instant due, Optional<Area> grid) {
        unreachedRound(call, steps, first, first, due, grid);
    }

    private void unreachedRound(Alarm call, int steps, boolean first, boolean tellUnit, Instant due,
                                Optional<Area> grid) {
        ringing.markUnreached(call.id(), ringsEveryoneWhenUnreached(call));
        if (first) {
            metrics.callUnreached();
            unreachedLog.reachedNobody(call.id(), steps);
        }
        if (tellUnit) {
            units.send(call.deviceId(), Receipt.of(call.unitAlarmId(), call.state(), call.handling().unreachedAt(), true));
        }
        if (outside.configured()) {
            callOutside(call, grid, call.id() + "/unreached-" + (due == null ? "first" : String.valueOf(due.toEpochMilli())));
        }
        events.publish(unreachedNews(call, steps));
    }

    /** A care call that reached nobody rings every console; a technical alarm keeps to its own chain. */
    static boolean ringsEveryoneWhenUnreached(Alarm call) {
        return call.kind().alarmClass() != AlarmClass.TECHNICAL;
    }

    /** The call was taken or closed: it stops ringing here. */
    void stop(Alarm call) {
        ringing.stop(call.id());
    }

    /**
     * News from another hub node: its escalation rang people or found a call unreached, or someone took
     * the call there. This node's consoles ring and stop alike; the store was written by that node.
     */
    void onOtherNode(HubEvent event) {
        switch (event) {
            case HubEvent.AlarmEscalated escalated when escalated.unreached() ->
                    ringing.markUnreached(escalated.alarm().id(), escalated.everyone());
            case HubEvent.AlarmEscalated escalated ->
                    ringing.ring(escalated.alarm().id(), escalated.rang(), escalated.everyone());
            case HubEvent.AlarmUpdated updated when !AlarmStates.WAITING.contains(updated.alarm().state()) ->
                    ringing.stop(updated.alarm().id());
            default -> { }
        }
    }

    private void callOutside(Alarm call, Optional<Area> grid, String key) {
        outside.send(key, outsideMessage(call, grid, key)).whenComplete((delivered, failure) -> {
            if (Boolean.TRUE.equals(delivered)) {
                events.run(() -> sightings.outsideAnswered(call.id()).whenComplete((done, e) -> {
                    if (e != null) {
                        log.error("escalation: could not record the outside channel's answer for {}: {}",
                                call.id(), e.getMessage());
                    }
                }));
            } else {
                metrics.outsideChannelFailed();
                TimelineNotes.write(store, call, notes.outsideFailed());
            }
        });
    }

    private static String outsideMessage(Alarm call, Optional<Area> grid, String key) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("event", "alarm.unanswered");
        message.put("key", key);
        message.put("alarmId", call.id());
        message.put("kind", call.kind().name());
        message.put("deviceId", call.deviceId());
        message.put("receivedAt", call.receivedAt().toString());
        grid.ifPresent(a -> message.put("area", a.name()));
        try {
            return JSON.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
