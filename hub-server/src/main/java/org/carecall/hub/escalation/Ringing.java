package org.carecall.hub.escalation;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which consoles ring for which call: the staff an escalation step reached, or every console. A call
 * rings until someone takes it; later steps add people, nobody is dropped before that.
 */
public final class Ringing {
    private static final String EVERYONE = "*";

    private final Map<String, Set<String>> ringing = new ConcurrentHashMap<>();

    void ring(String alarmId, Set<String> staffIds, boolean everyone) {
        Set<String> set = ringing.computeIfAbsent(alarmId, id -> ConcurrentHashMap.newKeySet());
        set.addAll(staffIds);
        if (everyone) {
            set.add(EVERYONE);
        }
    }

    void stop(String alarmId) {
        ringing.remove(alarmId);
    }

    /** Whether this member of staff's console should be ringing for the call. */
    public boolean ringsFor(String alarmId, String staffId) {
        Set<String> set = ringing.get(alarmId);
        return set != null && (set.contains(EVERYONE) || set.contains(staffId));
    }

    /** The staff being rung for a call (without the everyone marker). */
    public Set<String> staffFor(String alarmId) {
        Set<String> set = ringing.getOrDefault(alarmId, Set.of());
        return set.stream().filter(id -> !id.equals(EVERYONE)).collect(java.util.stream.Collectors.toSet());
    }

    public boolean ringsEveryone(String alarmId) {
        return ringing.getOrDefault(alarmId, Set.of()).contains(EVERYONE);
    }
}
