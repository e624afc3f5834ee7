package org.carecall.hub.family;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.carecall.hub.store.Database;
import org.carecall.hub.store.StoreException;
import org.carecall.hub.store.StoredNames;

/**
 * The family outbox in the store: the only reader and writer of {@code family_message}, always on the
 * routine lane, so a call never waits behind a letter to a son.
 *
 * <p>Guarantees: a message is stored before anything is sent, all of one decision in one transaction; it is
 * claimed by one sender at a time (a guarded update: of nodes racing for one row, one changes it and the
 * others change nothing); a claim lasts a lease, and a claim whose node died before marking it is claimed
 * again when the lease runs out, with the same key; only the node holding the claim marks the result; a key
 * is stored once, so a decision made again (the monthly summary swept twice, or by two nodes) stores nothing.
 */
public final class FamilyOutbox {
    private static final String COLUMNS = "id, resident_id, kind, channel, contact_name, relation, address, language,"
            + " subject, body, sent_by, created_at, state, attempts, next_at, delivered_at, last_error";
    private static final String DUE = "((state = 'PENDING' AND next_at <= ?) OR (state = 'SENDING' AND claimed_until <= ?))";

    private final Database database;
    private final Clock clock;

    public FamilyOutbox(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /**
     * Stores the messages of one decision in one transaction: those it stored (a message whose key is stored
     * already, such as a monthly summary another node stored first, is left as it was and not among them).
     */
    public CompletableFuture<List<FamilyMessage>> store(List<FamilyMessage> messages) {
        return database.writer().routine(connection -> insert(connection, messages));
    }

    /**
     * Stores messages inside the transaction of the event that causes them (a check-in's family step), so
     * that the event and its messages are stored together or not at all: those stored.
     */
    public static List<FamilyMessage> insert(Connection connection, List<FamilyMessage> messages) throws SQLException {
        List<FamilyMessage> stored = new ArrayList<>();
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO family_message (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
            for (FamilyMessage message : messages) {
                Object[] values = {message.id(), message.residentId(), message.kind().name(),
                        message.channel().name(), message.contactName(), message.relation(), message.address(),
                        message.language(), message.subject(), message.body(), message.sentBy(),
                        message.createdAt(), message.state().name(), message.attempts(), message.nextAt(),
                        message.deliveredAt(), message.lastError()};
                for (int i = 0; i < values.length; i++) {
                    insert.setObject(i + 1, values[i]);
                }
                if (insert.executeUpdate() == 1) {
                    stored.add(message);
                }
            }
        }
        return stored;
    }

    /** Which of these keys are stored already (any state): a sweep skips what another pass or node decided. */
    public java.util.Set<String> known(java.util.Collection<String> ids) throws StoreException {
        java.util.Set<String> known = new java.util.HashSet<>();
        List<String> all = List.copyOf(ids);
        for (int from = 0; from < all.size(); from += 500) {
            List<String> part = all.subList(from, Math.min(all.size(), from + 500));
            known.addAll(database.read(connection -> {
                List<String> found = new ArrayList<>();
                try (PreparedStatement query = connection.prepareStatement("SELECT id FROM family_message WHERE id IN ("
                        + String.join(", ", part.stream().map(id -> "?").toList()) + ")")) {
                    for (int i = 0; i < part.size(); i++) {
                        query.setString(i + 1, part.get(i));
                    }
                    try (ResultSet rows = query.executeQuery()) {
                        while (rows.next()) {
                            found.add(rows.getString(1));
                        }
                    }
                }
                return found;
            }));
        }
        return known;
    }

    /**
     * Claims up to {@code max} due messages for {@code node} for {@code lease}: those now this node's to send,
     * each with its attempt counted. A message another node claimed first is not among them.
     */
    public CompletableFuture<List<FamilyMessage>> claimDue(String node, int max, Duration lease) {
        return database.writer().routine(connection -> {
            long now = clock.millis();
            List<FamilyMessage> due = select(connection, "SELECT " + COLUMNS + " FROM family_message WHERE " + DUE
                    + " ORDER BY next_at LIMIT ?", now, now, max);
            List<FamilyMessage> claimed = new ArrayList<>();
            try (PreparedStatement claim = connection.prepareStatement("UPDATE family_message SET state = 'SENDING',"
                    + " claimed_by = ?, claimed_until = ?, attempts = attempts + 1 WHERE id = ? AND " + DUE)) {
                for (FamilyMessage message : due) {
                    claim.setString(1, node);
                    claim.setLong(2, now + lease.toMillis());
                    claim.setString(3, message.id());
                    claim.setLong(4, now);
                    claim.setLong(5, now);
                    if (claim.executeUpdate() == 1) {
                        claimed.add(new FamilyMessage(message.id(), message.residentId(), message.kind(),
                                message.channel(), message.contactName(), message.relation(), message.address(),
                                message.language(), message.subject(), message.body(), message.sentBy(),
                                message.createdAt(), FamilyMessage.State.SENDING, message.attempts() + 1,
                                message.nextAt(), null, message.lastError()));
                    }
                }
            }
            return claimed;
        });
    }

    /** Marks a message this node claimed as delivered: true if it still held the claim. */
    public CompletableFuture<Boolean> delivered(String id, String node) {
        return database.writer().routine(connection -> update(connection, "UPDATE family_message SET"
                + " state = 'DELIVERED', delivered_at = ?, claimed_until = NULL, last_error = NULL"
                + " WHERE id = ? AND claimed_by = ? AND state = 'SENDING'", clock.millis(), id, node) == 1);
    }

    /** A failed attempt: due again at {@code retryAt}, or given up when {@code retryAt} is null. */
    public CompletableFuture<Boolean> failed(String id, String node, String error, Long retryAt) {
        String cut = error == null ? "" : error.length() > 300 ? error.substring(0, 300) : error;
        return database.writer().routine(connection -> update(connection, "UPDATE family_message SET state = ?,"
                        + " next_at = COALESCE(?, next_at), claimed_until = NULL, last_error = ?"
                        + " WHERE id = ? AND claimed_by = ? AND state = 'SENDING'",
                retryAt == null ? "GIVEN_UP" : "PENDING", retryAt, cut, id, node) == 1);
    }

    /** A resident's messages, newest first. */
    public List<FamilyMessage> ofResident(String residentId, int limit) throws StoreException {
        return database.read(connection -> select(connection, "SELECT " + COLUMNS + " FROM family_message"
                + " WHERE resident_id = ? ORDER BY created_at DESC, id DESC LIMIT ?", residentId, limit));
    }

    /** The messages given up (every attempt failed), newest first: for the supervisors' list. */
    public List<FamilyMessage> givenUp(int limit) throws StoreException {
        return database.read(connection -> select(connection, "SELECT " + COLUMNS + " FROM family_message"
                + " WHERE state = 'GIVEN_UP' ORDER BY created_at DESC, id DESC LIMIT ?", limit));
    }

    public java.util.Optional<FamilyMessage> message(String id) throws StoreException {
        return database.read(connection -> select(connection, "SELECT " + COLUMNS + " FROM family_message WHERE id = ?",
                id)).stream().findFirst();
    }

    private static int update(Connection connection, String sql, Object... args) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            return statement.executeUpdate();
        }
    }

    private static List<FamilyMessage> select(Connection connection, String sql, Object... args) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                query.setObject(i + 1, args[i]);
            }
            List<FamilyMessage> found = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    long delivered = rows.getLong(16);
                    Long deliveredAt = rows.wasNull() ? null : delivered;
                    // A kind a newer node wrote is still sent and listed (its letter is written), as OTHER.
                    FamilyMessage.Kind kind = FamilyMessage.Kind.of(rows.getString(3));
                    FamilyMessage.Channel channel = StoredNames.read(FamilyMessage.Channel.class, rows.getString(4), null);
                    FamilyMessage.State state = StoredNames.read(FamilyMessage.State.class, rows.getString(13), null);
                    if (channel == null || state == null) {
                        continue; // a newer node's channel or state: that node sends it and shows it
                    }
                    found.add(new FamilyMessage(rows.getString(1), rows.getString(2), kind, channel,
                            rows.getString(5), rows.getString(6), rows.getString(7), rows.getString(8), rows.getString(9),
                            rows.getString(10), rows.getString(11), rows.getLong(12), state, rows.getInt(14),
                            rows.getLong(15), deliveredAt, rows.getString(17)));
                }
            }
            return found;
        }
    }
}
