package org.carecall.hub.escalation;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.carecall.hub.alarm.AlarmStore;

/**
 * Which consoles ring for which call: the staff an escalation step reached, or every console. A call
 * rings until someone takes it; later steps add people, nobody is dropped before that. A call whose
 * every step reached nobody is <em>unreached</em>: a care call rings every console that opens, and each console
 * shows it as a system alarm until someone takes it (seeing it is not enough: the escalation has run out).
 */
public final class Ringing {
    private static final String EVERYONE = "*";
    /** The set of most calls that ring at all in a storm: every console, shared rather than made per call. */
    private static final Set<String> ONLY_EVERYONE = Set.of(EVERYONE);

    /**
     * Who rings for each call: immutable sets, replaced whole when a step adds people, so readers on other
     * threads need no lock and a call held for hours costs a map entry, not a map of its own.
     */
    private final Map<String, Set<String>> ringing = new ConcurrentHashMap<>();
    private final Set<String> unreached = ConcurrentHashMap.newKeySet();

    void ring(String alarmId, Set<String> staffIds, boolean everyone) {
        if (staffIds.isEmpty() && !everyone) {
            return; // a step that rang nobody adds nobody
        }
        ringing.merge(alarmId, ringingSet(staffIds, everyone), Ringing::union);
    }

    /**
     * Who rings, as the store has it, in place of what this node kept: after a restart, or when another
     * node stopped and some of its news may never have come. {@code unreached}: the calls whose every step
     * reached nobody, each with whether it rings every console.
     */
    void reload(Map<String, AlarmStore.Rung> stored, Map<String, Boolean> unreachedCalls) {
        Map<String, Set<String>> fresh = new java.util.HashMap<>();
        stored.forEach((alarmId, rung) -> fresh.put(alarmId, ringingSet(rung.staffIds(),
                rung.audiences().contains(Audience.ALL_CONSOLES.name()))));
        unreachedCalls.forEach((alarmId, everyone) -> {
            if (everyone) {
                fresh.merge(alarmId, ONLY_EVERYONE, Ringing::union);
            }
        });
        ringing.keySet().retainAll(fresh.keySet());
        ringing.putAll(fresh);
        unreached.retainAll(unreachedCalls.keySet());
        unreached.addAll(unreachedCalls.keySet());
    }

    private static Set<String> ringingSet(Set<String> staffIds, boolean everyone) {
        if (staffIds.isEmpty()) {
            return everyone ? ONLY_EVERYONE : Set.of();
        }
        if (!everyone) {
            return Set.copyOf(staffIds);
        }
        Set<String> all = new HashSet<>(staffIds);
        all.add(EVERYONE);
        return Set.copyOf(all);
    }

    private static Set<String> union(Set<String> held, Set<String> added) {
        if (held.containsAll(added)) {
            return held;
        }
        Set<String> all = new HashSet<>(held);
        all.addAll(added);
        return Set.copyOf(all);
    }

    void stop(String alarmId) {
        ringing.remove(alarmId);
        unreached.remove(alarmId);
    }

    /**
     * Every step reached nobody: say so on every console, and ring every console for a care call (a
     * technical alarm keeps ringing its own chain's people only). True the first time.
     */
    boolean markUnreached(String alarmId, boolean ringEveryone) {
        ring(alarmId, Set.of(), ringEveryone);
        return unreached.add(alarmId);
    }

    /** Whether this member of staff's console should be ringing for the call. */
    public boolean ringsFor(String alarmId, String staffId) {
        Set<String> set = ringing.get(alarmId);
        return set != null && (set.contains(EVERYONE) || set.contains(staffId));
    }

    /** The staff being rung for a call (without the everyone marker). */
    public Set<String> staffFor(String alarmId) {
        Set<String> set = ringing.getOrDefault(alarmId, Set.of());
        return set.stream().filter(id -> !id.equals(EVERYONE)).collect(Collectors.toSet());
    }

    public boolean ringsEveryone(String alarmId) {
        return ringing.getOrDefault(alarmId, Set.of()).contains(EVERYONE);
    }

    /** How many calls are unreached now. */
    public int unreachedCount() {
        return unreached.size();
    }

    /** Whether every step of the call reached nobody, and nobody has taken it since. */
    public boolean unreached(String alarmId) {
        return unreached.contains(alarmId);
    }
}
