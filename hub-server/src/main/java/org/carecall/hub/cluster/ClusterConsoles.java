package org.carecall.hub.cluster;

import java.util.Set;
import org.carecall.hub.alarm.Alarm;
import org.carecall.hub.board.AlarmViews;
import org.carecall.hub.escalation.OpenConsoles;
import org.carecall.hub.staff.StaffDirectory;

/**
 * The consoles open on every hub node: this node's, and those the other nodes' rows name. A step that
 * rings people whose consoles are open on another node has reached a screen, and waits for it to show.
 */
public final class ClusterConsoles implements OpenConsoles {
    private final OpenConsoles here;
    private final HubNodes nodes;
    private final StaffDirectory staff;
    private final AlarmViews views;

    public ClusterConsoles(OpenConsoles here, HubNodes nodes, StaffDirectory staff, AlarmViews views) {
        this.here = here;
        this.views = views;
        this.nodes = nodes;
        this.staff = staff;
    }

    @Override
    public boolean anyOpenFor(Set<String> staffIds) {
        return here.anyOpenFor(staffIds) || nodes.consolesElsewhere().stream().anyMatch(staffIds::contains);
    }

    @Override
    public boolean anyOpenThatMaySee(Alarm alarm) {
        return here.anyOpenThatMaySee(alarm) || nodes.consolesElsewhere().stream()
                .flatMap(id -> staff.find(id).stream()).anyMatch(member -> views.visibleTo(member, alarm));
    }
}
