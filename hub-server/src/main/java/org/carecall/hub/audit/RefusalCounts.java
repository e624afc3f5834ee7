package org.carecall.hub.audit;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.carecall.hub.store.Database;
import org.carecall.hub.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refused attempts from outside, counted per minute, reason, source and subject instead of a row each.
 *
 * <p>Guarantees: whatever arrives, a minute costs at most {@value #KEYS_PER_MINUTE} rows and as many
 * warning lines (the first refusal of each key is logged; the rest are summed at the next flush); past that
 * many keys in a minute the rest are counted under the source {@code (other)}. Every field that came from
 * outside is cut to a fixed length before it is kept or logged. Counts reach the store in one write every
 * few seconds and leave it after their retention; {@link #recent} includes what is not yet written.
 */
public final class RefusalCounts {
    private static final Logger log = LoggerFactory.getLogger(RefusalCounts.class);
    static final int KEYS_PER_MINUTE = 200;
    static final String OTHER_SOURCE = "(other)";
    private static final int SOURCE_CHARS = 64;
    private static final int SUBJECT_CHARS = 64;
    private static final int DETAIL_CHARS = 200;

    /** One row: the refusals of one reason from one source about one subject in one minute. */
    public record Count(Instant minute, String reason, String source, String subject, long count, Instant lastAt,
                 String detail) {
    }

    /** A count's subject is one of the community's accounts or units; two parameters, the community twice. */
    private static final String OWN_SUBJECT = CommunityRows.namesOne("subject");

    private record Key(long minute, String reason, String source, String subject) {
    }

    private static final class Pending {
        long count;
        long lastAt;
        final String detail;

        Pending(String detail) {
            this.detail = detail;
        }
    }

    private final Database database;
    private final Clock clock;
    private final Map<Key, Pending> pending = new HashMap<>();
    /** The keys of the current minute, written or not: what the cap counts. */
    private final Set<Key> keysThisMinute = new HashSet<>();
    private long currentMinute;

    RefusalCounts(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** Counts one refusal; logs it only if it is the first of its key this minute. */
    void count(String reason, String source, String subject, String detail) {
        long now = clock.millis();
        long minute = now - Math.floorMod(now, 60_000L);
        String from = cut(source == null ? "?" : source, SOURCE_CHARS);
        String about = cut(subject == null ? "" : subject, SUBJECT_CHARS);
        boolean first;
        synchronized (this) {
            if (minute != currentMinute) {
                currentMinute = minute;
                keysThisMinute.clear();
            }
            Key key = new Key(minute, reason, from, about);
            if (!keysThisMinute.contains(key) && keysThisMinute.size() >= KEYS_PER_MINUTE) {
                key = new Key(minute, reason, OTHER_SOURCE, "");
            }
            first = keysThisMinute.add(key);
            Pending row = pending.computeIfAbsent(key, k -> new Pending(cut(detail == null ? "" : detail, DETAIL_CHARS)));
            row.count++;
            row.lastAt = now;
        }
        if (first) {
            log.warn("refused {} from {}{}: {} (more of these in this minute are counted, not logged)", reason, from,
                    about.isEmpty() ? "" : " for " + about, cut(detail == null ? "" : detail, DETAIL_CHARS));
        }
    }

    /** Writes what was counted since the last flush, in one write; on failure the counts wait for the next. */
    void flush() {
        Map<Key, Pending> taken;
        synchronized (this) {
            if (pending.isEmpty()) {
                return;
            }
            taken = new HashMap<>(pending);
            pending.clear();
        }
        database.writer().routine(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO refusal_count (minute, reason,"
                    + " source, subject, count, last_at, detail) VALUES (?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (minute, reason, source, subject) DO UPDATE SET"
                    + " count = refusal_count.count + excluded.count, last_at = excluded.last_at")) {
                for (Map.Entry<Key, Pending> entry : taken.entrySet()) {
                    Key key = entry.getKey();
                    upsert.setLong(1, key.minute());
                    upsert.setString(2, key.reason());
                    upsert.setString(3, key.source());
                    upsert.setString(4, key.subject());
                    upsert.setLong(5, entry.getValue().count);
                    upsert.setLong(6, entry.getValue().lastAt);
                    upsert.setString(7, entry.getValue().detail);
                    upsert.addBatch();
                }
                upsert.executeBatch();
            }
            return taken.size();
        }).exceptionally(failure -> {
            log.error("could not store {} refusal counts; kept for the next flush: {}", taken.size(), failure.getMessage());
            synchronized (this) {
                taken.forEach((key, row) -> pending.merge(key, row, (mine, theirs) -> {
                    mine.count += theirs.count;
                    mine.lastAt = Math.max(mine.lastAt, theirs.lastAt);
                    return mine;
                }));
            }
            return 0;
        });
    }

    /** Deletes the counts older than the retention. */
    void forgetOlderThan(Duration retention) {
        long before = clock.millis() - retention.toMillis();
        database.writer().routine(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM refusal_count WHERE minute < ?")) {
                delete.setLong(1, before);
                return delete.executeUpdate();
            }
        });
    }

    /**
     * The counts of the minutes since {@code since}, newest first, with those not yet written; for a
     * {@code community} (null: all), only those whose subject is one of its staff's accounts or of its units
     * (or a unit placed with nobody yet).
     */
    List<Count> recent(Instant since, int limit, String community) throws StoreException {
        long from = since.toEpochMilli() - Math.floorMod(since.toEpochMilli(), 60_000L);
        Map<Key, Pending> unwritten = new HashMap<>();
        synchronized (this) {
            pending.forEach((key, row) -> {
                if (key.minute() + 60_000L > since.toEpochMilli()) {
                    Pending copy = new Pending(row.detail);
                    copy.count = row.count;
                    copy.lastAt = row.lastAt;
                    unwritten.put(key, copy);
                }
            });
        }
        Map<Key, Count> merged = new HashMap<>();
        database.read(connection -> {
            String own = community == null ? "" : " AND " + OWN_SUBJECT;
            try (PreparedStatement query = connection.prepareStatement("SELECT minute, reason, source, subject, count,"
                    + " last_at, detail FROM refusal_count WHERE minute >= ?" + own + " ORDER BY last_at DESC LIMIT ?")) {
                int next = 1;
                query.setLong(next++, from);
                if (community != null) {
                    query.setString(next++, community);
                    query.setString(next++, community);
                }
                query.setInt(next, limit);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        Key key = new Key(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4));
                        merged.put(key, new Count(Instant.ofEpochMilli(key.minute()), key.reason(), key.source(),
                                key.subject(), rows.getLong(5), Instant.ofEpochMilli(rows.getLong(6)), rows.getString(7)));
                    }
                }
            }
            if (community != null && !unwritten.isEmpty()) {
                Set<String> others = new HashSet<>();
                // Counts not yet written are few (a few seconds' worth): each subject is asked about on its own.
                try (PreparedStatement check = connection.prepareStatement("SELECT 1 FROM (SELECT CAST(? AS TEXT)"
                        + " AS subject) asked WHERE " + CommunityRows.namesOne("asked.subject"))) {
                    for (String subject : unwritten.keySet().stream().map(Key::subject).distinct().toList()) {
                        check.setString(1, subject);
                        check.setString(2, community);
                        check.setString(3, community);
                        try (ResultSet rows = check.executeQuery()) {
                            if (!rows.next()) {
                                others.add(subject);
                            }
                        }
                    }
                }
                unwritten.keySet().removeIf(key -> others.contains(key.subject()));
            }
            return null;
        });
        unwritten.forEach((key, row) -> {
            Count written = merged.get(key);
            merged.put(key, new Count(Instant.ofEpochMilli(key.minute()), key.reason(), key.source(), key.subject(),
                    row.count + (written == null ? 0 : written.count()), Instant.ofEpochMilli(row.lastAt), row.detail));
        });
        List<Count> counts = new ArrayList<>(merged.values());
        counts.sort(Comparator.comparing(Count::lastAt).reversed());
        return counts.size() > limit ? counts.subList(0, limit) : counts;
    }

    /** Cuts text from outside to a length, and to printable characters, before it is kept or logged. */
    static String cut(String text, int chars) {
        String printable = text.length() > chars ? text.substring(0, chars) : text;
        StringBuilder clean = new StringBuilder(printable.length());
        printable.codePoints().forEach(c -> clean.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return text.length() > chars ? clean + "…" : clean.toString();
    }
}
