package org.carecall.agent.alarm;

import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import org.carecall.agent.feedback.Feedback;
import org.carecall.agent.outbox.Outbox;
import org.carecall.agent.outbox.OutboxEntry;
import org.carecall.protocol.message.Receipt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hop back to the resident: a {@code down/ack} from the hub updates the outbox (RECEIVED stops the
 * resending; a closed call leaves) and moves the light and voice to the open call's state.
 */
public final class ReceiptHandler {
    private static final Logger log = LoggerFactory.getLogger(ReceiptHandler.class);

    private final Outbox outbox;
    private final Feedback feedback;
    private final Clock clock;

    public ReceiptHandler(Outbox outbox, Feedback feedback, Clock clock) {
        this.outbox = outbox;
        this.feedback = feedback;
        this.clock = clock;
    }

    public void receipt(Receipt receipt) throws SQLException {
        Optional<OutboxEntry> before = outbox.openCall();
        outbox.hubReported(receipt.alarmId(), receipt.state(), receipt.by(), clock.instant());
        if (receipt.mergedInto() != null) {
            log.info("hub counted press {} on call {}", receipt.alarmId(), receipt.mergedInto());
            return;
        }
        boolean aboutOpenCall = before.map(open -> open.id().equals(receipt.alarmId())).orElse(false);
        if (!aboutOpenCall) {
            return; // an older call, or one this unit no longer holds
        }
        log.info("hub: call {} is {}{}{}", receipt.alarmId(), receipt.state(),
                receipt.by() == null ? "" : " (" + receipt.by() + ")", receipt.unreached() ? ", nobody handling it" : "");
        if (receipt.state().isFinal()) {
            // The call is over; if another call is still open, show that one.
            Optional<OutboxEntry> next = outbox.openCall();
            if (next.isPresent()) {
                feedback.restore(next.get().state());
                return;
            }
        }
        feedback.state(receipt.state(), receipt.by(), receipt.unreached());
    }
}
