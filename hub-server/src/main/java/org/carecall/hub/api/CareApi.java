package org.carecall.hub.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.regex.Pattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.carecall.hub.access.Scope;
import org.carecall.hub.audit.AuditLog;
import org.carecall.hub.care.CarePolicies;
import org.carecall.hub.care.CarePolicy;
import org.carecall.hub.care.CareRounds;
import org.carecall.hub.care.TodayList;
import org.carecall.hub.care.ResidentEvent;
import org.carecall.hub.care.Visit;
import org.carecall.hub.care.VisitRules;
import org.carecall.hub.care.VisitTask;
import org.carecall.hub.community.Resident;
import org.carecall.hub.community.Area;
import org.carecall.hub.community.Community;
import org.carecall.hub.community.Site;
import org.carecall.hub.http.ApiException;
import org.carecall.hub.http.HttpCall;
import org.carecall.hub.http.HttpRoutes;
import org.carecall.hub.http.HttpRoutes.Access;
import org.carecall.hub.http.HttpRoutes.Reply;
import org.carecall.hub.staff.Role;
import org.carecall.hub.staff.Staff;
import org.carecall.hub.staff.StaffDirectory;
import org.carecall.protocol.MessageIds;

/**
 * Everyday care's rounds (the policy and the monthly report are {@link CarePolicyApi}'s): residents' visits,
 * visit tasks and major changes, which are health information: care staff of her community, and of the duty
 * staff only those of her grid ({@link Scope#mayVisit}); technicians never. Every change is audited with who
 * made it (a visit's notes are not copied into the audit).
 */
public final class CareApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Access CARE = Access.roles(Role.DUTY, Role.SUPERVISOR, Role.ADMIN);
    /** A phone's clock may run a little ahead of the hub's: a visit "now" is not refused as in the future. */
    private static final Duration CLOCK_SLACK = Duration.ofMinutes(5);
    private static final int LAST_VISITS = 5;
    private static final Pattern CLIENT_ID = Pattern.compile("[0-9A-Za-z_-]{1,64}");

    private final CarePolicies policies;
    private final CareRounds rounds;
    private final TodayList today;
    private final Community community;
    private final StaffDirectory staff;
    private final AuditLog audit;
    private final Clock clock;
    private final Scope scope;
    private final List<CareExtras> extras = new ArrayList<>();

    public CareApi(CarePolicies policies, CareRounds rounds, TodayList today, Community community,
                   StaffDirectory staff, AuditLog audit, Clock clock, Scope scope) {
        this.policies = policies;
        this.rounds = rounds;
        this.today = today;
        this.community = community;
        this.staff = staff;
        this.audit = audit;
        this.clock = clock;
        this.scope = scope;
    }

    /** What other parts of care add (work orders, check-ins): what a visit's post opens, and Today's sections. */
    public CareApi with(CareExtras more) {
        this.extras.add(more);
        return this;
    }

    public void register(HttpRoutes routes) {
        // Visits, tasks and major changes are read from the store each time: other nodes have no copy to renew.
        routes.storeOnly("/api/residents/{id}/visits").storeOnly("/api/residents/{id}/events");
        routes.add(HttpMethod.GET, "/api/today", CARE, call -> {
            List<Area> grids = todaysGrids(call);
            Map<String, Object> view = todayView(grids, today.visits(grids, clock.instant()));
            for (CareExtras more : extras) {
                view.putAll(more.today(call, grids));
            }
            return Reply.ok(view);
        });
        routes.add(HttpMethod.POST, "/api/residents/{id}/visits", CARE, call -> {
            Resident resident = visited(call);
            Visit visit = visit(call, resident);
            CareRounds.Recorded recorded = rounds.record(visit, plan(resident)).join();
            if (!recorded.visit().residentId().equals(resident.id())) {
                throw ApiException.conflict("id-taken", "'id' is the id of another resident's visit");
            }
            for (CareExtras more : extras) {
                more.visitPosted(recorded.visit(), call);
            }
            if (recorded.first()) {
                audit.changed(call.caller().username(), "visit.recorded", null, call.origin(), "visit " + visit.id()
                        + " to resident " + resident.id() + ": " + visit.method() + " " + visit.outcome()
                        + (visit.replaces() == null ? "" : ", correcting " + visit.replaces()));
            }
            return Reply.json(recorded.first() ? HttpResponseStatus.CREATED : HttpResponseStatus.OK,
                    visitView(recorded.visit(), null, zone(resident)));
        });
        routes.add(HttpMethod.GET, "/api/residents/{id}/visits", CARE, call -> {
            Resident resident = visited(call);
            return Reply.ok(visitViews(rounds.visits(resident.id()), zone(resident)));
        });
        routes.add(HttpMethod.GET, "/api/residents/{id}/visit-tasks", CARE, call -> {
            Resident resident = visited(call);
            ZoneId zone = zone(resident);
            return Reply.ok(rounds.tasks(resident.id()).stream().map(task -> taskView(task, zone)).toList());
        });
        // The file's care section: her tier and its rhythm, her last visits, the open tasks, the major changes.
        routes.add(HttpMethod.GET, "/api/residents/{id}/care", CARE, call -> {
            Resident resident = visited(call);
            ZoneId zone = zone(resident);
            CarePolicy policy = plan(resident).policy();
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("tier", resident.riskLevel().name());
            view.put("visitDays", policy.daysFor(resident.riskLevel()));
            view.put("visits", visitViews(rounds.visits(resident.id()), zone).stream().limit(LAST_VISITS).toList());
            view.put("openTasks", rounds.tasks(resident.id()).stream().filter(VisitTask::open)
                    .map(task -> taskView(task, zone)).toList());
            view.put("events", rounds.events(resident.id()).stream().limit(LAST_VISITS).map(CareApi::eventView).toList());
            return Reply.ok(view);
        });
        routes.add(HttpMethod.POST, "/api/residents/{id}/events", CARE, call -> {
            Resident resident = visited(call);
            Fields fields = new Fields(call.json());
            String kind = fields.text("kind");
            if (kind != null && !ResidentEvent.KINDS.contains(kind)) {
                fields.problem("kind", "choice", "'kind' must be one of " + String.join(", ", ResidentEvent.KINDS));
            }
            String note = fields.optionalText("note", 500);
            fields.check();
            ResidentEvent event = rounds.recordEvent(new ResidentEvent(MessageIds.next(), resident.id(), kind, note,
                    clock.instant(), call.caller().id()), plan(resident)).join();
            audit.changed(call.caller().username(), "resident.event", null, call.origin(), "major change " + kind
                    + " recorded for resident " + resident.id());
            return Reply.json(HttpResponseStatus.CREATED, eventView(event));
        });
    }

    // --- Today ---

    /**
     * The grids whose visits are on the caller's Today: a duty worker's own (all of her community's when she
     * has none listed), the community's for supervisors and administrators; {@code areaId} narrows to one.
     */
    private List<Area> todaysGrids(HttpCall call) throws Exception {
        Staff who = call.caller();
        List<Area> grids = community.areas().stream().filter(area -> scope.maySeeArea(who, area.id()))
                .filter(area -> who.role() != Role.DUTY || scope.worksInGrid(who, area.id())).toList();
        Optional<String> only = call.query("areaId").filter(id -> !id.isBlank());
        if (only.isPresent()) {
            grids = grids.stream().filter(area -> area.id().equals(only.get())).toList();
            if (grids.isEmpty()) {
                throw Fields.refusal(List.of(new Fields.Problem("areaId", "unknown", "'areaId' names none of your grids",
                        Map.of())));
            }
        }
        return grids;
    }

    private Map<String, Object> todayView(List<Area> grids, List<TodayList.Item> visits) throws Exception {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("visits", visits.stream().map(item -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("taskId", item.taskId());
            one.put("residentId", item.residentId());
            one.put("name", item.name());
            one.put("tier", item.tier());
            one.put("kind", item.kind());
            one.put("dueAt", item.dueAt().toString());
            one.put("daysOverdue", item.daysOverdue());
            one.put("address", item.address());
            one.put("room", item.room());
            one.put("phone", item.phone());
            one.put("areaId", item.areaId());
            one.put("gridName", item.gridName());
            return one;
        }).toList());
        view.put("checkIns", List.of());
        view.put("workOrders", List.of());
        view.put("followUps", List.of());
        view.put("grids", grids.stream().map(grid -> Map.of("areaId", grid.id(), "name", grid.name())).toList());
        return view;
    }

    // --- visits ---

    /** Her file, if the caller may see her visits; another grid's or community's answers as if she did not exist. */
    private Resident visited(HttpCall call) throws Exception {
        return visited(call, community, scope, audit);
    }

    /** Her file, if the caller may see her care records; otherwise a 404, as if she did not exist. */
    static Resident visited(HttpCall call, Community community, Scope scope, AuditLog audit) throws Exception {
        return ResidentLookup.find(community, audit, call, scope::mayVisit, "visits of resident ");
    }

    private ZoneId zone(Resident resident) {
        return scope.siteOf(resident).flatMap(community::site).map(Site::timezone).orElse(ZoneId.of("UTC"));
    }

    private CareRounds.Plan plan(Resident resident) throws Exception {
        String siteId = scope.siteOf(resident).orElse(null);
        return new CareRounds.Plan(resident.id(), resident.riskLevel(), zone(resident), policies.forSite(siteId));
    }

    /** The visit posted, every field checked at once; a problem names its field. */
    private Visit visit(HttpCall call, Resident resident) throws Exception {
        Fields fields = new Fields(call.json());
        String id = fields.text("id");
        if (id != null && !CLIENT_ID.matcher(id).matches()) {
            fields.problem("id", "client-id", "'id' must be the client's id: 1 to 64 letters, digits, - or _");
        }
        Instant now = clock.instant();
        Instant visitedAt = now;
        String when = fields.optionalText("visitedAt", 40);
        if (when != null) {
            try {
                visitedAt = OffsetDateTime.parse(when).toInstant();
                if (visitedAt.isAfter(now.plus(CLOCK_SLACK))) {
                    fields.problem("visitedAt", "future", "'visitedAt' is in the future");
                }
            } catch (DateTimeException e) {
                fields.problem("visitedAt", "date-time", "'visitedAt' must be a time such as 2026-12-09T09:30:00+08:00");
            }
        }
        String method = listed(fields, "method", Visit.METHODS);
        String outcome = listed(fields, "outcome", Visit.OUTCOMES);
        String visitor = fields.optionalText("visitor", 100);
        String note = fields.optionalText("note", 2000);
        ObjectNode domains = JSON.createObjectNode();
        JsonNode sent = fields.node("domains");
        if (sent != null && !sent.isNull()) {
            if (!sent.isObject()) {
                fields.problem("domains", "invalid", "'domains' must be {health, mood, safety, hygiene, living}");
            } else {
                sent.fields().forEachRemaining(entry -> {
                    String name = entry.getKey();
                    JsonNode domain = entry.getValue();
                    String status = domain.path("status").asText(null);
                    if (!Visit.DOMAINS.contains(name)) {
                        fields.problem("domains." + name, "unknown", "'domains." + name + "' is not one of "
                                + String.join(", ", Visit.DOMAINS));
                    } else if (status == null || !Visit.STATUSES.contains(status)) {
                        fields.problem("domains." + name + ".status", "choice", "'domains." + name
                                + ".status' must be OK or CONCERN");
                    } else if (domain.path("note").asText("").length() > 500) {
                        fields.problem("domains." + name + ".note", "too-long", "'domains." + name
                                + ".note' is longer than 500 characters", Map.of("max", 500));
                    } else {
                        ObjectNode kept = domains.putObject(name);
                        kept.put("status", status);
                        kept.put("note", domain.path("note").asText(""));
                    }
                });
            }
        }
        ArrayNode needs = JSON.createArrayNode();
        JsonNode sentNeeds = fields.node("needs");
        if (sentNeeds != null && !sentNeeds.isNull()) {
            if (!sentNeeds.isArray() || sentNeeds.size() > 20) {
                fields.problem("needs", "invalid", "'needs' must be a list of at most 20 {category, note}");
            } else {
                for (int i = 0; i < sentNeeds.size(); i++) {
                    String category = sentNeeds.get(i).path("category").asText(null);
                    if (category == null || !Visit.NEEDS.contains(category)) {
                        fields.problem("needs." + (i + 1) + ".category", "choice", "'needs." + (i + 1)
                                + ".category' must be one of " + String.join(", ", Visit.NEEDS));
                    } else {
                        ObjectNode need = needs.addObject();
                        need.put("category", category);
                        need.put("note", truncate(sentNeeds.get(i).path("note").asText(""), 500));
                    }
                }
            }
        }
        String replaces = fields.optionalText("replaces", 64);
        if (replaces != null && rounds.visit(replaces).filter(old -> old.residentId().equals(resident.id())).isEmpty()) {
            fields.problem("replaces", "unknown", "'replaces' names no visit of this resident");
        }
        fields.check();
        return new Visit(id, resident.id(), visitedAt, now, method, outcome, visitor, call.caller().id(), domains, needs,
                note, replaces);
    }

    private static String listed(Fields fields, String name, List<String> allowed) {
        String value = fields.text(name);
        if (value != null && !allowed.contains(value)) {
            fields.problem(name, "choice", "'" + name + "' must be one of " + String.join(", ", allowed));
            return null;
        }
        return value;
    }

    private static String truncate(String text, int max) {
        return text.length() > max ? text.substring(0, max) : text;
    }

    /** Her visits, each with who made it and, when corrected, which visit replaced it. */
    private List<Map<String, Object>> visitViews(List<Visit> visits, ZoneId zone) {
        Map<String, String> replacedBy = new HashMap<>();
        visits.stream().filter(visit -> visit.replaces() != null).forEach(visit -> replacedBy.put(visit.replaces(), visit.id()));
        return visits.stream().map(visit -> visitView(visit, replacedBy.get(visit.id()), zone)).toList();
    }

    private Map<String, Object> visitView(Visit visit, String replacedBy, ZoneId zone) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", visit.id());
        view.put("residentId", visit.residentId());
        view.put("visitedAt", visit.visitedAt().toString());
        view.put("enteredAt", visit.enteredAt().toString());
        view.put("lateEntry", lateEntry(visit.visitedAt(), visit.enteredAt(), zone));
        view.put("method", visit.method());
        view.put("outcome", visit.outcome());
        view.put("visitor", visit.visitor() != null ? visit.visitor()
                : visit.staffId() == null ? null : staff.find(visit.staffId()).map(Staff::displayName).orElse(null));
        view.put("staffId", visit.staffId());
        view.put("domains", visit.domains());
        view.put("needs", visit.needs());
        view.put("note", visit.note());
        view.put("replaces", visit.replaces());
        view.put("replacedBy", replacedBy);
        return view;
    }

    /** Entered on a later day than it was made: from paper, or a phone that waited for a signal. */
    private static boolean lateEntry(Instant made, Instant entered, ZoneId zone) {
        return entered != null && VisitRules.day(entered, zone).isAfter(VisitRules.day(made, zone));
    }

    private Map<String, Object> taskView(VisitTask task, ZoneId zone) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", task.id());
        view.put("residentId", task.residentId());
        view.put("kind", task.kind());
        view.put("tier", task.tier());
        view.put("state", task.state());
        view.put("dueAt", task.dueAt().toString());
        view.put("daysOverdue", task.open() ? VisitRules.daysOverdue(task.dueAt(), clock.instant(), zone) : 0);
        view.put("doneAt", task.doneAt() == null ? null : task.doneAt().toString());
        view.put("enteredAt", task.doneEnteredAt() == null ? null : task.doneEnteredAt().toString());
        view.put("lateEntry", task.doneAt() != null && lateEntry(task.doneAt(), task.doneEnteredAt(), zone));
        view.put("onTime", task.doneAt() == null ? null
                : VisitRules.daysOverdue(task.dueAt(), task.doneAt(), zone) == 0);
        view.put("visitId", task.visitId());
        return view;
    }

    private static Map<String, Object> eventView(ResidentEvent event) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", event.id());
        view.put("residentId", event.residentId());
        view.put("kind", event.kind());
        view.put("note", event.note());
        view.put("happenedAt", event.happenedAt().toString());
        return view;
    }
}
