package org.carecall.hub.api;

import io.netty.handler.codec.http.HttpMethod;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.carecall.hub.alarm.Alarm;
import org.carecall.hub.alarm.AlarmLifecycle;
import org.carecall.hub.alarm.AlarmLifecycle.Result;
import org.carecall.hub.alarm.AlarmStore;
import org.carecall.hub.audit.AuditLog;
import org.carecall.hub.http.ApiException;
import org.carecall.hub.http.HttpCall;
import org.carecall.hub.http.HttpRoutes;
import org.carecall.hub.http.HttpRoutes.Access;
import org.carecall.hub.http.HttpRoutes.Reply;
import org.carecall.hub.staff.Role;
import org.carecall.hub.store.StoreException;
import org.carecall.protocol.AlarmKind;
import org.carecall.hub.staff.Staff;
import org.carecall.hub.staff.StaffDirectory;

/**
 * Calls for the console: the open board, one call with its timeline, and taking, arriving at and resolving
 * a call. Technicians see and handle technical alarms only; care staff see every call.
 */
public final class AlarmApi {
    private final AlarmStore alarms;
    private final AlarmLifecycle lifecycle;
    private final AlarmViews views;
    private final StaffDirectory staff;
    private final AuditLog audit;

    public AlarmApi(AlarmStore alarms, AlarmLifecycle lifecycle, AlarmViews views, StaffDirectory staff, AuditLog audit) {
        this.audit = audit;
        this.alarms = alarms;
        this.lifecycle = lifecycle;
        this.views = views;
        this.staff = staff;
    }

    public void register(HttpRoutes routes) {
        routes.add(HttpMethod.GET, "/api/alarms", Access.anyStaff(), call -> {
            boolean openOnly = !"all".equals(call.query("state").orElse("open"));
            int limit = Pages.limit(call);
            int offset = Pages.offset(call);
            Set<AlarmKind> kinds = AlarmViews.kindsVisibleTo(call.caller());
            List<Map<String, Object>> items = alarms.page(openOnly, kinds, limit, offset).stream()
                    .map(alarm -> views.view(alarm, call.caller())).toList();
            return Reply.ok(Pages.of(items, alarms.count(openOnly, kinds), limit, offset));
        });
        routes.add(HttpMethod.GET, "/api/alarms/{id}", Access.anyStaff(), call -> {
            Alarm alarm = visibleAlarm(call);
            Map<String, Object> view = views.view(alarm, call.caller());
            view.put("timeline", alarms.timeline(alarm.id()).stream().map(this::row).toList());
            return Reply.ok(view);
        });
        Access handlers = Access.roles(Role.DUTY, Role.SUPERVISOR, Role.TECHNICIAN, Role.ADMIN);
        routes.add(HttpMethod.POST, "/api/alarms/{id}/acknowledge", handlers,
                call -> answer(lifecycle.acknowledge(visibleAlarm(call), call.caller(), call.origin()), call,
                        "alarm.acknowledged", "took call"));
        routes.add(HttpMethod.POST, "/api/alarms/{id}/arrive", handlers,
                call -> answer(lifecycle.arrive(visibleAlarm(call).id(), call.caller(), call.origin()), call,
                        "alarm.arrived", "arrived at the resident for call"));
        routes.add(HttpMethod.POST, "/api/alarms/{id}/resolve", handlers, call -> {
            Fields fields = new Fields(call.json());
            String outcome = fields.text("outcome");
            String note = fields.text("note");
            fields.check();
            return answer(lifecycle.resolve(visibleAlarm(call).id(), call.caller(), call.origin(), outcome, note),
                    call, "alarm.resolved", "closed call");
        });
    }

    /**
     * The answer to a move; a move made is also an audit row (who took, reached or closed which call, from
     * where), not waited for: the move itself is committed and the call path does not wait on a second write.
     */
    private Reply answer(Result result, HttpCall call, String event, String what) {
        Staff caller = call.caller();
        return switch (result) {
            case Result.Done done -> {
                Alarm alarm = done.alarm();
                String outcome = alarm.handling().outcome();
                audit.did(caller.username(), event, alarm.deviceId(), call.origin(), what + " " + alarm.id()
                        + (event.equals("alarm.resolved") && outcome != null ? " (" + outcome + ")" : ""));
                yield Reply.ok(views.view(alarm, caller));
            }
            case Result.Refused refused -> throw ApiException.conflict(refused.reason(), refused.why())
                    .with("by", refused.alarm().handling().acknowledgedName());
            case Result.Missing missing -> throw ApiException.notFound("no such call");
        };
    }

    /**
     * A timeline row as a console shows it: what happened, who by name (a person, the unit, the outside
     * channel), and the note. Where it came from (an address and port) stays in the store for audits.
     */
    private Map<String, Object> row(AlarmStore.TimelineEntry entry) {
        Map<String, Object> row = new java.util.LinkedHashMap<>();
        row.put("at", entry.at());
        row.put("action", entry.action());
        String actor = entry.actor() == null ? "hub" : entry.actor();
        if (actor.startsWith("staff:")) {
            String username = actor.substring("staff:".length());
            row.put("by", "staff");
            row.put("who", staff.byUsername(username).map(Staff::displayName).orElse(username));
        } else {
            row.put("by", actor.startsWith("device:") ? "unit" : actor);
        }
        row.put("note", entry.note());
        return row;
    }

    private Alarm visibleAlarm(HttpCall call) throws StoreException {
        return alarms.find(call.param("id")).filter(alarm -> AlarmViews.visibleTo(call.caller(), alarm))
                .orElseThrow(() -> ApiException.notFound("no call '" + call.param("id") + "'"));
    }

}
