package org.carecall.hub.device;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Device secrets: 128 random bits, base64url, shown once and stored only as a salted SHA-256 hash.
 *
 * <p>Why a single hash and not a slow one: slow hashes protect guessable passwords. A device secret is
 * 128 random bits, which no amount of hashing speed makes guessable, and a fast check lets 10,000 devices
 * reconnect after a hub restart without the CPU becoming the bottleneck. Staff passwords, which people
 * choose, get a slow hash elsewhere.
 */
public final class DeviceSecrets {
    private static final String SCHEME = "s256";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64URL_DECODER = Base64.getUrlDecoder();

    private DeviceSecrets() {
    }

    /** A new secret for a device. */
    public static String newSecret() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return B64URL.encodeToString(bytes);
    }

    /** The salted hash to store: {@code s256$<salt>$<hash>}. */
    public static String hash(String secret) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return SCHEME + "$" + B64URL.encodeToString(salt) + "$" + B64URL.encodeToString(digest(salt, secret.getBytes(StandardCharsets.UTF_8)));
    }

    /** Whether the presented password matches the stored hash; takes the same time whatever the mismatch. */
    public static boolean matches(String storedHash, byte[] presented) {
        String[] parts = storedHash.split("\\$");
        if (parts.length != 3 || !SCHEME.equals(parts[0]) || presented == null) {
            return false;
        }
        byte[] salt = B64URL_DECODER.decode(parts[1]);
        byte[] expected = B64URL_DECODER.decode(parts[2]);
        return MessageDigest.isEqual(expected, digest(salt, presented));
    }

    private static byte[] digest(byte[] salt, byte[] secret) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            return sha.digest(secret);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
