package org.carecall.hub.api;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.carecall.hub.access.Scope;
import org.carecall.hub.audit.AuditLog;
import org.carecall.hub.care.CarePolicies;
import org.carecall.hub.care.CarePolicy;
import org.carecall.hub.care.Visit;
import org.carecall.hub.community.Area;
import org.carecall.hub.community.Community;
import org.carecall.hub.community.Resident;
import org.carecall.hub.community.Site;
import org.carecall.hub.http.ApiException;
import org.carecall.hub.http.HttpCall;
import org.carecall.hub.http.HttpRoutes;
import org.carecall.hub.http.HttpRoutes.Access;
import org.carecall.hub.http.HttpRoutes.Reply;
import org.carecall.hub.staff.Role;
import org.carecall.hub.staff.Staff;
import org.carecall.hub.staff.StaffDirectory;
import org.carecall.hub.workorders.UnitVoice;
import org.carecall.hub.workorders.WorkOrder;
import org.carecall.hub.workorders.WorkOrderMove;
import org.carecall.hub.workorders.WorkOrderMove.Facts;
import org.carecall.hub.workorders.WorkOrderState;
import org.carecall.hub.workorders.WorkOrderSweep;
import org.carecall.hub.workorders.WorkOrderToday;
import org.carecall.hub.workorders.WorkOrders;
import org.carecall.protocol.MessageIds;

/**
 * Work orders (巡查—上报—处置—反馈): opened by staff, by a visit's needs and by her service key; moved by
 * their table ({@link WorkOrderMove}). Care staff of her community, and of the duty staff only those of her
 * grid ({@link Scope#mayVisit}); another grid's order answers as if it did not exist. Duty staff take orders
 * for themselves, start, finish and follow them up; supervisors and administrators also assign to anyone and
 * cancel; technicians never. A move out of order is 409 with the current state. Every change is audited.
 */
public final class WorkOrderApi implements CareExtras {
    private static final Access CARE = Access.roles(Role.DUTY, Role.SUPERVISOR, Role.ADMIN);

    private final Parts parts;
    private final CarePolicies policies;
    private final Community community;
    private final StaffDirectory staff;
    private final AuditLog audit;
    private final Scope scope;

    /** The orders, their Today lists and the unit's voice. */
    public record Parts(WorkOrders orders, WorkOrderToday today, UnitVoice voice) {
    }

    public WorkOrderApi(Parts parts, CarePolicies policies, Community community, StaffDirectory staff, AuditLog audit,
                        Scope scope) {
        this.parts = parts;
        this.policies = policies;
        this.community = community;
        this.staff = staff;
        this.audit = audit;
        this.scope = scope;
    }

    public void register(HttpRoutes routes) {
        routes.storeOnly("/api/work-orders");
        routes.add(HttpMethod.POST, "/api/work-orders", CARE, this::open);
        routes.add(HttpMethod.GET, "/api/work-orders", CARE, this::list);
        routes.add(HttpMethod.GET, "/api/work-orders/{id}", CARE, call -> {
            WorkOrder order = order(call);
            WorkOrder.WithTimeline full = parts.orders().withTimeline(order.id()).orElseThrow();
            Map<String, Object> view = view(full.order(), residentOf(order));
            view.put("timeline", full.timeline().stream().map(WorkOrderApi::entryView).toList());
            return Reply.ok(view);
        });
        routes.add(HttpMethod.POST, "/api/work-orders/{id}/assign", CARE, this::assign);
        routes.add(HttpMethod.POST, "/api/work-orders/{id}/start", CARE, call ->
                move(call, order(call), WorkOrderMove.START, Facts.NONE));
        routes.add(HttpMethod.POST, "/api/work-orders/{id}/done", CARE, call -> {
            WorkOrder order = order(call);
            Fields fields = new Fields(call.json());
            String outcome = fields.text("outcome");
            String note = fields.optionalText("note", 1000);
            fields.check();
            return move(call, order, WorkOrderMove.DONE, Facts.done(truncate(outcome, 200), note));
        });
        routes.add(HttpMethod.POST, "/api/work-orders/{id}/follow-up", CARE, call -> {
            WorkOrder order = order(call);
            Fields fields = new Fields(call.json());
            var satisfied = fields.node("satisfied");
            if (satisfied == null || !satisfied.isBoolean()) {
                fields.problem("satisfied", "required", "'satisfied' must be true or false");
            }
            String note = fields.optionalText("note", 1000);
            fields.check();
            return move(call, order, WorkOrderMove.FOLLOW_UP, Facts.followUp(note, satisfied.asBoolean()));
        });
        routes.add(HttpMethod.POST, "/api/work-orders/{id}/cancel", CARE, call -> {
            WorkOrder order = order(call);
            if (call.caller().role() == Role.DUTY) {
                throw ApiException.forbidden("only a supervisor cancels a work order");
            }
            Fields fields = new Fields(call.json());
            String reason = fields.text("reason");
            fields.check();
            return move(call, order, WorkOrderMove.CANCEL, Facts.reason(truncate(reason, 500)));
        });
        routes.add(HttpMethod.POST, "/api/work-orders/{id}/appointment", CARE, call -> {
            WorkOrder order = order(call);
            Fields fields = new Fields(call.json());
            Instant at = instant(fields, "appointmentAt");
            fields.check();
            WorkOrders.Result result = parts.orders().appoint(order.id(), at, actor(call)).join();
            return answer(call, result, "appointment", at == null ? "cleared" : at.toString());
        });
    }

    private Reply open(HttpCall call) throws Exception {
        Fields fields = new Fields(call.json());
        String residentId = fields.text("residentId");
        String category = fields.text("category");
        if (category != null && !WorkOrder.CATEGORIES.contains(category)) {
            fields.problem("category", "choice", "'category' must be one of " + String.join(", ", WorkOrder.CATEGORIES));
        }
        String source = Optional.ofNullable(fields.optionalText("source", 10)).orElse(WorkOrder.STAFF);
        if (!List.of(WorkOrder.STAFF, WorkOrder.VISIT).contains(source)) {
            fields.problem("source", "choice", "'source' must be STAFF or VISIT");
        }
        String note = fields.optionalText("note", 1000);
        String clientId = fields.optionalText("id", 64);
        Instant appointmentAt = instant(fields, "appointmentAt");
        fields.check();
        Resident resident = community.resident(residentId).filter(found -> scope.mayVisit(call.caller(), found))
                .orElseThrow(() -> Fields.refusal(List.of(new Fields.Problem("residentId", "unknown",
                        "'residentId' names none of your residents", Map.of()))));
        // A client's id makes a repeated post open one order; without one, each post is an order.
        String key = "POST:" + call.caller().id() + ":" + (clientId != null ? clientId : MessageIds.next());
        WorkOrder order = parts.orders().open(List.of(new WorkOrders.NewOrder(key, resident.id(), category, note,
                source, null)), actor(call)).join().getFirst();
        if (appointmentAt != null && order.appointmentAt() == null) {
            order = ((WorkOrders.Moved) parts.orders().appoint(order.id(), appointmentAt, actor(call)).join()).order();
        }
        audit.changed(call.caller().username(), "work-order.reported", null, call.origin(), "work order " + order.id()
                + " (" + category + ") for resident " + resident.id());
        return Reply.json(HttpResponseStatus.CREATED, view(order, resident));
    }

    private Reply list(HttpCall call) throws Exception {
        Fields problems = new Fields(null);
        WorkOrderState state = call.query("state").filter(s -> !s.isBlank()).map(s -> {
            WorkOrderState known = java.util.Arrays.stream(WorkOrderState.values()).filter(v -> v.name().equals(s))
                    .findFirst().orElse(null);
            if (known == null) {
                problems.problem("state", "choice", "'state' must be one of REPORTED, ASSIGNED, IN_PROGRESS, DONE,"
                        + " FOLLOWED_UP, CANCELLED");
            }
            return known;
        }).orElse(null);
        String category = call.query("category").filter(c -> !c.isBlank()).orElse(null);
        if (category != null && !WorkOrder.CATEGORIES.contains(category)) {
            problems.problem("category", "choice", "'category' must be one of " + String.join(", ", WorkOrder.CATEGORIES));
        }
        List<Area> grids = grids(call.caller());
        Optional<String> only = call.query("areaId").filter(id -> !id.isBlank());
        if (only.isPresent()) {
            grids = grids.stream().filter(area -> area.id().equals(only.get())).toList();
            if (grids.isEmpty()) {
                problems.problem("areaId", "unknown", "'areaId' names none of your grids");
            }
        }
        problems.check();
        String residentId = call.query("residentId").filter(id -> !id.isBlank()).orElse(null);
        List<Map<String, Object>> views = new ArrayList<>();
        for (WorkOrders.Listed listed : parts.orders().list(new WorkOrders.Filter(grids.stream().map(Area::id).toList(),
                state, residentId, category, false))) {
            Map<String, Object> view = view(listed.order(), community.resident(listed.order().residentId()).orElse(null));
            view.put("name", listed.name());
            views.add(view);
        }
        return Reply.ok(views);
    }

    /** Duty staff take for themselves; supervisors and administrators give it to any care staff of her community. */
    private Reply assign(HttpCall call) throws Exception {
        WorkOrder order = order(call);
        Staff caller = call.caller();
        Fields fields = new Fields(call.jsonOrEmpty());
        String staffId = Optional.ofNullable(fields.optionalText("staffId", 64)).orElse(caller.id());
        fields.check();
        if (caller.role() == Role.DUTY) {
            if (!staffId.equals(caller.id())) {
                throw ApiException.forbidden("duty staff take an order for themselves; a supervisor assigns it to others");
            }
            return move(call, order, WorkOrderMove.TAKE, Facts.to(caller.id(), caller.displayName()));
        }
        String siteId = scope.siteOf(residentOf(order)).orElse(null);
        Staff worker = staff.find(staffId).filter(member -> member.role() != Role.TECHNICIAN)
                .filter(member -> siteId != null && (siteId.equals(member.siteId()) || member.id().equals(caller.id())))
                .orElseThrow(() -> Fields.refusal(List.of(new Fields.Problem("staffId", "unknown",
                        "'staffId' names none of her community's care staff", Map.of()))));
        return move(call, order, WorkOrderMove.ASSIGN, Facts.to(worker.id(), worker.displayName()));
    }

    private Reply move(HttpCall call, WorkOrder order, WorkOrderMove move, Facts facts) {
        WorkOrders.Result result = parts.orders().move(order.id(), move, facts, actor(call)).join();
        if (result instanceof WorkOrders.Moved moved) {
            switch (move) {
                case TAKE, ASSIGN -> parts.voice().assigned(moved.order());
                case DONE -> parts.voice().done(moved.order());
                default -> { }
            }
        }
        return answer(call, result, move.to().name().toLowerCase(), facts.staffName());
    }

    private Reply answer(HttpCall call, WorkOrders.Result result, String action, String detail) {
        return switch (result) {
            case WorkOrders.Moved moved -> {
                audit.changed(call.caller().username(), "work-order." + action, null, call.origin(), "work order "
                        + moved.order().id() + " of resident " + moved.order().residentId()
                        + (detail == null ? "" : ": " + detail));
                yield Reply.ok(view(moved.order(), residentOf(moved.order())));
            }
            case WorkOrders.Refused refused -> throw ApiException.conflict("out-of-order", "the order is "
                    + WorkOrderState.shown(refused.current()) + ": " + action + " is not a move from there")
                    .with("state", WorkOrderState.shown(refused.current()));
            case WorkOrders.Missing missing -> throw ApiException.notFound("no work order");
        };
    }

    // --- CareExtras: a visit's needs open orders; Today's sections ---

    @Override
    public void visitPosted(Visit visit, HttpCall call) throws Exception {
        if (visit.needs() == null || visit.needs().isEmpty()) {
            return;
        }
        String visitKey = visit.replaces() != null ? visit.replaces() : visit.id(); // a correction names the same needs
        List<WorkOrders.NewOrder> needs = new ArrayList<>();
        for (int i = 0; i < visit.needs().size(); i++) {
            var need = visit.needs().get(i);
            needs.add(new WorkOrders.NewOrder("VISIT:" + visitKey + ":" + i, visit.residentId(),
                    need.path("category").asText("OTHER"), need.path("note").asText(null), WorkOrder.VISIT, null));
        }
        parts.orders().open(needs, actor(call)).join();
    }

    @Override
    public Map<String, List<?>> today(HttpCall call, List<Area> grids) throws Exception {
        Staff who = call.caller();
        WorkOrderToday.Lists lists = parts.today().lists(grids, who.role() == Role.DUTY ? who.id() : null);
        return Map.of("workOrders", lists.open().stream().map(WorkOrderToday::view).toList(),
                "followUps", lists.followUps().stream().map(WorkOrderToday::view).toList());
    }

    // --- reading ---

    /** The order, if the caller may see its resident's care; another grid's or community's answers 404. */
    private WorkOrder order(HttpCall call) throws Exception {
        String id = call.param("id");
        Optional<WorkOrder> found = parts.orders().find(id);
        if (found.isPresent() && community.resident(found.get().residentId())
                .filter(resident -> scope.mayVisit(call.caller(), resident)).isEmpty()) {
            audit.noted(call.caller().username(), "scope.refused", null, call.origin(), "work order " + id
                    + ", not of their grids");
            found = Optional.empty();
        }
        return found.orElseThrow(() -> ApiException.notFound("no work order '" + id + "'"));
    }

    private Resident residentOf(WorkOrder order) {
        try {
            return community.resident(order.residentId()).orElse(null);
        } catch (Exception e) {
            return null;
        }
    }

    /** The grids whose orders the caller sees: a duty worker's own, a supervisor's or administrator's community. */
    private List<Area> grids(Staff who) throws Exception {
        return community.areas().stream().filter(area -> scope.maySeeArea(who, area.id()))
                .filter(area -> who.role() != Role.DUTY || scope.worksInGrid(who, area.id())).toList();
    }

    private static WorkOrders.Actor actor(HttpCall call) {
        return new WorkOrders.Actor(call.caller().id(), call.caller().displayName(), call.origin());
    }

    private Map<String, Object> view(WorkOrder order, Resident resident) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", order.id());
        view.put("residentId", order.residentId());
        view.put("name", resident == null ? null : resident.name());
        view.put("category", order.category());
        view.put("note", order.note());
        view.put("source", order.source());
        view.put("deviceId", order.deviceId());
        view.put("state", WorkOrderState.shown(order.state()));
        view.put("reportedAt", text(order.reportedAt()));
        view.put("pressCount", order.pressCount());
        view.put("assigneeId", order.assigneeId());
        view.put("assigneeName", order.assigneeName());
        view.put("assignedAt", text(order.assignedAt()));
        view.put("startedAt", text(order.startedAt()));
        view.put("doneAt", text(order.doneAt()));
        view.put("outcome", order.outcome());
        view.put("doneNote", order.doneNote());
        view.put("followedUpAt", text(order.followedUpAt()));
        view.put("satisfied", order.satisfied());
        view.put("followUpNote", order.followUpNote());
        view.put("cancelledAt", text(order.cancelledAt()));
        view.put("cancelReason", order.cancelReason());
        view.put("appointmentAt", text(order.appointmentAt()));
        view.put("flagged", order.flaggedAt() != null);
        view.put("flaggedAt", text(order.flaggedAt()));
        timers(view, order, resident);
        return view;
    }

    /** When it will be flagged while unassigned, and when its follow-up is due, by her community's policy. */
    private void timers(Map<String, Object> view, WorkOrder order, Resident resident) {
        String siteId = resident == null ? null : scope.siteOf(resident).orElse(null);
        try {
            CarePolicy.WorkOrders policy = policies.forSite(siteId).workOrders();
            ZoneId zone = community.site(siteId).map(Site::timezone).orElse(ZoneId.of("UTC"));
            view.put("flagAt", order.state() == WorkOrderState.REPORTED && order.flaggedAt() == null
                    ? text(WorkOrderSweep.flagAt(order, policy, zone)) : null);
            Instant due = order.followUpDue(policy.followUpHours());
            view.put("followUpDueAt", text(due));
            view.put("followUpOverdue", order.state() == WorkOrderState.DONE && parts.today().now().isAfter(due));
        } catch (Exception e) {
            view.put("followUpDueAt", null); // the policy could not be read: the order shows without its timers
        }
    }

    private static Map<String, Object> entryView(WorkOrder.Entry entry) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("at", entry.at().toString());
        view.put("action", entry.action());
        view.put("by", entry.actorName() != null ? entry.actorName() : entry.actor());
        view.put("from", entry.origin());
        view.put("note", entry.note());
        return view;
    }

    private static Instant instant(Fields fields, String name) {
        String text = fields.optionalText(name, 40);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException e) {
            fields.problem(name, "date-time", "'" + name + "' must be a time such as 2026-12-09T09:30:00+08:00");
            return null;
        }
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
