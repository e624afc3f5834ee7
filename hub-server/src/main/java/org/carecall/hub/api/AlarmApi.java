package org.carecall.hub.api;

import io.netty.handler.codec.http.HttpMethod;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.carecall.hub.access.Scope;
import org.carecall.hub.alarm.Alarm;
import org.carecall.hub.alarm.AlarmLifecycle.Result;
import org.carecall.hub.alarm.AlarmLifecycle;
import org.carecall.hub.alarm.AlarmStore;
import org.carecall.hub.audit.AuditLog;
import org.carecall.hub.board.AlarmViews;
import org.carecall.hub.board.BoardOrder;
import org.carecall.hub.http.ApiException;
import org.carecall.hub.http.HttpCall;
import org.carecall.hub.http.HttpRoutes.Access;
import org.carecall.hub.http.HttpRoutes.Reply;
import org.carecall.hub.http.HttpRoutes;
import org.carecall.hub.staff.Role;
import org.carecall.hub.staff.Staff;
import org.carecall.hub.staff.StaffDirectory;
import org.carecall.hub.store.StoreException;
import org.carecall.protocol.AlarmKind;

/**
 * Calls for the console: the open board, one call with its timeline, and taking, arriving at and resolving
 * a call. Who sees which call, and who may close a call someone else took, is {@link Scope}'s rule: a call of
 * another community answers 404, as if it did not exist, and the refusal is a row of the audit log.
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
            String site = Scope.siteFilter(call.caller());
            List<Alarm> page = alarms.page(openOnly, kinds, site, limit, offset);
            if (openOnly) { // the open board in its one order (priority class, then age); history newest first
                page = page.stream().sorted(BoardOrder.PRIORITY_THEN_AGE).toList();
            }
            List<Map<String, Object>> items = page.stream().filter(alarm -> views.visibleTo(call.caller(), alarm))
                    .map(alarm -> views.view(alarm, call.caller())).toList();
            return Reply.ok(Pages.of(items, alarms.count(openOnly, kinds, site), limit, offset));
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
                call -> answer(lifecycle.arrive(closable(call).id(), call.caller(), call.origin()), call,
                        "alarm.arrived", "arrived at the resident for call"));
        routes.add(HttpMethod.POST, "/api/alarms/{id}/resolve", handlers, call -> {
            Alarm alarm = closable(call);
            Fields fields = new Fields(call.json());
            String outcome = fields.text("outcome");
            String note = fields.text("note");
            fields.check();
            return answer(lifecycle.resolve(alarm.id(), call.caller(), call.origin(), outcome, note),
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

    /** The call, if this person may see it; another community's answers as if it did not exist. */
    private Alarm visibleAlarm(HttpCall call) throws StoreException {
        Optional<Alarm> found = alarms.find(call.param("id"));
        if (found.isPresent() && !views.visibleTo(call.caller(), found.get())) {
            audit.noted(call.caller().username(), "scope.refused", found.get().deviceId(), call.origin(),
                    "call " + found.get().id() + " of another community or kind");
        }
        return found.filter(alarm -> views.visibleTo(call.caller(), alarm))
                .orElseThrow(() -> ApiException.notFound("no call '" + call.param("id") + "'"));
    }

    /** A call to arrive at or close: once taken, its taker's, or a supervisor's or admin's of its community. */
    private Alarm closable(HttpCall call) throws StoreException {
        Alarm alarm = visibleAlarm(call);
        if (alarm.handling().acknowledgedBy() != null && !views.scope().mayCloseTaken(call.caller(), alarm)) {
            audit.noted(call.caller().username(), "scope.refused", alarm.deviceId(), call.origin(),
                    "call " + alarm.id() + " taken by someone else");
            // The same answer as the life cycle's for an arrival by someone else: the console names the taker.
            throw ApiException.conflict("not-yours",
                    "taken by " + alarm.handling().acknowledgedName() + "; only they or a supervisor may close it")
                    .with("by", alarm.handling().acknowledgedName());
        }
        return alarm;
    }

}
