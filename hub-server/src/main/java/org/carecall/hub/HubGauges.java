package org.carecall.hub;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.carecall.hub.metrics.HubMetrics;
import org.carecall.hub.store.Backup;
import org.carecall.hub.store.StoreException;
import org.carecall.hub.store.StoreWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's gauges, each read from the part that knows when /metrics is scraped. A gauge that cannot be
 * read says -1 (or leaves its series out) rather than failing the scrape.
 */
final class HubGauges {
    private static final Logger log = LoggerFactory.getLogger(HubGauges.class);

    private HubGauges() {
    }

    static void register(HubMetrics metrics, Hub hub, StoreWriter writer, Clock clock) {
        metrics.gauge("carecall_devices_connected", "Devices with an open MQTT connection", hub.units().sessions()::count);
        metrics.gauge("carecall_store_healthy", "1 while the store commits, 0 while commits fail",
                () -> writer.healthy() ? 1 : 0);
        metrics.gauge("carecall_store_queued", "Writes waiting for the store writer", writer::queued);
        metrics.gauge("carecall_store_writes", "Writes handed to the store writer since start, by lane", List.of("lane"),
                () -> Map.of(List.of("urgent"), writer.writesTaken(true), List.of("routine"), writer.writesTaken(false)));
        writer.watchCommits(metrics::storeCommit);
        metrics.gauge("carecall_calls_unreached", "Calls whose every escalation step reached nobody, not yet taken",
                () -> hub.calls().escalation().ringing().unreachedCount());
        metrics.gauge("carecall_consoles_connected", "Open consoles on /ws, by their person's role", List.of("role"),
                () -> hub.live().countByRole().entrySet().stream().collect(Collectors.toMap(
                        entry -> List.of(entry.getKey()), Map.Entry::getValue)));
        metrics.gauge("carecall_units", "Registered units by whether they are online", List.of("status"), () -> {
            long online = hub.units().presence().onlineCount();
            return Map.of(List.of("online"), online,
                    List.of("offline"), Math.max(0, hub.units().presence().all().size() - online));
        });
        metrics.gauge("carecall_grids_without_duty", "Grids with nobody from the care staff on duty now", () -> {
            try {
                return hub.people().roster().gridsWithoutDuty();
            } catch (StoreException | RuntimeException e) {
                return -1;
            }
        });
        metrics.gauge("carecall_throttled_sources", "Addresses (alone, or with one id or name) made to wait for wrong"
                        + " secrets or passwords, by what they tried", List.of("target"),
                () -> Map.of(List.of("unit"), hub.units().devices().throttledSources(),
                        List.of("staff"), hub.people().staff().throttledSources()));
        metrics.gauge("carecall_data_free_bytes", "Free space on the file system of the data directory",
                () -> hub.config().dataPath().toFile().getUsableSpace());
        // The package's nightly timer writes into the data directory's backups folder.
        metrics.gauge("carecall_backup_age_seconds", "Age of the newest backup in <dataDir>/backups (-1: none)",
                () -> Backup.ageSeconds(hub.config().dataPath().resolve("backups"), clock));
        metrics.gauge("carecall_open_calls", "Calls not yet closed, by kind and state", List.of("kind", "state"), () -> {
            Map<List<String>, Integer> counts = new HashMap<>();
            try {
                hub.calls().alarms().openCounts().forEach(open ->
                        counts.merge(List.of(open.kind().name(), open.state().name()), open.count(), Integer::sum));
            } catch (StoreException e) {
                log.warn("metrics: open calls could not be counted: {}", e.getMessage());
            }
            return counts;
        });
    }
}
