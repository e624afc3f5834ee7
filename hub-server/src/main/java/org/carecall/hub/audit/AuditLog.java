package org.carecall.hub.audit;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.carecall.hub.metrics.HubMetrics;
import org.carecall.hub.store.Database;
import org.carecall.hub.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What staff did, and what was refused. A change made by a person (a file edited, a unit revoked, a
 * password changed) is a row of its own with who, what and from where, appended through the store's
 * routine lane to a table that refuses updates and deletes. A refusal from outside (a wrong secret, an
 * unknown unit, a malformed packet, a failed login) is counted per minute, reason and source by
 * {@link RefusalCounts}, so a flood of them costs a few rows and log lines, not one per attempt; every
 * refusal is also counted in the metrics by event.
 */
public final class AuditLog {
    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

    /** One row of the audit log. */
    public record Entry(long seq, Instant at, String event, String actor, String deviceId, String remote,
                        String reason) {
    }

    /**
     * What the log is filtered by; null means any. {@code to} is exclusive. {@code community}: only that
     * community's rows (those of its staff, and those of its units done by no account). {@code before}: only
     * rows older than that one ({@link Entry#seq}), for the next page.
     */
    public record Filter(String actor, String deviceId, Instant from, Instant to, String community, Long before) {
        public Filter(String actor, String deviceId, Instant from, Instant to) {
            this(actor, deviceId, from, to, null, null);
        }

        public static Filter device(String deviceId) {
            return new Filter(null, deviceId, null, null);
        }
    }

    private final Database database;
    private final HubMetrics metrics;
    private final Clock clock;
    private final RefusalCounts refusals;

    public AuditLog(Database database, HubMetrics metrics, Clock clock) {
        this.database = database;
        this.metrics = metrics;
        this.clock = clock;
        this.refusals = new RefusalCounts(database, clock);
        GUESSES.forEach(metrics::expectRefusals);
    }

    /**
     * Counts a refusal. {@code event} is a short, stable name (such as {@code connect.bad-secret}) that
     * the metrics count by; {@code subject} the unit or account it concerned, if known; {@code reason} the
     * sentence for a person. The source is the remote address without its port.
     */
    public void record(String event, String subject, String remote, String reason) {
        metrics.refused(event);
        refusals.count(event, source(remote), subject, reason);
    }

    /** The refusals counted since a moment, per minute, reason, source and subject, newest first. */
    public List<RefusalCounts.Count> refusals(Instant since, int limit) throws StoreException {
        return refusals.recent(since, limit, null);
    }

    /** The refusals that are guesses at a secret, a code or a password (the rest are floods and mistakes). */
    public static final Set<String> GUESSES = Set.of("connect.bad-secret", "connect.unknown-device", "connect.throttled",
            "login.failed", "login.throttled", "enrol.failed", "enrol.throttled", "password.change-throttled");
    /** Guesses in {@link #BURST_WINDOW} from which the console tells technicians and administrators. */
    public static final int BURST_GUESSES = 30;
    public static final Duration BURST_WINDOW = Duration.ofMinutes(15);

    /** What the console shows: the refusals of the last minutes, and whether guessing is going on now. */
    public record RefusalSummary(long total, long guesses, boolean burst, List<String> guessingSources,
                                 List<RefusalCounts.Count> counts) {
    }

    /**
     * The summary over the refusals a person may see: every one ({@code community} null), or those about one
     * community's accounts and units, the burst and its sources counted over those alone.
     */
    public RefusalSummary refusalSummary(Duration over, int limit, String community) throws StoreException {
        Instant now = clock.instant();
        List<RefusalCounts.Count> counts = refusals.recent(now.minus(over), limit, community);
        Instant burstSince = now.minus(BURST_WINDOW);
        long total = 0;
        long guesses = 0;
        Map<String, Long> bySource = new HashMap<>();
        for (RefusalCounts.Count count : counts) {
            total += count.count();
            if (GUESSES.contains(count.reason()) && !count.lastAt().isBefore(burstSince)) {
                guesses += count.count();
                bySource.merge(count.source(), count.count(), Long::sum);
            }
        }
        List<String> sources = bySource.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(5).map(Map.Entry::getKey).toList();
        return new RefusalSummary(total, guesses, guesses >= BURST_GUESSES, sources, counts);
    }

    /** Writes the refusals counted since the last call; the hub calls this every few seconds. */
    public void flushRefusals() {
        refusals.flush();
    }

    /** Deletes refusal counts older than the retention (the rows of what staff did are never deleted). */
    public void forgetRefusalsOlderThan(Duration retention) {
        refusals.forgetOlderThan(retention);
    }

    /**
     * The address a connection came from, without its port: {@code /10.0.0.7:53122} and
     * {@code 10.0.0.7:40001} are both {@code 10.0.0.7}, so that a source's refusals add up.
     */
    public static String source(String remote) {
        if (remote == null || remote.isBlank()) {
            return "?";
        }
        String address = remote.startsWith("/") ? remote.substring(1) : remote;
        int slash = address.indexOf('/');
        if (slash >= 0) {
            address = address.substring(slash + 1); // "host/10.0.0.7:53122"
        }
        if (address.startsWith("[")) {
            int end = address.indexOf(']');
            return end > 0 ? address.substring(1, end) : address;
        }
        int colon = address.lastIndexOf(':');
        // IPv4 with a port; Java writes IPv6 with a port in brackets, and a bare IPv6 address has several colons
        return colon > 0 && address.indexOf(':') == colon ? address.substring(0, colon) : address;
    }

    /**
     * Records a change a member of staff made from the console (a file edited, a shift added, a unit
     * revoked): who, what, from where. Waits for the row, so a change is never told done before its trace is.
     */
    public void changed(String actor, String event, String deviceId, String remote, String what) {
        changed(actor, event, deviceId, remote, what, what);
    }

    /**
     * As {@link #changed(String, String, String, String, String)}, the log line saying {@code logged} instead of
     * {@code what}: a resident's name or address stays in the audit row, out of the log files.
     */
    public void changed(String actor, String event, String deviceId, String remote, String what, String logged) {
        log.info("audit {} by {} device={} remote={}: {}", event, actor, deviceId, remote, logged);
        append(event, actor, deviceId, remote, what).join();
    }

    /**
     * Records something a logged-in person's console did that the hub refused (a sighting of a call it was
     * never sent, say): a row with its actor, like a change, but not waited for, since the console's event
     * loop must not block on the store.
     */
    public void noted(String actor, String event, String deviceId, String remote, String what) {
        metrics.refused(event);
        append(event, actor, deviceId, remote, what);
    }

    /**
     * Records what a person did on the call path (a call taken, a visit, a call closed), where the move
     * itself must not wait for a second write: a row with its actor, not waited for, not a refusal.
     */
    public void did(String actor, String event, String deviceId, String remote, String what) {
        append(event, actor, deviceId, remote, what);
    }

    private CompletableFuture<Integer> append(String event, String actor, String deviceId,
                                                                   String remote, String reason) {
        if (actor == null || actor.isBlank()) {
            throw new IllegalArgumentException("an audit row names who did it");
        }
        long at = clock.millis();
        String cutActor = actor == null ? null : RefusalCounts.cut(actor, 64);
        String cutDevice = deviceId == null ? null : RefusalCounts.cut(deviceId, 64);
        String cutRemote = remote == null ? null : RefusalCounts.cut(remote, 64);
        String cutReason = RefusalCounts.cut(reason, 1000);
        return database.writer().routineLast(connection -> {
            String previous = AuditChain.link(connection, database.engine());
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO audit_log (at, event, actor,"
                    + " device_id, remote, reason, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setLong(1, at);
                insert.setString(2, event);
                insert.setString(3, cutActor);
                insert.setString(4, cutDevice);
                insert.setString(5, cutRemote);
                insert.setString(6, cutReason);
                insert.setString(7, previous);
                insert.setString(8, AuditChain.hash(previous, at, event, cutActor, cutDevice, cutRemote, cutReason));
                return insert.executeUpdate();
            }
        }).exceptionally(failure -> {
            log.error("could not store audit row {} for {}: {}", event, deviceId, failure.getMessage());
            return 0;
        });
    }

    /** Checks the hash chain through the whole log: whole, or the first row that is changed or missing. */
    public AuditChain.Verdict verify() throws StoreException {
        return database.read(AuditChain::verify);
    }

    /** The newest entries first, optionally for one device. */
    public List<Entry> recent(String deviceId, int limit) throws StoreException {
        return find(Filter.device(deviceId), limit);
    }

    /** The newest entries of one event whose sentence contains {@code containing} (a file's id, say). */
    public List<Entry> findEvent(String event, String containing, int limit) throws StoreException {
        String like = "%" + containing.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return entries("SELECT seq, at, event, actor, device_id, remote, reason FROM audit_log WHERE event = ?"
                + " AND reason LIKE ? ESCAPE '\\' ORDER BY seq DESC LIMIT ?", List.of(event, like, limit));
    }

    /** The newest entries first that pass the filter. */
    public List<Entry> find(Filter filter, int limit) throws StoreException {
        List<String> terms = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        if (filter.actor() != null) {
            terms.add("actor = ?");
            args.add(filter.actor());
        }
        if (filter.deviceId() != null) {
            terms.add("device_id = ?");
            args.add(filter.deviceId());
        }
        if (filter.from() != null) {
            terms.add("at >= ?");
            args.add(filter.from().toEpochMilli());
        }
        if (filter.to() != null) {
            terms.add("at < ?");
            args.add(filter.to().toEpochMilli());
        }
        if (filter.before() != null) {
            terms.add("seq < ?");
            args.add(filter.before());
        }
        if (filter.community() != null) {
            terms.add("(actor IN (" + CommunityRows.STAFF + ") OR actor NOT IN (SELECT username FROM staff)"
                    + " AND device_id IN (" + CommunityRows.UNITS + "))");
            args.add(filter.community());
            args.add(filter.community());
        }
        args.add(limit);
        String sql = "SELECT seq, at, event, actor, device_id, remote, reason FROM audit_log"
                + (terms.isEmpty() ? "" : " WHERE " + String.join(" AND ", terms)) + " ORDER BY seq DESC LIMIT ?";
        return entries(sql, args);
    }

    /** Audit rows read by a query whose columns are those of {@link Entry}, in order. */
    private List<Entry> entries(String sql, List<Object> args) throws StoreException {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(sql)) {
                for (int i = 0; i < args.size(); i++) {
                    query.setObject(i + 1, args.get(i));
                }
                List<Entry> entries = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        entries.add(new Entry(rows.getLong(1), Instant.ofEpochMilli(rows.getLong(2)), rows.getString(3),
                                rows.getString(4), rows.getString(5), rows.getString(6), rows.getString(7)));
                    }
                }
                return entries;
            }
        });
    }
}
