package org.carecall.agent.alarm;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.carecall.agent.feedback.Feedback;
import org.carecall.agent.outbox.Outbox;
import org.carecall.agent.outbox.OutboxEntry;
import org.carecall.agent.outbox.Sender;
import org.carecall.protocol.AlarmKind;
import org.carecall.protocol.Channel;
import org.carecall.protocol.EventKind;
import org.carecall.protocol.MessageIds;
import org.carecall.protocol.message.AlarmReport;
import org.carecall.protocol.message.Cancel;
import org.carecall.protocol.message.DeviceEvent;
import org.carecall.protocol.message.PayloadCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hop from a trigger to the outbox. Guarantees: an alarm is committed to the outbox before the first
 * light changes; a press while a call is open is sent as a repeat of that call (the hub counts it rather
 * than opening another). Chatter is filtered before this, by each contact. Runs on the agent's loop thread.
 */
public final class AlarmRaiser {
    private static final Logger log = LoggerFactory.getLogger(AlarmRaiser.class);

    private final Outbox outbox;
    private final Feedback feedback;
    private final Sender sender;
    private final Clock clock;
    private final Duration eventTtl;
    private final PayloadCodec codec = new PayloadCodec();

    public AlarmRaiser(Outbox outbox, Feedback feedback, Sender sender, Clock clock, Duration eventTtl) {
        this.outbox = outbox;
        this.feedback = feedback;
        this.sender = sender;
        this.clock = clock;
        this.eventTtl = eventTtl;
    }

    /** Raises an alarm and returns its id. */
    public Optional<String> raise(AlarmKind kind, String source, boolean test) throws SQLException {
        Instant now = clock.instant();
        String repeatOf = outbox.openCall().filter(open -> isPress(kindOf(open)) && isPress(kind))
                .map(OutboxEntry::id).orElse(null);
        String id = MessageIds.next(now.toEpochMilli());
        AlarmReport report = new AlarmReport(id, kind, source, now, outbox.nextSeq(), 1, test, repeatOf);
        outbox.add(id, Channel.ALARM, codec.encode(report), report.seq(), now, repeatOf, null);
        // Stored: only now may the resident see that the call is on its way.
        if (repeatOf == null && test) {
            feedback.testCalling();
        } else if (repeatOf == null) {
            feedback.calling();
            log.info("alarm {} {} from {} stored; sending", kind, id, source);
        } else {
            feedback.pressedAgain();
            log.info("alarm {} from {} is a repeat press of {}; sending", kind, source, repeatOf);
        }
        sender.sendNow();
        return Optional.of(id);
    }

    /** The resident cancels the open call (a long press of the cancel button). */
    public Optional<String> cancelOpenCall() throws SQLException {
        Optional<OutboxEntry> open = outbox.openCall();
        if (open.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        String alarmId = open.get().id();
        outbox.add(MessageIds.next(now.toEpochMilli()), Channel.CANCEL, codec.encode(new Cancel(alarmId, now)),
                outbox.nextSeq(), now, null, null);
        log.info("alarm {} cancelled by the resident; sending", alarmId);
        sender.sendNow();
        return Optional.of(alarmId);
    }

    /** A sensor event that is not an alarm; dropped unsent if it waits longer than its time to live. */
    public void event(EventKind kind, String source) throws SQLException {
        Instant now = clock.instant();
        String id = MessageIds.next(now.toEpochMilli());
        outbox.add(id, Channel.EVENT, codec.encode(new DeviceEvent(id, kind, source, now)), outbox.nextSeq(), now,
                null, now.plus(eventTtl));
        sender.sendNow();
    }

    private AlarmKind kindOf(OutboxEntry entry) {
        try {
            return codec.decode(AlarmReport.class, entry.payload()).kind();
        } catch (Exception e) {
            return AlarmKind.UNKNOWN;
        }
    }

    /** Presses of the call button or the pull cord count on the same call; a sensor alarm is its own call. */
    private static boolean isPress(AlarmKind kind) {
        return kind == AlarmKind.CALL_BUTTON || kind == AlarmKind.PULL_CORD;
    }
}
