package org.carecall.hub;

import org.carecall.hub.audit.AuditLog;
import org.carecall.hub.community.Community;
import org.carecall.hub.escalation.EscalationPolicies;
import org.carecall.hub.roster.DutyRoster;
import org.carecall.hub.staff.StaffDirectory;

/**
 * The people's wing of a hub: the staff and their roster, the community's residents and grids, the
 * escalation policies they set, and the audit trail of what everyone did.
 */
public record People(StaffDirectory staff, Community community, DutyRoster roster, EscalationPolicies policies,
                     AuditLog audit) {
}
