package org.carecall.hub.staff;

/** A member of staff with a console login. {@code siteId} is the community they work for;
 * null means all for an ADMIN (the district's administrator) and none for any other role. */
public record Staff(String id, String username, String displayName, Role role, String siteId, String phone,
                    boolean disabled) {
}
