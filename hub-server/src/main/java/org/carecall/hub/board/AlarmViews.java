package org.carecall.hub.board;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.carecall.hub.access.Scope;
import org.carecall.hub.alarm.Alarm;
import org.carecall.hub.alarm.AlarmStates;
import org.carecall.hub.alarm.CallAction;
import org.carecall.hub.community.Community;
import org.carecall.hub.community.Site;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.escalation.Ringing;
import org.carecall.hub.presence.DevicePresence;
import org.carecall.hub.presence.DeviceStatus;
import org.carecall.hub.staff.Role;
import org.carecall.hub.staff.Staff;
import org.carecall.hub.store.StoreException;
import org.carecall.protocol.AlarmClass;
import org.carecall.protocol.AlarmKind;

/**
 * A call as a console shows it: the call itself, who and where (the resident's name, address, room and
 * phone, the grid; never the health notes), and whether this console should ring. Only calls {@link Scope} lets the
 * viewer see are shown at all. Shared by the API and the live stream.
 */
public final class AlarmViews {
    private final DeviceRegistry devices;
    private final Community community;
    private final Ringing ringing;
    private final DevicePresence presence;
    private final Scope scope;

    public AlarmViews(DeviceRegistry devices, Community community, Ringing ringing, DevicePresence presence, Scope scope) {
        this.presence = presence;
        this.scope = scope;
        this.devices = devices;
        this.community = community;
        this.ringing = ringing;
    }

    /** Technicians page through technical alarms only; the community is {@link Scope}'s to judge. */
    private static boolean maySee(Staff caller, AlarmKind kind) {
        return caller.role() != Role.TECHNICIAN || kind.alarmClass() == AlarmClass.TECHNICAL;
    }

    /** The one rule of who sees a call ({@link Scope#maySeeCall}), for the API and the live stream alike. */
    public boolean visibleTo(Staff caller, Alarm alarm) {
        return scope.maySeeCall(caller, alarm);
    }

    public Scope scope() {
        return scope;
    }

    /** The kinds of alarm a member of staff may see, for paging in the store. */
    public static Set<AlarmKind> kindsVisibleTo(Staff caller) {
        return Arrays.stream(AlarmKind.values()).filter(kind -> maySee(caller, kind))
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(AlarmKind.class)));
    }

    public Map<String, Object> view(Alarm alarm, Staff viewer) {
        Map<String, Object> view = new LinkedHashMap<>(48); // about 30 fields: no resizing on the event thread
        view.put("id", alarm.id());
        view.put("kind", alarm.kind().name());
        view.put("class", alarm.kind().alarmClass().name());
        view.put("state", alarm.state().name());
        view.put("deviceId", alarm.deviceId());
        view.put("raisedAt", alarm.raisedAt());
        view.put("receivedAt", alarm.receivedAt());
        // The unit's clock as of its last hello or heartbeat: the hub orders calls by its own time, and
        // staff are shown when a unit's clock is off so the times it reports are read with care.
        view.put("clockSkewMs", presence.status(alarm.deviceId()).map(DeviceStatus::clockSkewMs).orElse(null));
        view.put("pressCount", alarm.pressCount());
        view.put("test", alarm.test());
        view.put("problem", alarm.problem());
        view.put("escalationStep", alarm.handling().escalationStep());
        view.put("acknowledgedBy", alarm.handling().acknowledgedName());
        view.put("acknowledgedById", alarm.handling().acknowledgedBy());
        view.put("acknowledgedAt", alarm.handling().acknowledgedAt());
        view.put("arrivedAt", alarm.handling().arrivedAt());
        view.put("resolvedAt", alarm.handling().resolvedAt());
        view.put("outcome", alarm.handling().outcome());
        boolean forMe = ringing.ringsFor(alarm.id(), viewer.id());
        boolean everyone = ringing.ringsEveryone(alarm.id());
        view.put("ringingForMe", forMe);
        view.put("ringingEveryone", everyone);
        // The console draws what the hub sends: whether the call waits, and what this viewer may do with it.
        view.put("waiting", AlarmStates.WAITING.contains(alarm.state()));
        view.put("actions", CallAction.offeredKeys(alarm, viewer, forMe || everyone));
        view.put("unreached", ringing.unreached(alarm.id()));
        view.put("onBoard", alarm.onBoard());
        view.put("lastPressAt", alarm.lastPressAt());
        devices.find(alarm.deviceId()).ifPresent(device -> {
            view.put("deviceLabel", device.label());
            if (device.residentId() != null) {
                view.put("resident", who(device.residentId()));
            }
        });
        return view;
    }

    private Map<String, Object> who(String residentId) {
        Map<String, Object> who = new LinkedHashMap<>();
        who.put("id", residentId);
        try {
            community.resident(residentId).ifPresent(resident -> {
                who.put("name", resident.name());
                who.put("address", resident.address());
                who.put("room", resident.room());
                who.put("phone", resident.phone()); // a cancelled call is confirmed by phoning her
                who.put("areaId", resident.areaId());
            });
            if (who.get("areaId") instanceof String areaId) {
                community.area(areaId).ifPresent(area -> {
                    who.put("areaName", area.name());
                    who.put("lockScreen", community.site(area.siteId()).map(Site::lockScreen)
                            .orElse(Site.DEFAULT_LOCK_SCREEN));
                });
            }
        } catch (StoreException e) {
            who.put("unavailable", "the resident's file could not be read");
        }
        return who;
    }
}
