package org.carecall.hub.staff;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.carecall.hub.audit.AuditLog;
import org.carecall.hub.security.CommonPasswords;
import org.carecall.hub.security.SourceThrottle;
import org.carecall.hub.security.Passwords;
import org.carecall.hub.store.Database;
import org.carecall.hub.store.StoreException;
import org.carecall.protocol.MessageIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Staff accounts and their console sessions. Passwords are stored as slow salted hashes; session tokens
 * only as hashes, so a copy of the database lets nobody log in. Sessions end after a fixed lifetime.
 *
 * <p>Guarantees: a generated or reset password opens one session, within {@link #ONE_TIME_LIFETIME}, and
 * that session may only choose a new password; choosing or resetting a password ends every other session
 * of the account in the store, and a session ended anywhere (another node, the command line) is let in
 * from this node's memory for at most {@link #RECHECK} more. A login reads the store once and hashes once
 * whether or not the name exists, so its work says nothing about which names do.
 */
public final class StaffDirectory {
    private static final Logger log = LoggerFactory.getLogger(StaffDirectory.class);
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{2,31}");
    public static final int MIN_PASSWORD = 10;
    /** How long a generated or reset password may wait for its one login. */
    public static final Duration ONE_TIME_LIFETIME = Duration.ofHours(24);
    /** How long a session found in memory is trusted before the store is asked whether it still stands. */
    static final Duration RECHECK = Duration.ofSeconds(2);

    /**
     * A logged-in console: the token to send as {@code Authorization: Bearer}, when it stops working, and
     * whether it was opened with a one-time password (then it may only choose a new one).
     */
    public record Session(String token, Staff staff, Instant expiresAt, boolean oneTime) {
    }

    /** Who holds a token, and whether their session may only choose a new password. */
    public record Caller(Staff staff, boolean oneTime) {
    }

    /** A session as kept in memory; {@code checkedAt}: when the store last said it stands. */
    private record StoredSession(String staffId, Instant startedAt, Instant expiresAt, String origin, boolean oneTime,
                                 Instant checkedAt) {
    }

    /** An account's password as stored now, read at every login so that all nodes agree on it. */
    private record StoredPassword(String staffId, String hash, boolean oneTime, Long oneTimeUntil, Long usedAt) {
    }

    /** A console login that has not ended: when it began and from where. */
    public record LoggedIn(Instant since, String origin) {
    }

    private final Database database;
    private final AuditLog audit;
    private final Clock clock;
    private final Duration sessionLifetime;
    private final SourceThrottle throttle;
    /** Checked against when a name is unknown, so that a wrong name costs the same work as a wrong password. */
    private final String decoyHash = Passwords.hash(Passwords.random());
    private final Map<String, Staff> byId = new ConcurrentHashMap<>();
    private final Map<String, StoredSession> sessions = new ConcurrentHashMap<>();
    /** Accounts whose password was generated or reset: good for one login, then they must choose their own. */
    private final java.util.Set<String> mustChange = ConcurrentHashMap.newKeySet();
    /** The grids each member of staff works in (empty: the whole community). */
    private final Map<String, List<String>> grids = new ConcurrentHashMap<>();
    private volatile java.util.function.Consumer<Staff> passwordChanged = staff -> { };
    private volatile java.util.function.Consumer<Staff> sessionsEnded = staff -> { };

    public StaffDirectory(Database database, AuditLog audit, Clock clock, Duration sessionLifetime, int failedLoginsPerMinute)
            throws StoreException {
        this.database = database;
        this.audit = audit;
        this.clock = clock;
        this.sessionLifetime = sessionLifetime;
        this.throttle = SourceThrottle.forStaff(failedLoginsPerMinute, clock);
        load();
    }

    /**
     * On a first start there is no account: creates {@code admin} with the given password, or with a random
     * one that is returned so it can be printed once. Returns empty when accounts already exist.
     */
    public Optional<String> ensureAdmin(String password) {
        if (!byId.isEmpty()) {
            return Optional.empty();
        }
        boolean generated = password == null || password.isBlank();
        if (!generated && CommonPasswords.contains(password)) {
            throw new IllegalArgumentException("the admin password given (CARECALL_ADMIN_PASSWORD or console.adminPassword)"
                    + " is too common: choose another");
        }
        String chosen = generated ? Passwords.random() : password;
        Staff admin = create("admin", "Administrator", Role.ADMIN, null, null, chosen).join();
        if (generated) {
            setPassword(admin, chosen, true, null).join();
        }
        log.info("created the first account, admin");
        return Optional.of(chosen);
    }

    /** Whether this account's password was generated or reset, so the console asks for a new one first. */
    public boolean mustChangePassword(Staff staff) {
        return mustChange.contains(staff.id());
    }

    /** Told whenever a member of staff chose a new password (the hub removes the first-start password file). */
    public void onPasswordChanged(java.util.function.Consumer<Staff> listener) {
        this.passwordChanged = listener;
    }

    /** Told whenever sessions of an account were ended here (the hub closes their live consoles). */
    public void onSessionsEnded(java.util.function.Consumer<Staff> listener) {
        this.sessionsEnded = listener;
    }

    /** Why a password may not be chosen, or null when it may: too short or too common. */
    public static String refusal(String password) {
        if (password == null || password.length() < MIN_PASSWORD) {
            return "must be at least " + MIN_PASSWORD + " characters";
        }
        if (CommonPasswords.contains(password)) {
            return "is one of the most common passwords, the first a guesser tries: choose another";
        }
        return null;
    }

    /**
     * A member of staff chooses a new password, proving the current one. Refused (false) for a wrong
     * current password; the new one must be long enough, not common and not the same. Audited either way.
     * Every other session of the account ends; the one that chose (its token given) stays, no longer
     * limited to choosing a password.
     */
    public boolean changePassword(Staff staff, String current, String next, String origin, String keptToken)
            throws StoreException {
        String source = AuditLog.source(origin);
        if (!throttle.wait(source, staff.username()).isZero()) {
            audit.record("password.change-throttled", staff.username(), origin, "too many wrong passwords from here");
            return false;
        }
        Optional<StoredPassword> stored = storedPassword(staff.username());
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
        setPassword(staff, next, false, keptToken == null ? null : Passwords.tokenHash(keptToken)).join();
        sessionsEnded.accept(staff);
        audit.changed(staff.username(), "password.changed", null, origin, "user '" + staff.username() + "'");
        passwordChanged.accept(staff);
        return true;
    }

    /**
     * Sets a user's password from outside the console (the operator's reset-admin-password), possibly
     * while the hub runs: the running hub reads the new hash from the store at the next login.
     */
    public Staff resetPassword(String username, String password, boolean oneLoginOnly, String origin) {
        Staff staff = byUsername(username).orElseThrow(() -> new IllegalArgumentException("no account '" + username + "'"));
        String refused = refusal(password);
        if (refused != null) {
            throw new IllegalArgumentException("the password " + refused);
        }
        setPassword(staff, password, oneLoginOnly, null).join();
        sessionsEnded.accept(staff);
        audit.changed("operator:" + System.getProperty("user.name", "?"), "password.reset", null, origin, "user '" + username + "'" + (oneLoginOnly ? ", to be changed at the next login" : ""));
        return staff;
    }

    /**
     * Stores a new hash and, in the same transaction, ends every session of the account but the kept one
     * (null: all of them), which is no longer limited to choosing a password.
     */
    private java.util.concurrent.CompletableFuture<Integer> setPassword(Staff staff, String password, boolean oneLoginOnly,
                                                                        String keptTokenHash) {
        String hash = Passwords.hash(password);
        return database.writer().routine(connection -> {
            int rows;
            try (PreparedStatement update = connection.prepareStatement("UPDATE staff SET password_hash = ?,"
                    + " must_change_password = ?, one_time_until = ?, one_time_used_at = NULL WHERE id = ?")) {
                update.setString(1, hash);
                update.setInt(2, oneLoginOnly ? 1 : 0);
                if (oneLoginOnly) {
                    update.setLong(3, clock.instant().plus(ONE_TIME_LIFETIME).toEpochMilli());
                } else {
                    update.setNull(3, java.sql.Types.BIGINT);
                }
                update.setString(4, staff.id());
                rows = update.executeUpdate();
            }
            deleteSessions(connection, staff.id(), keptTokenHash);
            if (keptTokenHash != null) {
                try (PreparedStatement kept = connection.prepareStatement(
                        "UPDATE staff_session SET one_time = 0 WHERE token_hash = ?")) {
                    kept.setString(1, keptTokenHash);
                    kept.executeUpdate();
                }
            }
            return rows;
        }).thenApply(rows -> {
            if (oneLoginOnly) {
                mustChange.add(staff.id());
            } else {
                mustChange.remove(staff.id());
            }
            forgetSessions(staff.id(), keptTokenHash);
            StoredSession kept = keptTokenHash == null ? null : sessions.get(keptTokenHash);
            if (kept != null) {
                sessions.put(keptTokenHash, new StoredSession(kept.staffId(), kept.startedAt(), kept.expiresAt(),
                        kept.origin(), false, clock.instant()));
            }
            return rows;
        });
    }

    private static int deleteSessions(java.sql.Connection connection, String staffId, String keptTokenHash)
            throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM staff_session WHERE staff_id = ? AND token_hash <> ?")) {
            delete.setString(1, staffId);
            delete.setString(2, keptTokenHash == null ? "" : keptTokenHash);
            return delete.executeUpdate();
        }
    }

    private void forgetSessions(String staffId, String keptTokenHash) {
        sessions.entrySet().removeIf(entry -> entry.getValue().staffId().equals(staffId)
                && !entry.getKey().equals(keptTokenHash));
    }

    /**
     * Log out everywhere: ends every session of the account but the kept one (null: all), in the store first,
     * so that no node finds them again. Audited; returns how many ended.
     */
    public int endSessions(String staffId, String keptToken, String by, String origin) {
        Staff staff = find(staffId).orElseThrow(() -> new IllegalArgumentException("no account '" + staffId + "'"));
        String keptTokenHash = keptToken == null ? null : Passwords.tokenHash(keptToken);
        int ended = database.writer().routine(connection -> deleteSessions(connection, staffId, keptTokenHash)).join();
        forgetSessions(staffId, keptTokenHash);
        audit.changed(by, "sessions.ended", null, origin, "user '" + staff.username() + "': " + ended
                + (keptToken == null ? " session(s) ended" : " other session(s) ended"));
        sessionsEnded.accept(staff);
        return ended;
    }

    /** The account's password as stored now: another node or process (a reset) may have changed it. */
    private Optional<StoredPassword> storedPassword(String username) throws StoreException {
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

    public java.util.concurrent.CompletableFuture<Staff> create(String username, String displayName, Role role,
                                                                 String siteId, String phone, String password) {
        return create(username, displayName, role, siteId, phone, password, List.of(), false);
    }

    /**
     * A new account. {@code firstLoginOnly}: the password was chosen by an administrator and its holder must
     * choose their own at the first login.
     */
    public java.util.concurrent.CompletableFuture<Staff> create(String username, String displayName, Role role,
                                                                 String siteId, String phone, String password,
                                                                 List<String> areaIds, boolean firstLoginOnly) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new IllegalArgumentException("username must be 3 to 32 lower-case letters, digits, dots, dashes"
                    + " or underscores");
        }
        String refused = refusal(password);
        if (refused != null) {
            throw new IllegalArgumentException("password " + refused);
        }
        if (byUsername(username).isPresent()) {
            throw new IllegalStateException("username '" + username + "' is taken");
        }
        Staff staff = new Staff(MessageIds.next(), username, displayName, role, siteId, phone, false);
        String hash = Passwords.hash(password);
        return database.writer().routine(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO staff (id, username, display_name,"
                    + " role, site_id, phone, password_hash, created_at, must_change_password, one_time_until)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, staff.id());
                insert.setString(2, username);
                insert.setString(3, displayName);
                insert.setString(4, role.name());
                insert.setString(5, siteId);
                insert.setString(6, phone);
                insert.setString(7, hash);
                insert.setLong(8, clock.millis());
                insert.setInt(9, firstLoginOnly ? 1 : 0);
                if (firstLoginOnly) {
                    insert.setLong(10, clock.instant().plus(ONE_TIME_LIFETIME).toEpochMilli());
                } else {
                    insert.setNull(10, java.sql.Types.BIGINT);
                }
                insert.executeUpdate();
            }
            storeGrids(connection, staff.id(), areaIds);
            return staff;
        }).thenApply(stored -> {
            byId.put(stored.id(), stored);
            grids.put(stored.id(), List.copyOf(areaIds));
            if (firstLoginOnly) {
                mustChange.add(stored.id());
            }
            return stored;
        });
    }

    /** The grids a member of staff works in; empty means the whole community. */
    public List<String> grids(String staffId) {
        return grids.getOrDefault(staffId, List.of());
    }

    /** Changes an account's name, role, community, phone and grids (not its user name or password). */
    public java.util.concurrent.CompletableFuture<Staff> update(String id, String displayName, Role role, String siteId,
                                                                 String phone, List<String> areaIds) {
        Staff before = find(id).orElseThrow(() -> new IllegalArgumentException("no account '" + id + "'"));
        Staff after = new Staff(id, before.username(), displayName, role, siteId, phone, before.disabled());
        return database.writer().routine(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE staff SET display_name = ?, role = ?,"
                    + " site_id = ?, phone = ? WHERE id = ?")) {
                update.setString(1, displayName);
                update.setString(2, role.name());
                update.setString(3, siteId);
                update.setString(4, phone);
                update.setString(5, id);
                update.executeUpdate();
            }
            storeGrids(connection, id, areaIds);
            return after;
        }).thenApply(stored -> {
            byId.put(id, stored);
            grids.put(id, List.copyOf(areaIds));
            return stored;
        });
    }

    private static void storeGrids(java.sql.Connection connection, String id, List<String> areaIds) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM staff_area WHERE staff_id = ?")) {
            delete.setString(1, id);
            delete.executeUpdate();
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO staff_area (staff_id, area_id) VALUES (?, ?)")) {
            for (String areaId : areaIds) {
                insert.setString(1, id);
                insert.setString(2, areaId);
                insert.executeUpdate();
            }
        }
    }

    /**
     * Disables or enables an account. A disabled account cannot log in, and its open sessions end at once
     * (their tokens are forgotten, so the next request or console message is refused).
     */
    public java.util.concurrent.CompletableFuture<Staff> setDisabled(String id, boolean disabled) {
        Staff before = find(id).orElseThrow(() -> new IllegalArgumentException("no account '" + id + "'"));
        Staff after = new Staff(id, before.username(), before.displayName(), before.role(), before.siteId(),
                before.phone(), disabled);
        return database.writer().routine(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE staff SET disabled_at = ? WHERE id = ?")) {
                if (disabled) {
                    update.setLong(1, clock.millis());
                } else {
                    update.setNull(1, java.sql.Types.INTEGER);
                }
                update.setString(2, id);
                update.executeUpdate();
            }
            if (disabled) {
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM staff_session WHERE staff_id = ?")) {
                    delete.setString(1, id);
                    delete.executeUpdate();
                }
            }
            return after;
        }).thenApply(stored -> {
            byId.put(id, stored);
            if (disabled) {
                forgetSessions(id, null);
            }
            return stored;
        });
    }

    /** An administrator resets a password: a new random one, good for one login, returned to be handed over. */
    public String resetByAdmin(String id, String origin, String by) {
        Staff staff = find(id).orElseThrow(() -> new IllegalArgumentException("no account '" + id + "'"));
        String password = Passwords.random();
        setPassword(staff, password, true, null).join();
        sessionsEnded.accept(staff);
        audit.changed(by, "password.reset", null, origin, "user '" + staff.username() + "', to be changed at the next login");
        return password;
    }

    /** The console logins of a member of staff that have not ended, newest first. */
    public List<LoggedIn> loggedIn(String staffId) {
        Instant now = clock.instant();
        return sessions.values().stream().filter(session -> session.staffId().equals(staffId))
                .filter(session -> now.isBefore(session.expiresAt()))
                .sorted(Comparator.comparing(StoredSession::startedAt).reversed())
                .map(session -> new LoggedIn(session.startedAt(), session.origin())).toList();
    }

    /**
     * Checks a user name and password; a session on success. Every failure is counted, none says which part
     * was wrong, and a wrong name costs the same work as a wrong password: one read of the store and one
     * hash either way. A one-time password opens one session within its day, limited to choosing a new
     * password; a hash of an older strength is made again at today's. An address (or an address with a
     * name) that keeps failing must wait, doubling each time: attempts during its wait are refused
     * unchecked ({@link #loginWait} says how long).
     */
    public Optional<Session> login(String username, String password, String origin) throws StoreException {
        String source = AuditLog.source(origin);
        String name = username == null ? "" : username;
        if (!throttle.wait(source, name).isZero()) {
            audit.record("login.throttled", known(name), origin, "too many wrong passwords from here; not checked");
            return Optional.empty();
        }
        Optional<StoredPassword> stored = storedPassword(name);
        boolean right = Passwords.matches(stored.map(StoredPassword::hash).orElse(decoyHash), password);
        Staff staff = stored.map(found -> byId.get(found.staffId())).orElse(null);
        if (stored.isPresent() && staff == null) {
            reload(); // made on another hub node, not yet heard of here
            staff = byId.get(stored.get().staffId());
        }
        String wrong = staff == null ? "an unknown user name" : !right ? "a wrong password"
                : staff.disabled() ? "a disabled account" : spentOneTime(stored.get());
        if (wrong != null) {
            throttle.failed(source, name);
            audit.record("login.failed", known(name), origin, wrong);
            return Optional.empty();
        }
        boolean oneTime = stored.get().oneTime();
        if (oneTime && !useOneTime(stored.get())) {
            throttle.failed(source, name);
            audit.record("login.failed", known(name), origin, "a one-time password already used");
            return Optional.empty();
        }
        throttle.succeeded(source, name);
        if (!oneTime && Passwords.needsUpgrade(stored.get().hash())) {
            upgrade(stored.get(), password);
        }
        String token = Passwords.newToken();
        Instant now = clock.instant();
        Instant expires = now.plus(sessionLifetime);
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
        audit.changed(staff.username(), "login", null, origin, "logged in as " + staff.role().name().toLowerCase(java.util.Locale.ROOT));
        return Optional.of(new Session(token, staff, expires, oneTime));
    }

    /** Why a right one-time password no longer opens a session, or null while it does. */
    private String spentOneTime(StoredPassword stored) {
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
    private boolean useOneTime(StoredPassword stored) {
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
    private void upgrade(StoredPassword stored, String password) {
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

    /** How long logins for this name from this origin are refused unchecked; zero when they are checked. */
    public Duration loginWait(String username, String origin) {
        return throttle.wait(AuditLog.source(origin), username == null ? "" : username);
    }

    /** Sources being slowed now for wrong passwords (a metric). */
    public int throttledSources() {
        return throttle.waitingSources();
    }

    /** The name as it may be kept in a refusal: an account's, or nothing (a guessed name is not stored). */
    private String known(String username) {
        return byUsername(username).map(Staff::username).orElse(null);
    }

    /** The member of staff a token belongs to, while the session lasts and the account is enabled. */
    public Optional<Staff> authenticate(String token) {
        return caller(token).map(Caller::staff);
    }

    /**
     * Who holds a token, while the session lasts and the account is enabled. A session known here is asked
     * of the store again once it was last seen there {@link #RECHECK} ago, so one ended on another node or
     * by the command line is let in only for that moment; while the store cannot answer, memory decides.
     */
    public Optional<Caller> caller(String token) {
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
        return Optional.ofNullable(byId.get(session.staffId())).filter(staff -> !staff.disabled())
                .map(staff -> new Caller(staff, oneTime));
    }

    /**
     * Who holds a token as this node's memory has it, without asking the store: for the hub's event thread,
     * which must never wait on the store. Sessions ended here or heard of from other nodes are gone from
     * memory; the rest are checked against the store by {@link #caller} (the live consoles every second).
     */
    public Optional<Staff> authenticateFromMemory(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        StoredSession session = sessions.get(Passwords.tokenHash(token));
        if (session == null || !clock.instant().isBefore(session.expiresAt())) {
            return Optional.empty();
        }
        return Optional.ofNullable(byId.get(session.staffId())).filter(staff -> !staff.disabled());
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

    /**
     * Ends a session, waiting for the store: until the row is gone, any hub node (this one too) could find
     * the session in the store again and let it back in.
     */
    public void logout(String token, String origin) {
        String tokenHash = Passwords.tokenHash(token);
        Optional<Staff> who = authenticate(token);
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

    public Optional<Staff> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public Optional<Staff> byUsername(String username) {
        return byId.values().stream().filter(staff -> staff.username().equals(username)).findFirst();
    }

    public List<Staff> all() {
        return byId.values().stream().sorted(Comparator.comparing(Staff::username)).toList();
    }

    /**
     * Reads the accounts, their grids and the open sessions again: another hub node changed some. Read
     * whole before any is replaced, so a lookup meanwhile finds the old or the new, never nothing.
     */
    public void reload() throws StoreException {
        load();
    }

    private void load() throws StoreException {
        Map<String, Staff> readStaff = new java.util.HashMap<>();
        java.util.Set<String> readMustChange = new java.util.HashSet<>();
        Map<String, List<String>> readGrids = new java.util.HashMap<>();
        Map<String, StoredSession> readSessions = new java.util.HashMap<>();
        database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT id, username, display_name, role, site_id,"
                    + " phone, disabled_at, must_change_password FROM staff");
                 ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    rows.getLong(7);
                    boolean disabled = !rows.wasNull();
                    Staff staff = new Staff(rows.getString(1), rows.getString(2), rows.getString(3),
                            Role.valueOf(rows.getString(4)), rows.getString(5), rows.getString(6), disabled);
                    readStaff.put(staff.id(), staff);
                    if (rows.getInt(8) == 1) {
                        readMustChange.add(staff.id());
                    }
                }
            }
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT staff_id, area_id FROM staff_area ORDER BY staff_id, area_id");
                 ResultSet rows = query.executeQuery()) {
                Map<String, List<String>> read = new java.util.HashMap<>();
                while (rows.next()) {
                    read.computeIfAbsent(rows.getString(1), id -> new java.util.ArrayList<>()).add(rows.getString(2));
                }
                read.forEach((id, areas) -> readGrids.put(id, List.copyOf(areas)));
            }
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT token_hash, staff_id, created_at, expires_at, origin, one_time FROM staff_session"
                            + " WHERE expires_at > ?")) {
                query.setLong(1, clock.millis());
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        readSessions.put(rows.getString(1), session(rows, 2, clock.instant()));
                    }
                }
            }
            return null;
        });
        replace(byId, readStaff);
        mustChange.addAll(readMustChange);
        mustChange.retainAll(readMustChange);
        replace(grids, readGrids);
        replace(sessions, readSessions);
    }

    /**
     * A session from its row's staff_id, created_at, expires_at, origin and one_time, the first at
     * {@code column}, as the store had it at {@code checkedAt}.
     */
    private static StoredSession session(ResultSet rows, int column, Instant checkedAt) throws java.sql.SQLException {
        return new StoredSession(rows.getString(column), Instant.ofEpochMilli(rows.getLong(column + 1)),
                Instant.ofEpochMilli(rows.getLong(column + 2)), rows.getString(column + 3), rows.getInt(column + 4) == 1,
                checkedAt);
    }

    private static <K, V> void replace(Map<K, V> kept, Map<K, V> read) {
        kept.putAll(read);
        kept.keySet().retainAll(read.keySet());
    }
}
