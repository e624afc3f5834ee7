package org.carecall.hub.api;

import io.netty.handler.codec.http.HttpMethod;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.carecall.hub.alarm.Alarm;
import org.carecall.hub.alarm.AlarmLifecycle;
import org.carecall.hub.alarm.AlarmLifecycle.Result;
import org.carecall.hub.alarm.AlarmStore;
import org.carecall.hub.community.Community;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.escalation.Ringing;
import org.carecall.hub.http.ApiException;
import org.carecall.hub.http.HttpCall;
import org.carecall.hub.http.HttpRoutes;
import org.carecall.hub.http.HttpRoutes.Access;
import org.carecall.hub.http.HttpRoutes.Reply;
import org.carecall.hub.staff.Role;
import org.carecall.hub.staff.Staff;
import org.carecall.protocol.AlarmClass;

/**
 * Calls for the console: the open board, one call with its timeline, and taking, arriving at and resolving
 * a call. Technicians see and handle technical alarms only; care staff see every call.
 */
public final class AlarmApi {
    private final AlarmStore alarms;
    private final AlarmLifecycle lifecycle;
    private final DeviceRegistry devices;
    private final Community community;
    private final Ringing ringing;

    public AlarmApi(AlarmStore alarms, AlarmLifecycle lifecycle, DeviceRegistry devices, Community community,
                    Ringing ringing) {
        this.alarms = alarms;
        this.lifecycle = lifecycle;
        this.devices = devices;
        this.community = community;
        this.ringing = ringing;
    }

    public void register(HttpRoutes routes) {
        routes.add(HttpMethod.GET, "/api/alarms", Access.anyStaff(), call -> {
            boolean openOnly = !"all".equals(call.query("state").orElse("open"));
            int limit = Pages.limit(call);
            int offset = Pages.offset(call);
            List<Map<String, Object>> items = alarms.page(openOnly, limit, offset).stream()
                    .filter(alarm -> visibleTo(call.caller(), alarm))
                    .map(alarm -> withRinging(view(alarm), alarm, call.caller())).toList();
            return Reply.ok(Pages.of(items, items.size(), limit, offset));
        });
        routes.add(HttpMethod.GET, "/api/alarms/{id}", Access.anyStaff(), call -> {
            Alarm alarm = visibleAlarm(call);
            Map<String, Object> view = withRinging(view(alarm), alarm, call.caller());
            view.put("timeline", alarms.timeline(alarm.id()));
            return Reply.ok(view);
        });
        Access handlers = Access.roles(Role.DUTY, Role.SUPERVISOR, Role.TECHNICIAN, Role.ADMIN);
        routes.add(HttpMethod.POST, "/api/alarms/{id}/acknowledge", handlers,
                call -> answer(lifecycle.acknowledge(visibleAlarm(call).id(), call.caller(), call.origin())));
        routes.add(HttpMethod.POST, "/api/alarms/{id}/arrive", handlers,
                call -> answer(lifecycle.arrive(visibleAlarm(call).id(), call.caller(), call.origin())));
        routes.add(HttpMethod.POST, "/api/alarms/{id}/resolve", handlers, call -> {
            Fields fields = new Fields(call.json());
            String outcome = fields.text("outcome");
            String note = fields.text("note");
            fields.check();
            return answer(lifecycle.resolve(visibleAlarm(call).id(), call.caller(), call.origin(), outcome, note));
        });
    }

    private Reply answer(Result result) {
        return switch (result) {
            case Result.Done done -> Reply.ok(view(done.alarm()));
            case Result.Refused refused -> throw ApiException.conflict("conflict", refused.why());
            case Result.Missing missing -> throw ApiException.notFound("no such call");
        };
    }

    private Alarm visibleAlarm(HttpCall call) throws SQLException {
        return alarms.find(call.param("id")).filter(alarm -> visibleTo(call.caller(), alarm))
                .orElseThrow(() -> ApiException.notFound("no call '" + call.param("id") + "'"));
    }

    /** Whether this caller's console should ring for the call, and who else is being rung. */
    private Map<String, Object> withRinging(Map<String, Object> view, Alarm alarm, Staff caller) {
        view.put("ringingForMe", ringing.ringsFor(alarm.id(), caller.id()));
        view.put("ringingEveryone", ringing.ringsEveryone(alarm.id()));
        return view;
    }

    private static boolean visibleTo(Staff caller, Alarm alarm) {
        return caller.role() != Role.TECHNICIAN || alarm.kind().alarmClass() == AlarmClass.TECHNICAL;
    }

    /** A call with who and where: the resident's name, address and room, the grid. Never the health notes. */
    Map<String, Object> view(Alarm alarm) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", alarm.id());
        view.put("kind", alarm.kind().name());
        view.put("class", alarm.kind().alarmClass().name());
        view.put("state", alarm.state().name());
        view.put("deviceId", alarm.deviceId());
        view.put("raisedAt", alarm.raisedAt());
        view.put("receivedAt", alarm.receivedAt());
        view.put("clockSkewMs", alarm.clockSkewMillis());
        view.put("pressCount", alarm.pressCount());
        view.put("test", alarm.test());
        view.put("problem", alarm.problem());
        view.put("escalationStep", alarm.handling().escalationStep());
        view.put("acknowledgedBy", alarm.handling().acknowledgedName());
        view.put("acknowledgedAt", alarm.handling().acknowledgedAt());
        view.put("arrivedAt", alarm.handling().arrivedAt());
        view.put("resolvedAt", alarm.handling().resolvedAt());
        view.put("outcome", alarm.handling().outcome());
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
                who.put("areaId", resident.areaId());
            });
            if (who.get("areaId") instanceof String areaId) {
                community.area(areaId).ifPresent(area -> who.put("areaName", area.name()));
            }
        } catch (SQLException e) {
            who.put("unavailable", "the resident's file could not be read");
        }
        return who;
    }
}
