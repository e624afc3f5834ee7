package org.carecall.hub.community;

/** A grid within a community: the unit of duty, and the first people a resident's call goes to. */
public record Area(String id, String siteId, String name) {
}
