package org.carecall.hub.staff;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.carecall.hub.audit.AuditLog;
import org.carecall.hub.security.CommonPasswords;
import org.carecall.hub.security.Passwords;
import org.carecall.hub.security.SourceThrottle;
import org.carecall.hub.store.Database;
import org.carecall.hub.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Staff accounts and their console sessions, as the rest of the hub sees them: a front over
 * {@link StaffAccounts} (who), {@link StaffGrids} (where they work), {@link StaffPasswords} (choosing and
 * resetting passwords), {@link StaffLogins} (the login check) and {@link StaffSessions} (who holds a token).
 *
 * <p>Guarantees: a generated or reset password opens one session, within {@link #ONE_TIME_LIFETIME}, and
 * that session may only choose a new password; choosing or resetting a password ends every other session
 * of the account in the store, and a session ended anywhere (another node, the command line) is let in
 * from this node's memory for at most {@link StaffSessions#RECHECK} more. A login reads the store once and
 * hashes once whether or not the name exists, so its work says nothing about which names do.
 */
public final class StaffDirectory {
    private static final Logger log = LoggerFactory.getLogger(StaffDirectory.class);
    public static final int MIN_PASSWORD = 10;
    /** How long a generated or reset password may wait for its one login. */
    public static final Duration ONE_TIME_LIFETIME = Duration.ofHours(24);

    /**
     * A logged-in console: the token to send as {@code Authorization: Bearer}, when it stops working, and
     * whether it was opened with a one-time password (then it may only choose a new one).
     */
    public record Session(String token, Staff staff, Instant expiresAt, boolean oneTime) {
    }

    /** Who holds a token, and whether their session may only choose a new password. */
    public record Caller(Staff staff, boolean oneTime) {
    }

    /** A console login that has not ended: when it began and from where. */
    public record LoggedIn(Instant since, String origin) {
    }

    private final Database database;
    private final StaffGrids grids = new StaffGrids();
    private final StaffAccounts accounts;
    private final StaffSessions sessions;
    private final StaffPasswords passwords;
    private final StaffLogins logins;
    private volatile Consumer<Staff> passwordChanged = staff -> { };
    private volatile Consumer<Staff> sessionsEnded = staff -> { };

    public StaffDirectory(Database database, AuditLog audit, Clock clock, Duration sessionLifetime, int failedLoginsPerMinute)
            throws StoreException {
        this.database = database;
        SourceThrottle throttle = SourceThrottle.forStaff(failedLoginsPerMinute, clock);
        Consumer<Staff> ended = staff -> sessionsEnded.accept(staff);
        this.accounts = new StaffAccounts(database, clock, grids);
        this.sessions = new StaffSessions(database, audit, clock, sessionLifetime, accounts, ended);
        this.passwords = new StaffPasswords(database, audit, clock, throttle, accounts, sessions, ended,
                staff -> passwordChanged.accept(staff));
        this.logins = new StaffLogins(audit, throttle, accounts, passwords, sessions, this::reload);
        load();
    }

    /**
     * On a first start there is no account: creates {@code admin} with the given password, or with a random
     * one that is returned so it can be printed once. Returns empty when accounts already exist.
     */
    public Optional<String> ensureAdmin(String password) {
        if (!accounts.isEmpty()) {
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
            passwords.set(admin, chosen, true, null).join();
        }
        log.info("created the first account, admin");
        return Optional.of(chosen);
    }

    /** Whether this account's password was generated or reset, so the console asks for a new one first. */
    public boolean mustChangePassword(Staff staff) {
        return accounts.mustChangePassword(staff);
    }

    /** Told whenever a member of staff chose a new password (the hub removes the first-start password file). */
    public void onPasswordChanged(Consumer<Staff> listener) {
        this.passwordChanged = listener;
    }

    /** Told whenever sessions of an account were ended here (the hub closes their live consoles). */
    public void onSessionsEnded(Consumer<Staff> listener) {
        this.sessionsEnded = listener;
    }

    /** Why a password may not be chosen, or null when it may: too short or too common. */
    public static String refusal(String password) {
        return StaffPasswords.refusal(password);
    }

    /**
     * A member of staff chooses a new password, proving the current one. Refused (false) for a wrong
     * current password; the new one must be long enough, not common and not the same. Audited either way.
     * Every other session of the account ends; the one that chose (its token given) stays, no longer
     * limited to choosing a password.
     */
    public boolean changePassword(Staff staff, String current, String next, String origin, String keptToken)
            throws StoreException {
        return passwords.change(staff, current, next, origin, keptToken);
    }

    /**
     * Sets a user's password from outside the console (the operator's reset-admin-password), possibly
     * while the hub runs: the running hub reads the new hash from the store at the next login.
     */
    public Staff resetPassword(String username, String password, boolean oneLoginOnly, String origin) {
        return passwords.reset(username, password, oneLoginOnly, origin);
    }

    /** An administrator resets a password: a new random one, good for one login, returned to be handed over. */
    public String resetByAdmin(String id, String origin, String by) {
        return passwords.resetByAdmin(id, origin, by);
    }

    /**
     * Log out everywhere: ends every session of the account but the kept one (null: all), in the store first,
     * so that no node finds them again. Audited; returns how many ended.
     */
    public int endSessions(String staffId, String keptToken, String by, String origin) {
        return sessions.endAll(staffId, keptToken, by, origin);
    }

    public CompletableFuture<Staff> create(String username, String displayName, Role role, String siteId,
                                           String phone, String password) {
        return create(username, displayName, role, siteId, phone, password, List.of(), false);
    }

    /**
     * A new account. {@code firstLoginOnly}: the password was chosen by an administrator and its holder must
     * choose their own at the first login.
     */
    public CompletableFuture<Staff> create(String username, String displayName, Role role, String siteId,
                                           String phone, String password, List<String> areaIds,
                                           boolean firstLoginOnly) {
        return accounts.create(username, displayName, role, siteId, phone, password, areaIds, firstLoginOnly);
    }

    /** The grids a member of staff works in; empty means the whole community. */
    public List<String> grids(String staffId) {
        return grids.of(staffId);
    }

    /** Changes an account's name, role, community, phone and grids (not its user name or password). */
    public CompletableFuture<Staff> update(String id, String displayName, Role role, String siteId, String phone,
                                           List<String> areaIds) {
        return accounts.update(id, displayName, role, siteId, phone, areaIds);
    }

    /**
     * Disables or enables an account. A disabled account cannot log in, and its open sessions end at once
     * (their tokens are forgotten, so the next request or console message is refused).
     */
    public CompletableFuture<Staff> setDisabled(String id, boolean disabled) {
        return accounts.setDisabled(id, disabled).thenApply(stored -> {
            if (disabled) {
                sessions.forget(id, null);
            }
            return stored;
        });
    }

    /** The console logins of a member of staff that have not ended, newest first. */
    public List<LoggedIn> loggedIn(String staffId) {
        return sessions.loggedIn(staffId);
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
        return logins.login(username, password, origin);
    }

    /** How long logins for this name from this origin are refused unchecked; zero when they are checked. */
    public Duration loginWait(String username, String origin) {
        return logins.loginWait(username, origin);
    }

    /** Sources being slowed now for wrong passwords (a metric). */
    public int throttledSources() {
        return logins.throttledSources();
    }

    /** The member of staff a token belongs to, while the session lasts and the account is enabled. */
    public Optional<Staff> authenticate(String token) {
        return caller(token).map(Caller::staff);
    }

    /**
     * Who holds a token, while the session lasts and the account is enabled. A session known here is asked
     * of the store again once it was last seen there {@link StaffSessions#RECHECK} ago, so one ended on
     * another node or by the command line is let in only for that moment; while the store cannot answer,
     * memory decides.
     */
    public Optional<Caller> caller(String token) {
        return sessions.caller(token);
    }

    /**
     * Who holds a token as this node's memory has it, without asking the store: for the hub's event thread,
     * which must never wait on the store. Sessions ended here or heard of from other nodes are gone from
     * memory; the rest are checked against the store by {@link #caller} (the live consoles every second).
     */
    public Optional<Staff> authenticateFromMemory(String token) {
        return sessions.fromMemory(SessionKey.of(token));
    }

    /** As {@link #authenticateFromMemory(String)}, for a holder that keeps its session's key. */
    public Optional<Staff> authenticateFromMemory(SessionKey session) {
        return sessions.fromMemory(session);
    }

    /**
     * A connected console's session slides on (see {@link StaffSessions#renew}); returns how long it has
     * left as things stand, empty once it has ended. Never waits on the store.
     */
    public Optional<Duration> renew(SessionKey session) {
        return sessions.renew(session);
    }

    /** How the store knows a session: the hash of its token (null for no token). */
    public record SessionKey(String tokenHash) {
        public static SessionKey of(String token) {
            return new SessionKey(token == null || token.isBlank() ? null : Passwords.tokenHash(token));
        }
    }

    /**
     * Ends a session, waiting for the store: until the row is gone, any hub node (this one too) could find
     * the session in the store again and let it back in.
     */
    public void logout(String token, String origin) {
        sessions.logout(token, origin);
    }

    public Optional<Staff> find(String id) {
        return accounts.find(id);
    }

    public Optional<Staff> byUsername(String username) {
        return accounts.byUsername(username);
    }

    public List<Staff> all() {
        return accounts.all();
    }

    /**
     * Reads the accounts, their grids and the open sessions again: another hub node changed some. Read
     * whole before any is replaced, so a lookup meanwhile finds the old or the new, never nothing.
     */
    public void reload() throws StoreException {
        load();
    }

    private record Read(StaffAccounts.Read accounts, Map<String, List<String>> grids,
                        Map<String, StaffSessions.StoredSession> sessions) {
    }

    private void load() throws StoreException {
        Read read = database.read(connection -> new Read(StaffAccounts.read(connection), StaffGrids.read(connection),
                sessions.read(connection)));
        accounts.replace(read.accounts());
        grids.replace(read.grids());
        sessions.replace(read.sessions());
    }

    /** Puts what was read in place of what was kept, without a moment in which a kept entry is missing. */
    static <K, V> void replace(Map<K, V> kept, Map<K, V> read) {
        kept.putAll(read);
        kept.keySet().retainAll(read.keySet());
    }
}
