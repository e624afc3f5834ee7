package org.carecall.hub.device;

import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.carecall.hub.audit.AuditLog;
import org.carecall.hub.security.SourceThrottle;
import org.carecall.hub.security.Passwords;
import org.carecall.hub.store.Database;
import org.carecall.hub.store.StoreException;

/**
 * One-time enrolment codes: a technician asks the hub for a code for a device, types it on the new unit,
 * and the unit exchanges it for its id and a fresh secret. A code is ten characters from an alphabet
 * without look-alikes (about 50 bits), expires after a day, works once, and is kept only as a hash.
 * Wrong codes are counted per remote address; past the limit that address waits longer and longer before
 * its codes are checked again, which makes guessing hopeless.
 *
 * <p>Guarantees: a unit has one live code at most (a new code expires the older ones, in the same
 * transaction); a code re-keys a unit that is online and working only if a technician confirmed that,
 * when the code was issued or when it is redeemed, and that leaves an {@code enrol.online-unit} row.
 */
public final class Enrolment {
    private static final char[] ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    public static final Duration LIFETIME = Duration.ofHours(24);

    /** A code as shown to the technician. */
    public record Code(String deviceId, String code, Instant expiresAt) {
    }

    /** What became of a code that was handed in. */
    public sealed interface Redemption {
        /** The unit's id and its new secret. */
        record Enrolled(DeviceRegistry.Enrolled unit) implements Redemption {
        }

        /** Unknown, used or expired, or too many wrong codes from there. */
        record Refused() implements Redemption {
        }

        /** A good code, kept for later: its unit is online and working, and nobody confirmed re-enrolling it. */
        record UnitOnline(String deviceId) implements Redemption {
        }
    }

    /** A code that may still be used: its unit, and who confirmed re-enrolling it while online (null: nobody). */
    private record LiveCode(String deviceId, String confirmedBy) {
    }

    /** A technician confirmed re-enrolling a unit that was online: who and when. */
    public record OnlineConfirmation(String by, Instant at) {
    }

    private final Database database;
    private final DeviceRegistry devices;
    private final AuditLog audit;
    private final Clock clock;
    private final SourceThrottle throttle;
    private final Predicate<String> online;

    /** {@code online}: whether a unit is connected and working now, as its presence says. */
    public Enrolment(Database database, DeviceRegistry devices, AuditLog audit, Clock clock, int failuresPerMinute,
                     Predicate<String> online) {
        this.online = online;
        this.database = database;
        this.devices = devices;
        this.audit = audit;
        this.clock = clock;
        this.throttle = SourceThrottle.forUnits(failuresPerMinute, clock);
    }

    /**
     * A new code for the unit; its older codes stop working. {@code onlineConfirmed}: the technician was told
     * the unit is online and working and went on, so the code may re-key it without asking again.
     */
    public Code issue(String deviceId, String issuedBy, boolean onlineConfirmed) {
        if (devices.find(deviceId).isEmpty()) {
            throw new IllegalArgumentException("no device '" + deviceId + "'");
        }
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            if (i == 5) {
                code.append('-');
            }
            code.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        Instant expires = clock.instant().plus(LIFETIME);
        String hash = Passwords.tokenHash(normalise(code.toString()));
        long now = clock.millis();
        database.writer().routine(connection -> {
            try (PreparedStatement expire = connection.prepareStatement("UPDATE enrolment_code SET expires_at = ?"
                    + " WHERE device_id = ? AND used_at IS NULL AND expires_at > ?")) {
                expire.setLong(1, now);
                expire.setString(2, deviceId);
                expire.setLong(3, now);
                expire.executeUpdate();
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO enrolment_code (code_hash, device_id,"
                    + " created_by, created_at, expires_at, online_confirmed_by, online_confirmed_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, hash);
                insert.setString(2, deviceId);
                insert.setString(3, issuedBy);
                insert.setLong(4, now);
                insert.setLong(5, expires.toEpochMilli());
                insert.setString(6, onlineConfirmed ? issuedBy : null);
                insert.setObject(7, onlineConfirmed ? now : null);
                return insert.executeUpdate();
            }
        }).join();
        return new Code(deviceId, code.toString(), expires);
    }

    /**
     * Exchanges a code for the device's id and a new secret (the old one stops working, and a connection
     * made with it is closed). Refused when the code is unknown, used or expired, or when the caller has
     * guessed too often; kept for later when its unit is online and working and neither the technician
     * who issued it nor the caller ({@code confirmed}) said to go on.
     */
    public Redemption redeem(String code, String origin, boolean confirmed) throws StoreException {
        String from = AuditLog.source(origin);
        if (!throttle.wait(from, null).isZero()) {
            audit.record("enrol.throttled", null, origin, "too many wrong enrolment codes from here; not checked");
            return new Redemption.Refused();
        }
        String hash = Passwords.tokenHash(normalise(code));
        long now = clock.millis();
        Optional<LiveCode> live = database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT device_id, online_confirmed_by FROM"
                    + " enrolment_code WHERE code_hash = ? AND used_at IS NULL AND expires_at > ?")) {
                query.setString(1, hash);
                query.setLong(2, now);
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next() ? Optional.of(new LiveCode(rows.getString(1), rows.getString(2)))
                            : Optional.<LiveCode>empty();
                }
            }
        });
        boolean wasOnline = live.isPresent() && online.test(live.get().deviceId());
        if (wasOnline && live.get().confirmedBy() == null && !confirmed) {
            audit.record("enrol.online-unit-refused", live.get().deviceId(), origin, "an enrolment code for a unit that is"
                    + " online and working; kept until re-enrolling it is confirmed");
            return new Redemption.UnitOnline(live.get().deviceId());
        }
        String deviceId = database.writer().routine(connection -> {
            // A unit online now whose code nobody confirmed for that: the caller confirmed, and is recorded so.
            try (PreparedStatement claim = connection.prepareStatement("UPDATE enrolment_code SET used_at = ?, used_from = ?,"
                    + " online_confirmed_by = COALESCE(online_confirmed_by, ?),"
                    + " online_confirmed_at = COALESCE(online_confirmed_at, ?)"
                    + " WHERE code_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING device_id")) {
                claim.setLong(1, now);
                claim.setString(2, origin);
                claim.setString(3, wasOnline ? "the unit at " + origin : null);
                claim.setObject(4, wasOnline ? now : null);
                claim.setString(5, hash);
                claim.setLong(6, now);
                try (ResultSet rows = claim.executeQuery()) {
                    return rows.next() ? rows.getString(1) : null;
                }
            }
        }).join();
        if (deviceId == null) {
            throttle.failed(from, null);
            audit.record("enrol.failed", null, origin, "an unknown, used or expired enrolment code");
            return new Redemption.Refused();
        }
        String secret = devices.rotateSecret(deviceId).join();
        audit.changed("enrolment-code", "enrol.redeemed", deviceId, origin, "enrolment code used; a new secret was issued");
        if (wasOnline) {
            String by = live.get().confirmedBy() != null ? live.get().confirmedBy() : "the unit at " + origin;
            // The technicians hear of it on the unit's page, from the code's row.
            audit.changed(by, "enrol.online-unit", deviceId, origin, "re-enrolled while online and working ("
                    + (live.get().confirmedBy() != null ? "confirmed when the code was issued" : "confirmed when it was redeemed")
                    + "); its connection with the old secret was closed");
        }
        return new Redemption.Enrolled(new DeviceRegistry.Enrolled(deviceId, secret));
    }

    /** The newest confirmation of re-enrolling each unit while online, by unit id: a line on its page. */
    public Map<String, OnlineConfirmation> onlineConfirmations() throws StoreException {
        return database.read(connection -> {
            Map<String, OnlineConfirmation> newest = new HashMap<>();
            try (PreparedStatement query = connection.prepareStatement("SELECT device_id, online_confirmed_by,"
                    + " online_confirmed_at FROM enrolment_code WHERE online_confirmed_at IS NOT NULL"
                    + " ORDER BY online_confirmed_at");
                 ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    newest.put(rows.getString(1), new OnlineConfirmation(rows.getString(2),
                            Instant.ofEpochMilli(rows.getLong(3))));
                }
            }
            return newest;
        });
    }

    /** Codes are typed by people: case, spaces and dashes do not matter. */
    private static String normalise(String code) {
        return code == null ? "" : code.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
    }
}
