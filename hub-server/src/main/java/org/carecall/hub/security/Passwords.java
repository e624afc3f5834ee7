package org.carecall.hub.security;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.spec.InvalidKeySpecException;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Staff passwords, which people choose and so can be guessed: stored as PBKDF2-HMAC-SHA256 with a random
 * salt and 600,000 iterations (OWASP's figure for PBKDF2-HMAC-SHA256; the JDK's own implementation), and
 * compared in constant time. A hash keeps its iteration count, so one made at an older strength still
 * verifies; {@link #needsUpgrade} says when to hash again at the next login.
 */
public final class Passwords {
    private static final String SCHEME = "pbkdf2-sha256";
    static final int ITERATIONS = 600_000;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getUrlDecoder();

    private Passwords() {
    }

    /** {@code pbkdf2-sha256$<iterations>$<salt>$<hash>}. */
    public static String hash(String password) {
        return hash(password, ITERATIONS);
    }

    /** Whether a stored hash was made at less than today's strength, or by another scheme. */
    public static boolean needsUpgrade(String stored) {
        String[] parts = stored.split("\\$");
        try {
            return parts.length != 4 || !SCHEME.equals(parts[0]) || Integer.parseInt(parts[1]) < ITERATIONS;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /** A hash at the given strength: for tests and tools that must make one of an older strength. */
    public static String hash(String password, int iterations) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return SCHEME + "$" + iterations + "$" + B64.encodeToString(salt) + "$"
                + B64.encodeToString(derive(password, salt, iterations));
    }

    public static boolean matches(String stored, String password) {
        String[] parts = stored.split("\\$");
        if (parts.length != 4 || !SCHEME.equals(parts[0]) || password == null) {
            return false;
        }
        byte[] expected = B64_DECODER.decode(parts[3]);
        return MessageDigest.isEqual(expected, derive(password, B64_DECODER.decode(parts[2]), Integer.parseInt(parts[1])));
    }

    /** A random password for a first start without one given: 18 characters, about 108 bits. */
    public static String random() {
        byte[] bytes = new byte[14];
        RANDOM.nextBytes(bytes);
        return B64.encodeToString(bytes);
    }

    /** A session token and the hash under which it is stored. */
    public static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return B64.encodeToString(bytes);
    }

    public static String tokenHash(String token) {
        try {
            return B64.encodeToString(MessageDigest.getInstance("SHA-256").digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static byte[] derive(String password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every Java runtime", e);
        }
    }
}
