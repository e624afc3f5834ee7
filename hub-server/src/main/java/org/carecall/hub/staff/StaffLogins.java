package org.carecall.hub.staff;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.carecall.hub.audit.AuditLog;
import org.carecall.hub.security.Passwords;
import org.carecall.hub.security.SourceThrottle;
import org.carecall.hub.staff.StaffDirectory.Session;
import org.carecall.hub.staff.StaffPasswords.StoredPassword;
import org.carecall.hub.store.StoreException;

/**
 * The login check: a user name and password in, a session out.
 *
 * <p>Guarantees: every failure is counted and audited, none says which part was wrong; a login reads the
 * store once and hashes once whether or not the name exists, so its work says nothing about which names
 * do; an address that keeps failing is refused unchecked for a wait that doubles each time.
 */
final class StaffLogins {
    /** Reads the accounts again, for one made on another hub node. */
    interface Reload {
        void reload() throws StoreException;
    }

    private final AuditLog audit;
    private final SourceThrottle throttle;
    private final StaffAccounts accounts;
    private final StaffPasswords passwords;
    private final StaffSessions sessions;
    private final Reload reload;
    /** Checked against when a name is unknown, so that a wrong name costs the same work as a wrong password. */
    private final String decoyHash = Passwords.hash(Passwords.random());

    StaffLogins(AuditLog audit, SourceThrottle throttle, StaffAccounts accounts, StaffPasswords passwords,
                StaffSessions sessions, Reload reload) {
        this.audit = audit;
        this.throttle = throttle;
        this.accounts = accounts;
        this.passwords = passwords;
        this.sessions = sessions;
        this.reload = reload;
    }

    /** See {@link StaffDirectory#login}. */
    Optional<Session> login(String username, String password, String origin) throws StoreException {
        String source = AuditLog.source(origin);
        String name = username == null ? "" : username;
        if (!throttle.wait(source, name).isZero()) {
            audit.record("login.throttled", known(name), origin, "too many wrong passwords from here; not checked");
            return Optional.empty();
        }
        Optional<StoredPassword> stored = passwords.stored(name);
        boolean right = Passwords.matches(stored.map(StoredPassword::hash).orElse(decoyHash), password);
        Staff staff = stored.flatMap(found -> accounts.find(found.staffId())).orElse(null);
        if (stored.isPresent() && staff == null) {
            reload.reload(); // made on another hub node, not yet heard of here
            staff = accounts.find(stored.get().staffId()).orElse(null);
        }
        String wrong = staff == null ? "an unknown user name" : !right ? "a wrong password"
                : staff.disabled() ? "a disabled account" : passwords.spentOneTime(stored.get());
        if (wrong != null) {
            throttle.failed(source, name);
            audit.record("login.failed", known(name), origin, wrong);
            return Optional.empty();
        }
        boolean oneTime = stored.get().oneTime();
        if (oneTime && !passwords.useOneTime(stored.get())) {
            throttle.failed(source, name);
            audit.record("login.failed", known(name), origin, "a one-time password already used");
            return Optional.empty();
        }
        throttle.succeeded(source, name);
        if (!oneTime && Passwords.needsUpgrade(stored.get().hash())) {
            passwords.upgrade(stored.get(), password);
        }
        Session session = sessions.open(staff, origin, oneTime);
        audit.changed(staff.username(), "login", null, origin, "logged in as " + staff.role().name().toLowerCase(Locale.ROOT));
        return Optional.of(session);
    }

    /** How long logins for this name from this origin are refused unchecked; zero when they are checked. */
    Duration loginWait(String username, String origin) {
        return throttle.wait(AuditLog.source(origin), username == null ? "" : username);
    }

    /** Sources being slowed now for wrong passwords (a metric). */
    int throttledSources() {
        return throttle.waitingSources();
    }

    /** The name as it may be kept in a refusal: an account's, or nothing (a guessed name is not stored). */
    private String known(String username) {
        return accounts.byUsername(username).map(Staff::username).orElse(null);
    }
}
