package org.carecall.hub.staff;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.carecall.hub.audit.AuditLog;
import org.carecall.hub.security.CommonPasswords;
import org.carecall.hub.security.Passwords;
import org.carecall.hub.security.SourceThrottle;
import org.carecall.hub.store.Database;
import org.carecall.hub.store.StoreException;

/**
 * The accounts' passwords: choosing, resetting and the one-time passwords, the only writer of the password
 * columns of the {@code staff} table. Passwords are stored as slow salted hashes.
 *
 * <p>Guarantees: a password chosen is long enough and not common; a generated or reset password is good for
 * one login within {@link StaffDirectory#ONE_TIME_LIFETIME}; a new password ends, in the same transaction,
 * every session of the account but the one that chose it; the stored hash is read at every use, so all
 * nodes and the command line agree on it.
 */
final class StaffPasswords {
    /** An account's password as stored now, read at every login so that all nodes agree on it. */
    record StoredPassword(String staffId, String hash, boolean oneTime, Long oneTimeUntil, Long usedAt) {
    }

    private final Database database;
    private final AuditLog audit;
    private final Clock clock;
    private final SourceThrottle throttle;
    private final StaffAccounts accounts;
    private final StaffSessions sessions;
    private final Consumer<Staff> sessionsEnded;
    private final Consumer<Staff> passwordChanged;

    StaffPasswords(Database database, AuditLog audit, Clock clock, SourceThrottle throttle, StaffAccounts accounts,
                   StaffSessions sessions, Consumer<Staff> sessionsEnded, Consumer<Staff> passwordChanged) {
        this.database = database;
        this.audit = audit;
        this.clock = clock;
        this.throttle = throttle;
        this.accounts = accounts;
        this.sessions = sessions;
        this.sessionsEnded = sessionsEnded;
        this.passwordChanged = passwordChanged;
    }

    /** Why a password may not be chosen, or null when it may: too short or too common. */
    static String refusal(String password) {
        if (password == null || password.length() < StaffDirectory.MIN_PASSWORD) {
            return "must be at least " + StaffDirectory.MIN_PASSWORD + " characters";
        }
        if (CommonPasswords.contains(password)) {
            return "is one of the most common passwords, the first a guesser tries: choose another";
        }
        return null;
    }

    /** See {@link StaffDirectory#changePassword}. */
    boolean change(Staff staff, String current, String next, String origin, String keptToken) throws StoreException {
        String source = AuditLog.source(origin);
        if (!throttle.wait(source, staff.username()).isZero()) {
            audit.record("password.change-throttled", staff.username(), origin, "too many wrong passwords from here");
            return false;
        }
        Optional<StoredPassword> stored = stored(staff.username());
        if (stored.isEmpty() || !Passwords.matches(stored.get().hash(), current)) {
            throttle.failed(source, staff.username());
            audit.record("password.change-refused", staff.username(), origin, "wrong current password");
            return false;
        }
        String refused = refusal(next);
        if (refused != null) {
            throw new IllegalArgumentException("the new password " + refused);
        }
        if (next.equals(current)) {
            throw new IllegalArgumentException("the new password must differ from the current one");
        }
        set(staff, next, false, keptToken == null ? null : Passwords.tokenHash(keptToken)).join();
        sessionsEnded.accept(staff);
        audit.changed(staff.username(), "password.changed", null, origin, "user '" + staff.username() + "'");
        passwordChanged.accept(staff);
        return true;
    }

    /** See {@link StaffDirectory#resetPassword}. */
    Staff reset(String username, String password, boolean oneLoginOnly, String origin) {
        Staff staff = accounts.byUsername(username)
                .orElseThrow(() -> new IllegalArgumentException("no account '" + username + "'"));
        String refused = refusal(password);
        if (refused != null) {
            throw new IllegalArgumentException("the password " + refused);
        }
        set(staff, password, oneLoginOnly, null).join();
        sessionsEnded.accept(staff);
        audit.changed("operator:" + System.getProperty("user.name", "?"), "password.reset", null, origin, "user '" + username + "'" + (oneLoginOnly ? ", to be changed at the next login" : ""));
        return staff;
    }

    /** See {@link StaffDirectory#resetByAdmin}. */
    String resetByAdmin(String id, String origin, String by) {
        Staff staff = accounts.existing(id);
        String password = Passwords.random();
        set(staff, password, true, null).join();
        sessionsEnded.accept(staff);
        audit.changed(by, "password.reset", null, origin, "user '" + staff.username() + "', to be changed at the next login");
        return password;
    }

    /**
     * Stores a new hash and, in the same transaction, ends every session of the account but the kept one
     * (null: all of them), which is no longer limited to choosing a password.
     */
    CompletableFuture<Integer> set(Staff staff, String password, boolean oneLoginOnly, String keptTokenHash) {
        String hash = Passwords.hash(password);
        return database.writer().routine(connection -> {
            int rows;
            try (PreparedStatement update = connection.prepareStatement("UPDATE staff SET password_hash = ?,"
                    + " must_change_password = ?, one_time_until = ?, one_time_used_at = NULL WHERE id = ?")) {
                update.setString(1, hash);
                update.setInt(2, oneLoginOnly ? 1 : 0);
                if (oneLoginOnly) {
                    update.setLong(3, clock.instant().plus(StaffDirectory.ONE_TIME_LIFETIME).toEpochMilli());
                } else {
                    update.setNull(3, Types.BIGINT);
                }
                update.setString(4, staff.id());
                rows = update.executeUpdate();
            }
            StaffSessions.delete(connection, staff.id(), keptTokenHash);
            if (keptTokenHash != null) {
                StaffSessions.clearOneTime(connection, keptTokenHash);
            }
            return rows;
        }).thenApply(rows -> {
            accounts.mustChangePassword(staff.id(), oneLoginOnly);
            sessions.forget(staff.id(), keptTokenHash);
            sessions.clearedOneTime(keptTokenHash);
            return rows;
        });
    }

    /** The account's password as stored now: another node or process (a reset) may have changed it. */
    Optional<StoredPassword> stored(String username) throws StoreException {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT id, password_hash, must_change_password,"
                    + " one_time_until, one_time_used_at FROM staff WHERE username = ?")) {
                query.setString(1, username);
                try (ResultSet rows = query.executeQuery()) {
                    if (!rows.next()) {
                        return Optional.<StoredPassword>empty();
                    }
                    long until = rows.getLong(4);
                    Long oneTimeUntil = rows.wasNull() ? null : until;
                    long used = rows.getLong(5);
                    Long usedAt = rows.wasNull() ? null : used;
                    return Optional.of(new StoredPassword(rows.getString(1), rows.getString(2), rows.getInt(3) == 1,
                            oneTimeUntil, usedAt));
                }
            }
        });
    }

    /** Why a right one-time password no longer opens a session, or null while it does. */
    String spentOneTime(StoredPassword stored) {
        if (!stored.oneTime()) {
            return null;
        }
        if (stored.usedAt() != null) {
            return "a one-time password already used";
        }
        if (stored.oneTimeUntil() != null && clock.millis() >= stored.oneTimeUntil()) {
            return "a one-time password past its day";
        }
        return null;
    }

    /** Marks a one-time password used; false when another login (on any node) used it first. */
    boolean useOneTime(StoredPassword stored) {
        return database.writer().routine(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE staff SET one_time_used_at = ?"
                    + " WHERE id = ? AND password_hash = ? AND one_time_used_at IS NULL")) {
                update.setLong(1, clock.millis());
                update.setString(2, stored.staffId());
                update.setString(3, stored.hash());
                return update.executeUpdate();
            }
        }).join() == 1;
    }

    /** Stores the hash again at today's strength, unless the password changed meanwhile. */
    void upgrade(StoredPassword stored, String password) {
        String stronger = Passwords.hash(password);
        database.writer().routine(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE staff SET password_hash = ? WHERE id = ? AND password_hash = ?")) {
                update.setString(1, stronger);
                update.setString(2, stored.staffId());
                update.setString(3, stored.hash());
                return update.executeUpdate();
            }
        }).join();
    }
}
