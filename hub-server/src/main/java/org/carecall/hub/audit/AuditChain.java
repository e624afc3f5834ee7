package org.carecall.hub.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import org.carecall.hub.store.Engine;

/**
 * The hash chain through the audit log. Each row appended stores the hash of the row before it and
 * SHA-256 over that hash and its own fields, so a row changed after it was written no longer matches its
 * hash, and a row taken out leaves the next row pointing at a hash that is not there.
 *
 * <p>Guarantees: rows are chained in the order of {@code seq}, one writer at a time per database: on
 * PostgreSQL, where several hub nodes append to one table, {@link #link} takes a transaction-wide advisory
 * lock before it reads the last hash, and the row's {@code seq} is drawn after that, so the lock's order is
 * the order of {@code seq}; on SQLite the store's single writer already appends in order. Appends run last
 * in the writer's group, so a group holding the lock waits on no other node's group. Rows from before
 * the chain (both hashes empty) may only come before its first row.
 */
public final class AuditChain {
    /** What the first chained row points back to. */
    public static final String START = "0".repeat(64);
    /** The advisory lock every node takes before it appends to the chain ("AUDIT" in ASCII). */
    private static final long LOCK = 0x4155444954L;

    private AuditChain() {
    }

    /**
     * The hash of the last row, to chain the next one to; on PostgreSQL the caller's transaction holds the
     * chain's lock from here until it ends, so no other node appends in between.
     */
    static String link(Connection connection, Engine engine) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            if (engine == Engine.POSTGRESQL) {
                statement.execute("SELECT pg_advisory_xact_lock(" + LOCK + ")");
            }
            try (ResultSet last = statement.executeQuery("SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1")) {
                String hash = last.next() ? last.getString(1) : null;
                return hash == null ? START : hash;
            }
        }
    }

    /** SHA-256 over the previous hash and the row's fields, each with its length, so no two rows read alike. */
    public static String hash(String previous, long at, String event, String actor, String deviceId, String remote,
                              String reason) {
        StringBuilder text = new StringBuilder(previous).append('\n').append(at);
        for (String field : new String[] {event, actor, deviceId, remote, reason}) {
            text.append('\n');
            if (field == null) {
                text.append('-');
            } else {
                text.append(field.length()).append(':').append(field);
            }
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    /** What a check of the chain found. {@code firstBad} is the seq of the first row that breaks it, or -1. */
    public record Verdict(long chained, long older, long firstBad, String problem) {
        public boolean whole() {
            return firstBad < 0;
        }

        public String sentence() {
            if (whole()) {
                return "the audit trail is whole: " + chained + " rows chained"
                        + (older > 0 ? ", and " + older + " older rows from before the chain began (not chained)" : "");
            }
            return "the audit trail is broken at row " + firstBad + ": " + problem;
        }
    }

    /** Walks the whole log in order and names the first row that is changed, missing before it, or unchained. */
    public static Verdict verify(Connection connection) throws SQLException {
        long chained = 0;
        long older = 0;
        String previous = null; // null: no chained row seen yet
        long previousSeq = -1;
        try (PreparedStatement query = connection.prepareStatement("SELECT seq, at, event, actor, device_id, remote,"
                + " reason, prev_hash, hash FROM audit_log ORDER BY seq")) {
            query.setFetchSize(1000);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    long seq = rows.getLong(1);
                    String prevHash = rows.getString(8);
                    String hash = rows.getString(9);
                    if (hash == null && prevHash == null) {
                        if (previous != null) {
                            return new Verdict(chained, older, seq, "it carries no hash, after chained rows (a row"
                                    + " added behind the hub's back)");
                        }
                        older++;
                        continue;
                    }
                    String expectedPrevious = previous == null ? START : previous;
                    if (!expectedPrevious.equals(prevHash)) {
                        return new Verdict(chained, older, seq, previous == null
                                ? "it is the first chained row left, but it does not start the chain: the rows"
                                        + " before it are missing"
                                : "it does not follow row " + previousSeq + ": a row between them is missing,"
                                        + " or row " + previousSeq + " was put in its place");
                    }
                    String computed = hash(prevHash, rows.getLong(2), rows.getString(3), rows.getString(4),
                            rows.getString(5), rows.getString(6), rows.getString(7));
                    if (!computed.equals(hash)) {
                        return new Verdict(chained, older, seq, "its fields were changed after it was written"
                                + " (they no longer match its hash)");
                    }
                    previous = hash;
                    previousSeq = seq;
                    chained++;
                }
            }
        }
        return new Verdict(chained, older, -1, null);
    }
}
