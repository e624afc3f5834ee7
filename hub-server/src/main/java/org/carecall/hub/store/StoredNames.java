package org.carecall.hub.store;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The names of kinds and states as read back from the store, where a newer hub node may have written one
 * this node does not know (nodes are upgraded one at a time). Guarantees: reading a name never throws; a
 * name this node does not know reads as the caller's stand-in (an explicit UNKNOWN, or null for "leave this
 * row out"), and is logged once per kind and name rather than on every sweep.
 */
public final class StoredNames {
    private static final Logger log = LoggerFactory.getLogger(StoredNames.class);
    private static final Set<String> told = ConcurrentHashMap.newKeySet();

    private StoredNames() {
    }

    /** The constant named {@code name}; {@code unknown} for a null name or one a newer node wrote. */
    public static <E extends Enum<E>> E read(Class<E> type, String name, E unknown) {
        if (name != null) {
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equals(name)) {
                    return constant;
                }
            }
            if (told.add(type.getSimpleName() + ":" + name)) {
                log.warn("the store holds {} '{}', which this hub node does not know (a newer node wrote it): read"
                        + " as {}", type.getSimpleName(), name, unknown == null ? "unknown" : unknown.name());
            }
        }
        return unknown;
    }
}
