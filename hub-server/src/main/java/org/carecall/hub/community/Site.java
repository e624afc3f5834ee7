package org.carecall.hub.community;

import java.time.ZoneId;
import java.util.Set;

/**
 * A community served by the hub; its shifts are read in its own time zone. {@code lockScreen}: what a call's
 * notification shows on a locked phone, {@code grid} (the kind and the grid, by default), {@code kind} (the
 * kind alone) or {@code name} (the resident's name and address).
 */
public record Site(String id, String name, ZoneId timezone, String lockScreen) {
    public static final Set<String> LOCK_SCREENS = Set.of("grid", "kind", "name");
    public static final String DEFAULT_LOCK_SCREEN = "grid";

    public Site(String id, String name, ZoneId timezone) {
        this(id, name, timezone, DEFAULT_LOCK_SCREEN);
    }
}
