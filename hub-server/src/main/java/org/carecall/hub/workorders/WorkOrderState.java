package org.carecall.hub.workorders;

import java.util.EnumSet;
import java.util.Set;
import org.carecall.hub.store.StoredNames;

/** Where a work order is: 已上报, 已派单, 处理中, 已完成, 已回访, or cancelled with a reason. */
public enum WorkOrderState {
    REPORTED, ASSIGNED, IN_PROGRESS, DONE, FOLLOWED_UP, CANCELLED;

    /** The states someone still has work in: an order in one of them may be cancelled. */
    public static final Set<WorkOrderState> OPEN = EnumSet.of(REPORTED, ASSIGNED, IN_PROGRESS);

    public boolean open() {
        return OPEN.contains(this);
    }

    /** A state as stored; a newer node's word is read as null rather than failing the page. */
    static WorkOrderState of(String name) {
        return StoredNames.read(WorkOrderState.class, name, null);
    }

    /** The state as views show it: its name, or UNKNOWN for a newer node's state (null here). */
    public static String shown(WorkOrderState state) {
        return state == null ? "UNKNOWN" : state.name();
    }
}
