package org.carecall.hub.family;

/**
 * One message to one family member on one channel, as the outbox keeps it. {@code id} is its key: the
 * idempotency key every channel carries, the same on each attempt and on every hub node. The text holds
 * only what happened and whom to call, never health notes, medicines or visit domains.
 */
public record FamilyMessage(String id, String residentId, Kind kind, Channel channel, String contactName,
                            String relation, String address, String language, String subject, String body,
                            String sentBy, long createdAt, State state, int attempts, long nextAt,
                            Long deliveredAt, String lastError) {

    /**
     * Why the message is sent: a short update (近况) from staff, a missed check-in that reached its family
     * step, the monthly summary, a call that was resolved; OTHER for a kind a newer hub node wrote.
     */
    public enum Kind {
        UPDATE, CHECK_IN_MISSED, MONTHLY, CALL_RESOLVED, OTHER;

        /** The kind as stored; one this node does not know is still sent and listed, as OTHER. */
        public static Kind of(String stored) {
            for (Kind kind : values()) {
                if (kind.name().equals(stored)) {
                    return kind;
                }
            }
            return OTHER;
        }
    }

    /** E-mail over SMTP, or the signed webhook for an SMS or messaging gateway. */
    public enum Channel { EMAIL, WEBHOOK }

    public enum State { PENDING, SENDING, DELIVERED, GIVEN_UP }

    /** A new message, due at once. */
    public static FamilyMessage decided(String id, String residentId, Kind kind, Channel channel, String contactName,
                                        String relation, String address, String language, String subject,
                                        String body, String sentBy, long now) {
        return new FamilyMessage(id, residentId, kind, channel, contactName, relation, address, language, subject,
                body, sentBy, now, State.PENDING, 0, now, null, null);
    }
}
