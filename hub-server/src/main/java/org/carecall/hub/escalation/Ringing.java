package org.carecall.hub.escalation;

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

    private final Map<String, Set<String>> ringing = new ConcurrentHashMap<>();
    private final Set<String> unreached = ConcurrentHashMap.newKeySet();

    void ring(String alarmId, Set<String> staffIds, boolean everyone) {
        Set<String> set = ringing.computeIfAbsent(alarmId, id -> ConcurrentHashMap.newKeySet());
        set.addAll(staffIds);
        if (everyone) {
            set.add(EVERYONE);
        }
    }

    /**
     * Who rings, as the store has it, in place of what this node kept: after a restart, or when another
     * node stopped and some of its news may never have come. {@code unreached}: the calls whose every step
     * reached nobody, each with whether it rings every console.
     */
    void reload(Map<String, AlarmStore.Rung> stored, Map<String, Boolean> unreachedCalls) {
        Map<String, Set<String>> fresh = new java.util.HashMap<>();
        stored.forEach((alarmId, rung) -> {
            Set<String> set = ConcurrentHashMap.newKeySet();
            set.addAll(rung.staffIds());
            if (rung.audiences().contains(Audience.ALL_CONSOLES.name())) {
                set.add(EVERYONE);
            }
            fresh.put(alarmId, set);
        });
        unreachedCalls.forEach((alarmId, everyone) -> {
            if (everyone) {
                fresh.computeIfAbsent(alarmId, id -> ConcurrentHashMap.newKeySet()).add(EVERYONE);
            }
        });
        ringing.keySet().retainAll(fresh.keySet());
        ringing.putAll(fresh);
        unreached.retainAll(unreachedCalls.keySet());
        unreached.addAll(unreachedCalls.keySet());
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
