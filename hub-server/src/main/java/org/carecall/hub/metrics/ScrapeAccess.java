package org.carecall.hub.metrics;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import org.carecall.hub.security.Passwords;

/**
 * Who may read {@code /metrics}: the monitoring system, with the scrape token as {@code Authorization: Bearer}
 * (Prometheus' {@code authorization} setting), or a client on this machine when loopback is allowed.
 *
 * <p>Guarantees: only the connection's own peer address counts as loopback. An address a proxy names (the
 * PROXY protocol, {@code Forwarded}, {@code X-Forwarded-For}, {@code X-Real-IP}) is never read here, and a
 * request that carries a forwarding header came through a proxy, so its loopback peer is not trusted. The
 * token is compared in constant time.
 */
public final class ScrapeAccess {
    private final byte[] token;
    private final boolean loopbackWithoutToken;

    public ScrapeAccess(String token, boolean loopbackWithoutToken) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("a scrape token is needed");
        }
        this.token = token.strip().getBytes(StandardCharsets.UTF_8);
        this.loopbackWithoutToken = loopbackWithoutToken;
    }

    /**
     * The token from the settings, or else the one in {@code <dataDir>/metrics-token}, made at the first start
     * (readable only by the hub's user) for the monitoring system to be given.
     */
    public static ScrapeAccess load(String configured, Path dataDir, boolean loopbackWithoutToken) throws IOException {
        if (configured != null && !configured.isBlank()) {
            return new ScrapeAccess(configured, loopbackWithoutToken);
        }
        Path file = tokenFile(dataDir);
        if (!Files.exists(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, Passwords.newToken() + "\n");
        }
        return new ScrapeAccess(Files.readString(file), loopbackWithoutToken);
    }

    public static Path tokenFile(Path dataDir) {
        return dataDir.resolve("metrics-token");
    }

    /**
     * Whether a scrape may be answered: with the right bearer token from anywhere, or without one from the
     * loopback peer of a request no proxy forwarded (when allowed).
     */
    public boolean allows(SocketAddress peer, String authorization, boolean forwarded) {
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return MessageDigest.isEqual(token, authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8));
        }
        return loopbackWithoutToken && !forwarded && peer instanceof InetSocketAddress address
                && address.getAddress() != null && address.getAddress().isLoopbackAddress();
    }
}
