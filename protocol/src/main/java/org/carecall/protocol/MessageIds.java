package org.carecall.protocol;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * Identifiers for alarms, events and commands: ULIDs, made by the sender so that a resend carries the
 * same id. They sort by the time they were made, and ids made by one generator in the same millisecond
 * still sort in the order they were made. UUIDs are accepted from other senders.
 */
public final class MessageIds {
    private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final Pattern ULID = Pattern.compile("[0-7][0-9A-HJKMNP-TV-Z]{25}");
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private static long lastMillis = -1;
    private static long randomHigh; // 16 bits
    private static long randomLow;  // 64 bits

    private MessageIds() {
    }

    /** A new ULID for the current time. */
    public static String next() {
        return next(System.currentTimeMillis());
    }

    /** A new ULID for the given time; monotonic when called repeatedly within one millisecond. */
    public static synchronized String next(long epochMillis) {
        if (epochMillis == lastMillis) {
            randomLow++;
            if (randomLow == 0) {
                randomHigh = (randomHigh + 1) & 0xFFFF;
            }
        } else {
            lastMillis = epochMillis;
            randomHigh = RANDOM.nextInt(1 << 16);
            randomLow = RANDOM.nextLong();
        }
        return encode(epochMillis, randomHigh, randomLow);
    }

    public static boolean isValid(String id) {
        return id != null && (ULID.matcher(id).matches() || UUID.matcher(id).matches());
    }

    /** The time a ULID was made. */
    public static Instant timeOf(String ulid) {
        if (ulid == null || !ULID.matcher(ulid).matches()) {
            throw new IllegalArgumentException("not a ULID: " + ulid);
        }
        long millis = 0;
        for (int i = 0; i < 10; i++) {
            millis = (millis << 5) | indexOf(ulid.charAt(i));
        }
        return Instant.ofEpochMilli(millis);
    }

    // 128 bits as 26 characters of 5 bits: 48 bits of time, then 80 bits of randomness.
    private static String encode(long millis, long high16, long low64) {
        char[] out = new char[26];
        long time = millis & 0xFFFF_FFFF_FFFFL;
        for (int i = 9; i >= 0; i--) {
            out[i] = CROCKFORD[(int) (time & 31)];
            time >>>= 5;
        }
        // The 80 random bits: high16 then low64; take them 5 at a time from the right.
        long lo = low64;
        long hi = high16;
        for (int i = 25; i >= 10; i--) {
            out[i] = CROCKFORD[(int) (lo & 31)];
            lo = (lo >>> 5) | ((hi & 31) << 59);
            hi >>>= 5;
        }
        return new String(out);
    }

    private static int indexOf(char c) {
        for (int i = 0; i < CROCKFORD.length; i++) {
            if (CROCKFORD[i] == c) {
                return i;
            }
        }
        throw new IllegalArgumentException("not a Crockford base-32 character: " + c);
    }
}
