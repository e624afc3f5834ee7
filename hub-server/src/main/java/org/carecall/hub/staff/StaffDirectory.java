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
 * Wrong passwords are counted per user name and audited; past the limit the name is locked for a minute.
 */
public final class StaffDirectory {
    private static final Logger log = LoggerFactory.getLogger(StaffDirectory.class);
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{2,31}");
    public static final int MIN_PASSWORD = 10;

    /** A logged-in console: the token to send as {@code Authorization: Bearer}, and when it stops working. */
    public record Session(String token, Staff staff, Instant expiresAt) {
    }

    private record StoredSession(String staffId, Instant startedAt, Instant expiresAt, String origin) {
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
    private final Map<String, String> hashes = new ConcurrentHashMap<>();
    private final Map<String, StoredSession> sessions = new ConcurrentHashMap<>();
    /** Accounts whose password was generated or reset: good for one login, then they must choose their own. */
    private final java.util.Set<String> mustChange = ConcurrentHashMap.newKeySet();
    /** The grids each member of staff works in (empty: the whole community). */
    private final Map<String, List<String>> grids = new ConcurrentHashMap<>();
    private volatile java.util.function.Consumer<Staff> passwordChanged = staff -> { };

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
        String chosen = generated ? Passwords.random() : password;
        Staff admin = create("admin", "Administrator", Role.ADMIN, null, null, chosen).join();
        if (generated) {
            setPassword(admin, chosen, true).join();
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

    /**
     * A member of staff chooses a new password, proving the current one. Refused (false) for a wrong
     * current password; the new one must be long enough and not the same. Audited either way.
     */
    public boolean changePassword(Staff staff, String current, String next, String origin) {
        String source = AuditLog.source(origin);
        if (!throttle.wait(source, staff.username()).isZero()) {
            audit.record("password.change-throttled", staff.username(), origin, "too many wrong passwords from here");
            return false;
        }
        if (!Passwords.matches(hashes.get(staff.id()), current)) {
            throttle.failed(source, staff.username());
            audit.record("password.change-refused", null, origin, "user '" + staff.username() + "': wrong current password");
            return false;
        }
        if (next == null || next.length() < MIN_PASSWORD) {
            throw new IllegalArgumentException("the new password must be at least " + MIN_PASSWORD + " characters");
        }
        if (next.equals(current)) {
            throw new IllegalArgumentException("the new password must differ from the current one");
        }
        setPassword(staff, next, false).join();
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
        if (password == null || password.length() < MIN_PASSWORD) {
            throw new IllegalArgumentException("password must be at least " + MIN_PASSWORD + " characters");
        }
        setPassword(staff, password, oneLoginOnly).join();
        audit.changed("operator:" + System.getProperty("user.name", "?"), "password.reset", null, origin, "user '" + username + "'" + (oneLoginOnly ? ", to be changed at the next login" : ""));
        return staff;
    }

    private java.util.concurrent.CompletableFuture<Integer> setPassword(Staff staff, String password, boolean oneLoginOnly) {
        String hash = Passwords.hash(password);
        return database.writer().routine(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE staff SET password_hash = ?, must_change_password = ? WHERE id = ?")) {
                update.setString(1, hash);
                update.setInt(2, oneLoginOnly ? 1 : 0);
                update.setString(3, staff.id());
                return update.executeUpdate();
            }
        }).thenApply(rows -> {
            hashes.put(staff.id(), hash);
            if (oneLoginOnly) {
                mustChange.add(staff.id());
            } else {
                mustChange.remove(staff.id());
            }
            return rows;
        });
    }

    /** The account's password as stored now: another process (a reset) may have changed it. */
    private void reread(Staff staff) {
        try {
            database.read(connection -> {
                try (PreparedStatement query = connection.prepareStatement(
                        "SELECT password_hash, must_change_password FROM staff WHERE id = ?")) {
                    query.setString(1, staff.id());
                    try (ResultSet rows = query.executeQuery()) {
                        if (rows.next()) {
                            hashes.put(staff.id(), rows.getString(1));
                            if (rows.getInt(2) == 1) {
                                mustChange.add(staff.id());
                            } else {
                                mustChange.remove(staff.id());
                            }
                        }
                    }
                }
                return null;
            });
        } catch (StoreException e) {
            log.warn("could not re-read the password of {}: {}", staff.username(), e.getMessage());
        }
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
        if (password == null || password.length() < MIN_PASSWORD) {
            throw new IllegalArgumentException("password must be at least " + MIN_PASSWORD + " characters");
        }
        if (byUsername(username).isPresent()) {
            throw new IllegalStateException("username '" + username + "' is taken");
        }
        Staff staff = new Staff(MessageIds.next(), username, displayName, role, siteId, phone, false);
        String hash = Passwords.hash(password);
        return database.writer().routine(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO staff (id, username, display_name,"
                    + " role, site_id, phone, password_hash, created_at, must_change_password)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, staff.id());
                insert.setString(2, username);
                insert.setString(3, displayName);
                insert.setString(4, role.name());
                insert.setString(5, siteId);
                insert.setString(6, phone);
                insert.setString(7, hash);
                insert.setLong(8, clock.millis());
                insert.setInt(9, firstLoginOnly ? 1 : 0);
                insert.executeUpdate();
            }
            storeGrids(connection, staff.id(), areaIds);
            return staff;
        }).thenApply(stored -> {
            byId.put(stored.id(), stored);
            hashes.put(stored.id(), hash);
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
                sessions.values().removeIf(session -> session.staffId().equals(id));
            }
            return stored;
        });
    }

    /** An administrator resets a password: a new random one, good for one login, returned to be handed over. */
    public String resetByAdmin(String id, String origin, String by) {
        Staff staff = find(id).orElseThrow(() -> new IllegalArgumentException("no account '" + id + "'"));
        String password = Passwords.random();
        setPassword(staff, password, true).join();
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
     * was wrong, and a wrong name costs the same work as a wrong password. An address (or an address with
     * a name) that keeps failing must wait, doubling each time: attempts during its wait are refused
     * unchecked ({@link #loginWait} says how long).
     */
    public Optional<Session> login(String username, String password, String origin) {
        String source = AuditLog.source(origin);
        String name = username == null ? "" : username;
        if (!throttle.wait(source, name).isZero()) {
            audit.record("login.throttled", known(name), origin, "too many wrong passwords from here; not checked");
            return Optional.empty();
        }
        Optional<Staff> staff = byUsername(name);
        if (staff.isPresent() && !Passwords.matches(hashes.get(staff.get().id()), password)) {
            reread(staff.get());
        }
        boolean right = Passwords.matches(staff.map(found -> hashes.get(found.id())).orElse(decoyHash), password);
        if (staff.isEmpty() || staff.get().disabled() || !right) {
            throttle.failed(source, name);
            audit.record("login.failed", known(name), origin, staff.isEmpty() ? "an unknown user name" : "a wrong password");
            return Optional.empty();
        }
        throttle.succeeded(source, name);
        String token = Passwords.newToken();
        Instant expires = clock.instant().plus(sessionLifetime);
        String tokenHash = Passwords.tokenHash(token);
        database.writer().routine(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO staff_session (token_hash,"
                    + " staff_id, created_at, expires_at, origin) VALUES (?, ?, ?, ?, ?)")) {
                insert.setString(1, tokenHash);
                insert.setString(2, staff.get().id());
                insert.setLong(3, clock.millis());
                insert.setLong(4, expires.toEpochMilli());
                insert.setString(5, origin);
                return insert.executeUpdate();
            }
        }).join();
        sessions.put(tokenHash, new StoredSession(staff.get().id(), clock.instant(), expires, origin));
        audit.changed(staff.get().username(), "login", null, origin, "logged in as " + staff.get().role().name().toLowerCase(java.util.Locale.ROOT));
        return Optional.of(new Session(token, staff.get(), expires));
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
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        String tokenHash = Passwords.tokenHash(token);
        StoredSession session = sessions.get(tokenHash);
        if (session == null) {
            session = storedSession(tokenHash).orElse(null); // a login on another hub node
        }
        if (session == null || !clock.instant().isBefore(session.expiresAt())) {
            return Optional.empty();
        }
        return Optional.ofNullable(byId.get(session.staffId())).filter(staff -> !staff.disabled());
    }

    /** A session another hub node opened: read once from the store, then known here too. */
    private Optional<StoredSession> storedSession(String tokenHash) {
        try {
            Optional<StoredSession> found = database.read(connection -> {
                try (PreparedStatement query = connection.prepareStatement("SELECT staff_id, created_at, expires_at,"
                        + " origin FROM staff_session WHERE token_hash = ? AND expires_at > ?")) {
                    query.setString(1, tokenHash);
                    query.setLong(2, clock.millis());
                    try (ResultSet rows = query.executeQuery()) {
                        return rows.next() ? Optional.of(session(rows, 1)) : Optional.<StoredSession>empty();
                    }
                }
            });
            found.ifPresent(session -> sessions.put(tokenHash, session));
            return found;
        } catch (StoreException e) {
            return Optional.empty();
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
        Map<String, String> readHashes = new java.util.HashMap<>();
        java.util.Set<String> readMustChange = new java.util.HashSet<>();
        Map<String, List<String>> readGrids = new java.util.HashMap<>();
        Map<String, StoredSession> readSessions = new java.util.HashMap<>();
        database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT id, username, display_name, role, site_id,"
                    + " phone, password_hash, disabled_at, must_change_password FROM staff");
                 ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    rows.getLong(8);
                    boolean disabled = !rows.wasNull();
                    Staff staff = new Staff(rows.getString(1), rows.getString(2), rows.getString(3),
                            Role.valueOf(rows.getString(4)), rows.getString(5), rows.getString(6), disabled);
                    readStaff.put(staff.id(), staff);
                    readHashes.put(staff.id(), rows.getString(7));
                    if (rows.getInt(9) == 1) {
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
                    "SELECT token_hash, staff_id, created_at, expires_at, origin FROM staff_session WHERE expires_at > ?")) {
                query.setLong(1, clock.millis());
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        readSessions.put(rows.getString(1), session(rows, 2));
                    }
                }
            }
            return null;
        });
        replace(byId, readStaff);
        replace(hashes, readHashes);
        mustChange.addAll(readMustChange);
        mustChange.retainAll(readMustChange);
        replace(grids, readGrids);
        replace(sessions, readSessions);
    }

    /** A session from its row's staff_id, created_at, expires_at and origin, the first at {@code column}. */
    private static StoredSession session(ResultSet rows, int column) throws java.sql.SQLException {
        return new StoredSession(rows.getString(column), Instant.ofEpochMilli(rows.getLong(column + 1)),
                Instant.ofEpochMilli(rows.getLong(column + 2)), rows.getString(column + 3));
    }

    private static <K, V> void replace(Map<K, V> kept, Map<K, V> read) {
        kept.putAll(read);
        kept.keySet().retainAll(read.keySet());
    }
}
