package org.carecall.hub.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.carecall.hub.alarm.Alarm;
import org.carecall.hub.alarm.AlarmStore;
import org.carecall.hub.community.Area;
import org.carecall.hub.community.Community;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.store.StoreException;

/**
 * Response times for the figures telecare services are audited on: how long calls took to be shown, taken,
 * reached and closed, per grid and per kind, with percentiles, and the share of calls taken within 60 s
 * and within 180 s (a call never taken counts against both). Test calls are left out.
 */
public final class ResponseTimes {

    /** The figures for one group of calls. Times are in seconds; a percentile is null when nothing was measured. */
    public record Figures(int calls, Stage toNotify, Stage toAcknowledge, Stage toArrive, Stage toResolve,
                          double acknowledgedWithin60s, double acknowledgedWithin180s) {
    }

    /** One stage of a call: how many reached it, and the 50th, 90th and 99th percentile and the longest wait. */
    public record Stage(int count, Double p50, Double p90, Double p99, Double max) {
    }

    private final AlarmStore alarms;
    private final DeviceRegistry devices;
    private final Community community;

    public ResponseTimes(AlarmStore alarms, DeviceRegistry devices, Community community) {
        this.alarms = alarms;
        this.devices = devices;
        this.community = community;
    }

    public Map<String, Object> report(Instant from, Instant to) throws StoreException {
        return report(from, to, alarm -> true);
    }

    /** The report of the calls a person may see ({@code access.Scope}): their own community's. */
    public Map<String, Object> report(Instant from, Instant to, java.util.function.Predicate<Alarm> visible)
            throws StoreException {
        List<Alarm> calls = alarms.receivedBetween(from, to).stream().filter(alarm -> !alarm.test())
                .filter(visible).toList();
        Map<String, List<Alarm>> byGrid = new TreeMap<>();
        Map<String, List<Alarm>> byKind = new TreeMap<>();
        for (Alarm call : calls) {
            byGrid.computeIfAbsent(gridOf(call), grid -> new ArrayList<>()).add(call);
            byKind.computeIfAbsent(call.kind().name(), kind -> new ArrayList<>()).add(call);
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("from", from);
        report.put("to", to);
        report.put("all", figures(calls));
        Map<String, Figures> grids = new LinkedHashMap<>();
        byGrid.forEach((grid, group) -> grids.put(grid, figures(group)));
        Map<String, Figures> kinds = new LinkedHashMap<>();
        byKind.forEach((kind, group) -> kinds.put(kind, figures(group)));
        report.put("byGrid", grids);
        report.put("byKind", kinds);
        return report;
    }

    static Figures figures(List<Alarm> calls) {
        Stage acknowledge = stage(calls, alarm -> alarm.handling().acknowledgedAt());
        long within60 = calls.stream().filter(call -> within(call, 60)).count();
        long within180 = calls.stream().filter(call -> within(call, 180)).count();
        return new Figures(calls.size(), stage(calls, alarm -> alarm.handling().notifiedAt()), acknowledge,
                stage(calls, alarm -> alarm.handling().arrivedAt()), stage(calls, alarm -> alarm.handling().resolvedAt()),
                calls.isEmpty() ? 0 : (double) within60 / calls.size(), calls.isEmpty() ? 0 : (double) within180 / calls.size());
    }

    private static boolean within(Alarm call, long seconds) {
        Instant taken = call.handling().acknowledgedAt();
        return taken != null && !Duration.between(call.receivedAt(), taken).minusSeconds(seconds).isPositive();
    }

    private static Stage stage(List<Alarm> calls, Function<Alarm, Instant> reached) {
        List<Double> waits = calls.stream().filter(call -> reached.apply(call) != null)
                .map(call -> Duration.between(call.receivedAt(), reached.apply(call)).toMillis() / 1000.0)
                .sorted().toList();
        if (waits.isEmpty()) {
            return new Stage(0, null, null, null, null);
        }
        return new Stage(waits.size(), percentile(waits, 50), percentile(waits, 90), percentile(waits, 99),
                waits.getLast());
    }

    /** Nearest-rank percentile of sorted values (the work-order report uses the same rank). */
    public static double percentile(List<Double> sorted, int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    private String gridOf(Alarm call) {
        try {
            String residentId = devices.find(call.deviceId()).map(device -> device.residentId()).orElse(null);
            if (residentId == null) {
                return "(no resident)";
            }
            Optional<Area> area = community.resident(residentId).isEmpty() ? Optional.empty()
                    : community.area(community.resident(residentId).get().areaId());
            return area.map(Area::name).orElse("(no grid)");
        } catch (StoreException e) {
            return "(unknown)";
        }
    }
}
