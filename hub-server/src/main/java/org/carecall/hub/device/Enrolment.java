package org.carecall.hub.device;

import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.carecall.hub.audit.AuditLog;
import org.carecall.hub.security.SourceThrottle;
import org.carecall.hub.security.Passwords;
import org.carecall.hub.store.Database;

/**
 * One-time enrolment codes: a technician asks the hub for a code for a device, types it on the new unit,
 * and the unit exchanges it for its id and a fresh secret. A code is ten characters from an alphabet
 * without look-alikes (about 50 bits), expires after a day, works once, and is kept only as a hash.
 * Wrong codes are counted per remote address; past the limit that address waits longer and longer before
 * its codes are checked again, which makes guessing hopeless.
 */
public final class Enrolment {
    private static final char[] ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    public static final Duration LIFETIME = Duration.ofHours(24);

    /** A code as shown to the technician. */
    public record Code(String deviceId, String code, Instant expiresAt) {
    }

    private final Database database;
    private final DeviceRegistry devices;
    private final AuditLog audit;
    private final Clock clock;
    private final SourceThrottle throttle;

    public Enrolment(Database database, DeviceRegistry devices, AuditLog audit, Clock clock, int failuresPerMinute) {
        this.database = database;
        this.devices = devices;
        this.audit = audit;
        this.clock = clock;
        this.throttle = SourceThrottle.forUnits(failuresPerMinute, clock);
    }

    public Code issue(String deviceId, String issuedBy) {
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
        database.writer().routine(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO enrolment_code (code_hash, device_id,"
                    + " created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?)")) {
                insert.setString(1, hash);
                insert.setString(2, deviceId);
                insert.setString(3, issuedBy);
                insert.setLong(4, clock.millis());
                insert.setLong(5, expires.toEpochMilli());
                return insert.executeUpdate();
            }
        }).join();
        return new Code(deviceId, code.toString(), expires);
    }

    /**
     * Exchanges a code for the device's id and a new secret (the old one stops working). Empty when the
     * code is unknown, used or expired, or when the caller has guessed too often.
     */
    public Optional<DeviceRegistry.Enrolled> redeem(String code, String origin) {
        String from = AuditLog.source(origin);
        if (!throttle.wait(from, null).isZero()) {
            audit.record("enrol.throttled", null, origin, "too many wrong enrolment codes from here; not checked");
            return Optional.empty();
        }
        String hash = Passwords.tokenHash(normalise(code));
        long now = clock.millis();
        String deviceId = database.writer().routine(connection -> {
            try (PreparedStatement claim = connection.prepareStatement("UPDATE enrolment_code SET used_at = ?, used_from = ?"
                    + " WHERE code_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING device_id")) {
                claim.setLong(1, now);
                claim.setString(2, origin);
                claim.setString(3, hash);
                claim.setLong(4, now);
                try (ResultSet rows = claim.executeQuery()) {
                    return rows.next() ? rows.getString(1) : null;
                }
            }
        }).join();
        if (deviceId == null) {
            throttle.failed(from, null);
            audit.record("enrol.failed", null, origin, "an unknown, used or expired enrolment code");
            return Optional.empty();
        }
        String secret = devices.rotateSecret(deviceId).join();
        audit.changed("enrolment-code", "enrol.redeemed", deviceId, origin, "enrolment code used; a new secret was issued");
        return Optional.of(new DeviceRegistry.Enrolled(deviceId, secret));
    }

    /** Codes are typed by people: case, spaces and dashes do not matter. */
    private static String normalise(String code) {
        return code == null ? "" : code.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
    }
}
