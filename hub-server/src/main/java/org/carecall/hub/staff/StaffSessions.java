package org.carecall.hub.staff;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.carecall.hub.audit.AuditLog;
import org.carecall.hub.security.Passwords;
import org.carecall.hub.staff.StaffDirectory.Caller;
import org.carecall.hub.staff.StaffDirectory.LoggedIn;
import org.carecall.hub.staff.StaffDirectory.Session;
import org.carecall.hub.store.Database;
import org.carecall.hub.store.StoreException;

/**
 * Console sessions, the owner of the {@code staff_session} table. Tokens are kept only as hashes, so a copy
 * of the database lets nobody in.
 *
 * <p>Guarantees: a session lasts its lifetime from login, slides on while its console stays connected
 * ({@link #renew}, never beyond {@link #ABSOLUTE_LIMIT} after login) and holds only while its account is
 * enabled; a session ended
 * anywhere (another node, the command line) is let in from this node's memory for at most {@link #RECHECK}
 * more, and while the store cannot answer, memory decides; a logout waits until the row is gone.
 */
final class StaffSessions {
    /** How long a session found in memory is trusted before the store is asked whether it still stands. */
    static final Duration RECHECK = Duration.ofSeconds(2);

    /** However long a console stays connected, its session ends this long after login: longer than any shift. */
    static final Duration ABSOLUTE_LIMIT = Duration.ofHours(24);

    /** A connected session is renewed once its expiry has fallen this far behind a fresh one: a write every few minutes. */
    static final Duration RENEW_EVERY = Duration.ofMinutes(5);

    /** A session as kept in memory; {@code checkedAt}: when the store last said it stands. */
    record StoredSession(String staffId, Instant startedAt, Instant expiresAt, String origin, boolean oneTime,
                         Instant checkedAt) {
    }

    private final Database database;
    private final AuditLog audit;
    private final Clock clock;
    private final Duration lifetime;
    private final StaffAccounts accounts;
    private final Consumer<Staff> sessionsEnded;
    private final Map<String, StoredSession> sessions = new ConcurrentHashMap<>();

    StaffSessions(Database database, AuditLog audit, Clock clock, Duration lifetime, StaffAccounts accounts,
                  Consumer<Staff> sessionsEnded) {
        this.database = database;
        this.audit = audit;
        this.clock = clock;
        this.lifetime = lifetime;
        this.accounts = accounts;
        this.sessionsEnded = sessionsEnded;
    }

    /** Opens a session for a member of staff whose password was checked, stored before it is returned. */
    Session open(Staff staff, String origin, boolean oneTime) {
        String token = Passwords.newToken();
        Instant now = clock.instant();
        Instant expires = now.plus(lifetime);
        String tokenHash = Passwords.tokenHash(token);
        String staffId = staff.id();
        database.writer().routine(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO staff_session (token_hash,"
                    + " staff_id, created_at, expires_at, origin, one_time) VALUES (?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, tokenHash);
                insert.setString(2, staffId);
                insert.setLong(3, now.toEpochMilli());
                insert.setLong(4, expires.toEpochMilli());
                insert.setString(5, origin);
                insert.setInt(6, oneTime ? 1 : 0);
                return insert.executeUpdate();
            }
        }).join();
        sessions.put(tokenHash, new StoredSession(staffId, now, expires, origin, oneTime, now));
        return new Session(token, staff, expires, oneTime);
    }

    /** See {@link StaffDirectory#caller}. */
    Optional<Caller> caller(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        String tokenHash = Passwords.tokenHash(token);
        StoredSession session = sessions.get(tokenHash);
        Instant now = clock.instant();
        boolean due = session == null || !now.isBefore(session.checkedAt().plus(RECHECK));
        if (due && (session == null || database.writer().healthy())) { // a failing store is not waited on
            session = storedSession(tokenHash, session).orElse(null);
        }
        if (session == null || !now.isBefore(session.expiresAt())) {
            return Optional.empty();
        }
        boolean oneTime = session.oneTime();
        return accounts.find(session.staffId()).filter(staff -> !staff.disabled())
                .map(staff -> new Caller(staff, oneTime));
    }

    /** See {@link StaffDirectory#authenticateFromMemory}. */
    Optional<Staff> fromMemory(StaffDirectory.SessionKey key) {
        if (key.tokenHash() == null) {
            return Optional.empty();
        }
        StoredSession session = sessions.get(key.tokenHash());
        if (session == null || !clock.instant().isBefore(session.expiresAt())) {
            return Optional.empty();
        }
        return accounts.find(session.staffId()).filter(staff -> !staff.disabled());
    }

    /**
     * A connected console's session slides: its expiry moves to a full lifetime from now, but never past
     * {@link #ABSOLUTE_LIMIT} after login. Written on the routine lane without waiting (the caller is a
     * socket's thread); memory takes the new expiry once the row did, so a session ended meanwhile stays
     * ended. Returns how long the session has left as things stand, or empty for a session that is not known
     * here or has ended.
     */
    Optional<Duration> renew(StaffDirectory.SessionKey key) {
        StoredSession session = key.tokenHash() == null ? null : sessions.get(key.tokenHash());
        Instant now = clock.instant();
        if (session == null || !now.isBefore(session.expiresAt())) {
            return Optional.empty();
        }
        Instant limit = session.startedAt().plus(lifetime.compareTo(ABSOLUTE_LIMIT) > 0 ? lifetime : ABSOLUTE_LIMIT);
        Instant renewed = min(now.plus(lifetime), limit);
        boolean due = renewed.isAfter(session.expiresAt().plus(RENEW_EVERY))
                || renewed.equals(limit) && renewed.isAfter(session.expiresAt());
        if (!due) {
            return Optional.of(Duration.between(now, session.expiresAt())); // renewed lately, or at its limit
        }
        String tokenHash = key.tokenHash();
        long nowMs = now.toEpochMilli();
        database.writer().routine(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE staff_session SET expires_at = ? WHERE token_hash = ? AND expires_at > ?")) {
                update.setLong(1, renewed.toEpochMilli());
                update.setString(2, tokenHash);
                update.setLong(3, nowMs);
                return update.executeUpdate();
            }
        }).thenAccept(updated -> {
            if (updated == 1) {
                sessions.computeIfPresent(tokenHash, (hash, known) -> new StoredSession(known.staffId(),
                        known.startedAt(), renewed, known.origin(), known.oneTime(), known.checkedAt()));
            }
        });
        return Optional.of(Duration.between(now, renewed));
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /**
     * The session as the store has it now (opened on another node, or ended anywhere), kept in memory;
     * when the store cannot be read, what memory had.
     */
    private Optional<StoredSession> storedSession(String tokenHash, StoredSession known) {
        try {
            Optional<StoredSession> found = database.read(connection -> {
                try (PreparedStatement query = connection.prepareStatement("SELECT staff_id, created_at, expires_at,"
                        + " origin, one_time FROM staff_session WHERE token_hash = ? AND expires_at > ?")) {
                    query.setString(1, tokenHash);
                    query.setLong(2, clock.millis());
                    try (ResultSet rows = query.executeQuery()) {
                        return rows.next() ? Optional.of(session(rows, 1, clock.instant())) : Optional.<StoredSession>empty();
                    }
                }
            });
            if (found.isPresent()) {
                sessions.put(tokenHash, found.get());
            } else {
                sessions.remove(tokenHash);
            }
            return found;
        } catch (StoreException e) {
            return Optional.ofNullable(known);
        }
    }

    /** See {@link StaffDirectory#logout}. */
    void logout(String token, String origin) {
        String tokenHash = Passwords.tokenHash(token);
        Optional<Staff> who = caller(token).map(Caller::staff);
        sessions.remove(tokenHash);
        database.writer().routine(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM staff_session WHERE token_hash = ?")) {
                delete.setString(1, tokenHash);
                return delete.executeUpdate();
            }
        }).join();
        sessions.remove(tokenHash); // looked up again while the delete was on its way
        who.ifPresent(staff -> audit.changed(staff.username(), "logout", null, origin, "logged out"));
    }

    /** See {@link StaffDirectory#endSessions}. */
    int endAll(String staffId, String keptToken, String by, String origin) {
        Staff staff = accounts.find(staffId).orElseThrow(() -> new IllegalArgumentException("no account '" + staffId + "'"));
        String keptTokenHash = keptToken == null ? null : Passwords.tokenHash(keptToken);
        int ended = database.writer().routine(connection -> delete(connection, staffId, keptTokenHash)).join();
        forget(staffId, keptTokenHash);
        audit.changed(by, "sessions.ended", null, origin, "user '" + staff.username() + "': " + ended
                + (keptToken == null ? " session(s) ended" : " other session(s) ended"));
        sessionsEnded.accept(staff);
        return ended;
    }

    /** Ends in the store, inside the caller's transaction, every session of an account but the kept one (null: all). */
    static int delete(Connection connection, String staffId, String keptTokenHash) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM staff_session WHERE staff_id = ? AND token_hash <> ?")) {
            delete.setString(1, staffId);
            delete.setString(2, keptTokenHash == null ? "" : keptTokenHash);
            return delete.executeUpdate();
        }
    }

    /** Lifts, inside the caller's transaction, the one-time limit of the session that chose a new password. */
    static void clearOneTime(Connection connection, String tokenHash) throws SQLException {
        try (PreparedStatement kept = connection.prepareStatement(
                "UPDATE staff_session SET one_time = 0 WHERE token_hash = ?")) {
            kept.setString(1, tokenHash);
            kept.executeUpdate();
        }
    }

    /** Forgets here every session of an account but the kept one (null: all), once the store ended them. */
    void forget(String staffId, String keptTokenHash) {
        sessions.entrySet().removeIf(entry -> entry.getValue().staffId().equals(staffId)
                && !entry.getKey().equals(keptTokenHash));
    }

    /** Remembers that the kept session, once {@link #clearOneTime} committed, is no longer limited. */
    void clearedOneTime(String keptTokenHash) {
        StoredSession kept = keptTokenHash == null ? null : sessions.get(keptTokenHash);
        if (kept != null) {
            sessions.put(keptTokenHash, new StoredSession(kept.staffId(), kept.startedAt(), kept.expiresAt(),
                    kept.origin(), false, clock.instant()));
        }
    }

    /** The console logins of a member of staff that have not ended, newest first. */
    List<LoggedIn> loggedIn(String staffId) {
        Instant now = clock.instant();
        return sessions.values().stream().filter(session -> session.staffId().equals(staffId))
                .filter(session -> now.isBefore(session.expiresAt()))
                .sorted(Comparator.comparing(StoredSession::startedAt).reversed())
                .map(session -> new LoggedIn(session.startedAt(), session.origin())).toList();
    }

    /** The sessions that have not expired, as the store has them. */
    Map<String, StoredSession> read(Connection connection) throws SQLException {
        Map<String, StoredSession> read = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT token_hash, staff_id, created_at, expires_at, origin, one_time FROM staff_session"
                        + " WHERE expires_at > ?")) {
            query.setLong(1, clock.millis());
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    read.put(rows.getString(1), session(rows, 2, clock.instant()));
                }
            }
        }
        return read;
    }

    /** Takes what {@link #read} found in place of what was known. */
    void replace(Map<String, StoredSession> read) {
        StaffDirectory.replace(sessions, read);
    }

    /**
     * A session from its row's staff_id, created_at, expires_at, origin and one_time, the first at
     * {@code column}, as the store had it at {@code checkedAt}.
     */
    private static StoredSession session(ResultSet rows, int column, Instant checkedAt) throws SQLException {
        return new StoredSession(rows.getString(column), Instant.ofEpochMilli(rows.getLong(column + 1)),
                Instant.ofEpochMilli(rows.getLong(column + 2)), rows.getString(column + 3), rows.getInt(column + 4) == 1,
                checkedAt);
    }
}
