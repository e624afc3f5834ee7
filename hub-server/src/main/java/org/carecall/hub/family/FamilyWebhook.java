package org.carecall.hub.family;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.carecall.hub.escalation.OutsideChannel;

/**
 * Family news for an SMS or messaging gateway: a {@code family.message} event posted to the outside
 * channel's webhook, signed as every event there is ({@link OutsideChannel}); the message's key is the
 * {@code Idempotency-Key} and the body's {@code key}. Only a 2xx answer counts as delivered; the outbox
 * keeps the retries.
 */
public final class FamilyWebhook implements FamilyChannel {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final OutsideChannel outside;

    public FamilyWebhook(OutsideChannel outside) {
        this.outside = outside;
    }

    @Override
    public FamilyMessage.Channel kind() {
        return FamilyMessage.Channel.WEBHOOK;
    }

    @Override
    public void deliver(FamilyMessage message) throws IOException, InterruptedException {
        int status = outside.post(message.id(), event(message));
        if (status / 100 != 2) {
            throw new IOException("the gateway answered " + status);
        }
    }

    /** The event's body: whom to send it to, in which language, and the text; never more of her file. */
    static String event(FamilyMessage message) throws IOException {
        Map<String, Object> to = new LinkedHashMap<>();
        to.put("name", message.contactName());
        to.put("relation", message.relation());
        to.put("phone", message.address());
        to.put("language", message.language());
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("event", "family.message");
        event.put("key", message.id());
        event.put("kind", message.kind().name());
        event.put("residentId", message.residentId());
        event.put("to", to);
        event.put("subject", message.subject());
        event.put("text", message.body());
        event.put("createdAt", Instant.ofEpochMilli(message.createdAt()).toString());
        return JSON.writeValueAsString(event);
    }
}
