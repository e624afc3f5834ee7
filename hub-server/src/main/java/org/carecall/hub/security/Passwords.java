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
 * salt and 210,000 iterations (the JDK's own implementation), and compared in constant time.
 */
public final class Passwords {
    private static final String SCHEME = "pbkdf2-sha256";
    private static final int ITERATIONS = 210_000;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getUrlDecoder();

    private Passwords() {
    }

    /** {@code pbkdf2-sha256$<iterations>$<salt>$<hash>}. */
    public static String hash(String password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return SCHEME + "$" + ITERATIONS + "$" + B64.encodeToString(salt) + "$"
                + B64.encodeToString(derive(password, salt, ITERATIONS));
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
