package org.carecall.hub.staff;

/**
 * What a member of staff does, and so what they may see and do; where (which community) is {@code
 * access.Scope}'s to judge from {@link Staff#siteId()}. An ADMIN with a community is that community's; an
 * ADMIN without one (the first-start {@code admin}) is the district's, for every community.
 */
public enum Role {
    /** Care staff on duty: take calls, see residents' files. */
    DUTY,
    /** Everything duty staff do, plus the site's reports, roster and escalation policy. */
    SUPERVISOR,
    /** Devices and their health; not residents' health notes. */
    TECHNICIAN,
    /** Accounts, sites and everything else. */
    ADMIN
}
