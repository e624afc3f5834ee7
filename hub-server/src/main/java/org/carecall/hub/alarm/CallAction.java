package org.carecall.hub.alarm;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.carecall.hub.staff.Role;
import org.carecall.hub.staff.Staff;

/**
 * What a person is offered to do with a call now: the hub decides from the call's state and the person,
 * each console draws the buttons it is sent and no others.
 *
 * <p>Guarantees: an action is offered only where its move of {@link AlarmMove} may be made from the call's
 * state; "I'm coming" only to the people the call's steps rang (or rings for everyone) and to supervisors;
 * arriving only to the taker; closing a taken call only to its taker and supervisors; closing an untaken
 * call only to supervisors. The hub still checks every request: an offer is not a permission.
 */
public enum CallAction {
    /** "I'm coming": {@link AlarmMove#TAKE}. */
    ACKNOWLEDGE("acknowledge"),
    /** A supervisor closes a call nobody has taken, with a reason: {@link AlarmMove#RESOLVE}. */
    CLOSE_UNTAKEN("closeUntaken"),
    /** The taker is with the resident: {@link AlarmMove#ARRIVE}. */
    ARRIVE("arrive"),
    /** Close a taken call with its outcome: {@link AlarmMove#RESOLVE}. */
    RESOLVE("resolve"),
    /** Confirm by phone that a resident who cancelled is well: {@link AlarmMove#CONFIRM}. */
    CONFIRM("confirm");

    /** Who answers for the whole community: may take any waiting call, close untaken and others' calls. */
    public static final Set<Role> SUPERVISING = EnumSet.of(Role.SUPERVISOR, Role.ADMIN);

    private final String key;

    CallAction(String key) {
        this.key = key;
    }

    /** The action's name as the console knows it. */
    public String key() {
        return key;
    }

    /**
     * Every set of actions as the console gets it (their keys), made once: each console's copy of each
     * call carries one, on the hub's event thread.
     */
    private static final List<List<String>> KEYS = IntStream.range(0, 1 << values().length)
            .mapToObj(bits -> Arrays.stream(values()).filter(a -> (bits & 1 << a.ordinal()) != 0).map(CallAction::key)
                    .toList())
            .toList();

    /** The keys of {@link #offered}, as the console knows them. */
    public static List<String> offeredKeys(Alarm call, Staff viewer, boolean ringsForViewer) {
        int bits = 0;
        for (CallAction action : offered(call, viewer, ringsForViewer)) {
            bits |= 1 << action.ordinal();
        }
        return KEYS.get(bits);
    }

    /** What {@code viewer} is offered on {@code call}; {@code ringsForViewer}: the call's steps ring for them. */
    public static Set<CallAction> offered(Alarm call, Staff viewer, boolean ringsForViewer) {
        Set<CallAction> offered = EnumSet.noneOf(CallAction.class);
        boolean supervising = SUPERVISING.contains(viewer.role());
        boolean mine = viewer.id().equals(call.handling().acknowledgedBy());
        if (AlarmStates.WAITING.contains(call.state())) {
            if (ringsForViewer || supervising) {
                offered.add(ACKNOWLEDGE);
            }
            if (supervising) {
                offered.add(CLOSE_UNTAKEN);
            }
        } else if (AlarmMove.ARRIVE.from().contains(call.state()) && mine) {
            offered.add(ARRIVE);
        }
        if (AlarmStates.TAKEN.contains(call.state()) && (mine || supervising)) {
            offered.add(RESOLVE);
        }
        if (AlarmMove.CONFIRM.allowedFrom(call.state(), call.handling().resolvedAt())) {
            offered.add(CONFIRM);
        }
        return offered;
    }
}
