package org.carecall.hub.community;

import java.time.ZoneId;

/** A community served by the hub; its shifts are read in its own time zone. */
public record Site(String id, String name, ZoneId timezone) {
}
