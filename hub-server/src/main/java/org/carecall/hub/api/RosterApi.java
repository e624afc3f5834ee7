package org.carecall.hub.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.carecall.hub.access.Scope;
import org.carecall.hub.audit.AuditLog;
import org.carecall.hub.audit.Changes;
import org.carecall.hub.community.Area;
import org.carecall.hub.community.Community;
import org.carecall.hub.community.Site;
import org.carecall.hub.escalation.EscalationPlanner;
import org.carecall.hub.escalation.EscalationPolicies;
import org.carecall.hub.escalation.EscalationPolicy;
import org.carecall.hub.http.ApiException;
import org.carecall.hub.http.HttpCall;
import org.carecall.hub.http.HttpRoutes;
import org.carecall.hub.http.HttpRoutes.Access;
import org.carecall.hub.http.HttpRoutes.Reply;
import org.carecall.hub.roster.DutyRoster;
import org.carecall.hub.roster.RosterWeek;
import org.carecall.hub.roster.Shift;
import org.carecall.hub.staff.Role;
import org.carecall.hub.staff.Staff;
import org.carecall.hub.staff.StaffDirectory;
import org.carecall.hub.store.StoreException;

/**
 * The duty roster and escalation policies: who is on duty now, the shifts, the week ahead per grid with
 * its gaps, going on and off duty from the console, and each community's escalation steps with a preview
 * of whom they would ring now. Every change is audited with who made it. Each person sees and plans only
 * their own community's staff, grids, shifts and policies ({@link Scope}), and goes on duty only in their
 * own grids.
 */
public final class RosterApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Access PLANNERS = Access.roles(Role.SUPERVISOR, Role.ADMIN);

    private final DutyRoster roster;
    private final EscalationPolicies policies;
    private final EscalationPlanner planner;
    private final Community community;
    private final StaffDirectory staff;
    private final AuditLog audit;
    private final java.time.Clock clock;
    private final Scope scope;

    public RosterApi(DutyRoster roster, EscalationPolicies policies, EscalationPlanner planner, Community community,
                     StaffDirectory staff, AuditLog audit, java.time.Clock clock, Scope scope) {
        this.scope = scope;
        this.roster = roster;
        this.policies = policies;
        this.planner = planner;
        this.community = community;
        this.staff = staff;
        this.audit = audit;
        this.clock = clock;
    }

    public void register(HttpRoutes routes) {
        routes.add(HttpMethod.GET, "/api/duty", Access.anyStaff(), call -> {
            Map<String, String> gridNames = gridNames();
            return Reply.ok(roster.onDutyNow().stream().filter(duty -> scope.maySeeStaff(call.caller(), duty.staff()))
                    .map(duty -> {
                Map<String, Object> view = new LinkedHashMap<>(SessionApi.view(duty.staff()));
                view.put("areaId", duty.areaId() == null ? "" : duty.areaId());
                view.put("gridName", duty.areaId() == null ? "" : gridNames.getOrDefault(duty.areaId(), ""));
                return view;
            }).toList());
        });
        routes.add(HttpMethod.POST, "/api/duty", Access.roles(Role.DUTY, Role.SUPERVISOR, Role.TECHNICIAN), call -> {
            JsonNode body = call.json();
            if (!body.path("onDuty").isBoolean()) {
                throw ApiException.badRequest("'onDuty' must be true or false");
            }
            String areaId = body.path("areaId").isTextual() ? body.path("areaId").textValue() : null;
            if (areaId != null && areaId.isBlank()) {
                areaId = null;
            }
            if (areaId != null && community.area(areaId).map(area -> !scope.maySeeArea(call.caller(), area.id()))
                    .orElse(true)) {
                throw Fields.refusal(List.of(new Fields.Problem("areaId", "unknown",
                        "'areaId' names no grid of your community", Map.of())));
            }
            if (body.path("onDuty").booleanValue() && !scope.mayGoOnDutyIn(call.caller(), areaId)) {
                throw Fields.refusal(List.of(call.caller().siteId() == null
                        ? new Fields.Problem("areaId", "no-community", "an account of no community is on duty nowhere", Map.of())
                        : new Fields.Problem("areaId", "not-your-grid", "'areaId' is not one of your grids", Map.of())));
            }
            DutyRoster.Toggle toggle = roster.toggle(call.caller().id(), body.path("onDuty").booleanValue(), areaId);
            audit.changed(call.caller().username(), toggle.onDuty() ? "duty.on" : "duty.off", null, call.origin(),
                    (toggle.onDuty() ? "went on duty" : "went off duty")
                            + (toggle.areaId() == null ? "" : " for grid '" + toggle.areaId() + "'"));
            return Reply.ok(toggle);
        });
        routes.add(HttpMethod.GET, "/api/shifts", Access.anyStaff(), call -> Reply.ok(shiftViews(roster.shifts().stream()
                .filter(shift -> ownShift(call, shift)).toList())));
        routes.add(HttpMethod.POST, "/api/shifts", PLANNERS, call -> {
            Shift shift = shift(call, null);
            Shift stored = roster.addShift(shift);
            audit.changed(call.caller().username(), "shift.added", null, call.origin(), describe(stored));
            return Reply.json(HttpResponseStatus.CREATED, stored);
        });
        routes.add(HttpMethod.PUT, "/api/shifts/{id}", PLANNERS, call -> {
            Shift before = existingShift(call);
            Shift changed = shift(call, before.id());
            roster.replaceShift(changed);
            audit.changed(call.caller().username(), "shift.changed", null, call.origin(),
                    describe(before) + " → " + describe(changed));
            return Reply.ok(changed);
        });
        routes.add(HttpMethod.DELETE, "/api/shifts/{id}", PLANNERS, call -> {
            Shift before = existingShift(call);
            roster.removeShift(before.id());
            audit.changed(call.caller().username(), "shift.removed", null, call.origin(), describe(before));
            return Reply.ok(Map.of("removed", call.param("id")));
        });
        // The week ahead of one community, grid by grid: the shifts that fall on each day, and the gaps.
        routes.add(HttpMethod.GET, "/api/roster/week", Access.anyStaff(), call -> {
            Site site = site(call, call.query("siteId").orElse(null));
            LocalDate from = call.query("from").map(RosterApi::day).orElse(LocalDate.now(clock.withZone(site.timezone())));
            List<Area> grids = community.areas().stream().filter(area -> area.siteId().equals(site.id())).toList();
            Map<String, List<RosterWeek.Day>> coverage = new RosterWeek(roster).coverage(site, grids, from);
            List<Shift> shifts = roster.shifts();
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Area grid : grids) {
                List<Map<String, Object>> days = new ArrayList<>();
                for (RosterWeek.Day day : coverage.get(grid.id())) {
                    List<Shift> held = shifts.stream().filter(shift -> coversGrid(shift, grid) && heldOn(shift, day.date()))
                            .toList();
                    days.add(Map.of("date", day.date().toString(), "weekday", day.date().getDayOfWeek().name(),
                            "gaps", day.gaps(), "covered", day.covered(), "shifts", shiftViews(held)));
                }
                rows.add(Map.of("areaId", grid.id(), "name", grid.name(), "days", days));
            }
            return Reply.ok(Map.of("siteId", site.id(), "from", from.toString(), "timezone", site.timezone().getId(),
                    "grids", rows));
        });
        routes.add(HttpMethod.GET, "/api/escalation-policies", PLANNERS, call -> {
            Map<String, EscalationPolicy> bySite = new LinkedHashMap<>();
            for (var site : community.sites()) {
                if (!scope.inCommunity(call.caller(), site.id())) {
                    continue;
                }
                bySite.put(site.id(), policies.forSite(site.id()));
            }
            return Reply.ok(Map.of("defaults", EscalationPolicy.defaults(), "sites", bySite,
                    "limits", Map.of("maxSeconds", EscalationPolicy.MAX_SECONDS, "maxSteps", EscalationPolicy.MAX_STEPS,
                            "minOnSiteS", EscalationPolicy.MIN_ON_SITE_S)));
        });
        routes.add(HttpMethod.GET, "/api/escalation-policies/{siteId}", PLANNERS,
                call -> Reply.ok(policies.forSite(site(call, call.param("siteId")).id())));
        routes.add(HttpMethod.PUT, "/api/escalation-policies/{siteId}", PLANNERS, call -> {
            Site site = site(call, call.param("siteId"));
            EscalationPolicy policy = policy(call.json());
            EscalationPolicy before = policies.forSite(site.id());
            EscalationPolicy saved = policies.save(site.id(), policy);
            audit.changed(call.caller().username(), "policy.changed", null, call.origin(),
                    Changes.of("escalation policy of '" + site.name() + "'")
                            .field("care", steps(before.care()), steps(saved.care()))
                            .field("technical", steps(before.technical()), steps(saved.technical()))
                            .field("onSiteTimeoutS", before.onSiteTimeoutS(), saved.onSiteTimeoutS())
                            .toString());
            return Reply.ok(saved);
        });
        // Whom the policy (stored, or the one being edited if sent) would ring now for a call from a grid.
        routes.add(HttpMethod.POST, "/api/escalation-policies/{siteId}/preview", PLANNERS, call -> {
            Site site = site(call, call.param("siteId"));
            JsonNode body = call.jsonOrEmpty();
            String areaId = body.path("areaId").asText("");
            Area grid = community.area(areaId).filter(area -> area.siteId().equals(site.id()))
                    .orElseThrow(() -> Fields.refusal(List.of(new Fields.Problem("areaId", "unknown",
                            "'areaId' names no grid of this community", Map.of()))));
            EscalationPolicy policy = body.has("policy") ? policy(body.get("policy")) : policies.forSite(site.id());
            return Reply.ok(Map.of("care", planner.preview(policy, grid, false),
                    "technical", planner.preview(policy, grid, true)));
        });
    }

    private Map<String, String> gridNames() throws StoreException {
        Map<String, String> names = new LinkedHashMap<>();
        community.areas().forEach(area -> names.put(area.id(), area.name()));
        return names;
    }

    private List<Map<String, Object>> shiftViews(List<Shift> shifts) throws StoreException {
        Map<String, String> grids = gridNames();
        return shifts.stream().map(shift -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("id", shift.id());
            view.put("staffId", shift.staffId());
            view.put("staffName", staff.find(shift.staffId()).map(Staff::displayName).orElse(shift.staffId()));
            view.put("areaId", shift.areaId());
            view.put("gridName", shift.areaId() == null ? null : grids.get(shift.areaId()));
            view.put("kind", shift.kind());
            view.put("weekday", shift.weekday());
            view.put("onDate", shift.onDate());
            view.put("starts", shift.starts().toString());
            view.put("ends", shift.ends().toString());
            return view;
        }).toList();
    }

    /** A shift for a grid, or one without a grid that covers the grids its person works in (or all). */
    private boolean coversGrid(Shift shift, Area grid) {
        if (shift.areaId() != null) {
            return shift.areaId().equals(grid.id());
        }
        Staff member = staff.find(shift.staffId()).orElse(null);
        if (member == null || member.siteId() == null || !member.siteId().equals(grid.siteId())) {
            return false;
        }
        List<String> grids = staff.grids(member.id());
        return grids.isEmpty() || grids.contains(grid.id());
    }

    private static boolean heldOn(Shift shift, LocalDate day) {
        return switch (shift.kind()) {
            case WEEKLY -> day.getDayOfWeek() == shift.weekday();
            case ONE_OFF, OFF -> day.equals(shift.onDate());
        };
    }

    /** A shift of someone of the caller's community; another community's answers as if it did not exist. */
    private Shift existingShift(HttpCall call) throws StoreException {
        String id = call.param("id");
        return roster.shifts().stream().filter(shift -> shift.id().equals(id)).filter(shift -> ownShift(call, shift))
                .findFirst().orElseThrow(() -> ApiException.notFound("no shift '" + id + "'"));
    }

    private boolean ownShift(HttpCall call, Shift shift) {
        return staff.find(shift.staffId()).map(member -> scope.maySeeStaff(call.caller(), member)).orElse(false);
    }

    private Shift shift(HttpCall call, String id) throws StoreException {
        Fields fields = new Fields(call.json());
        String staffId = fields.text("staffId");
        Staff member = staffId == null ? null : staff.find(staffId)
                .filter(found -> scope.maySeeStaff(call.caller(), found)).orElse(null);
        if (staffId != null && (member == null || member.disabled())) {
            fields.problem("staffId", "unknown", "'staffId' names no enabled account");
        } else if (member != null && member.siteId() == null) {
            fields.problem("staffId", "no-site", "'staffId' names an account without a community");
        }
        String areaId = fields.optionalText("areaId", 40);
        if (areaId != null) {
            var area = community.area(areaId);
            if (area.isEmpty()) {
                fields.problem("areaId", "unknown", "'areaId' names no grid");
            } else if (member != null && member.siteId() != null && !member.siteId().equals(area.get().siteId())) {
                fields.problem("areaId", "other-site", "the grid is not in this person's community");
            }
        }
        Shift.Kind kind = fields.choice("kind", Shift.Kind.class, Shift.Kind.WEEKLY);
        DayOfWeek weekday = kind == Shift.Kind.WEEKLY ? fields.choice("weekday", DayOfWeek.class, null) : null;
        LocalDate onDate = kind == Shift.Kind.WEEKLY ? null : date(fields, fields.optionalText("onDate", 20));
        LocalTime starts = time(fields, "starts");
        LocalTime ends = time(fields, "ends");
        if (kind == Shift.Kind.WEEKLY && weekday == null && !fields.hasProblemWith("weekday")) {
            fields.problem("weekday", "required", "'weekday' is required for a weekly shift (MONDAY to SUNDAY)");
        }
        if (kind != Shift.Kind.WEEKLY && onDate == null && !fields.hasProblemWith("onDate")) {
            fields.problem("onDate", "required", "'onDate' is required for a one-off shift or a day off");
        }
        if (starts != null && starts.equals(ends) && kind != Shift.Kind.OFF && !fields.hasProblemWith("ends")) {
            // A whole day is 00:00 to 00:00; any other equal pair is almost surely a slip.
            if (!starts.equals(LocalTime.MIDNIGHT)) {
                fields.problem("ends", "same-time", "'ends' is the same as 'starts'; for a whole day use 00:00 to 00:00");
            }
        }
        fields.check();
        return new Shift(id, staffId, areaId, kind, weekday, onDate, starts, ends);
    }

    private String describe(Shift shift) {
        String who = staff.find(shift.staffId()).map(Staff::username).orElse(shift.staffId());
        return who + " " + shift.kind() + " " + (shift.weekday() != null ? shift.weekday() : shift.onDate()) + " "
                + shift.starts() + "–" + shift.ends() + (shift.areaId() == null ? "" : " grid " + shift.areaId());
    }

    /** A community of the caller's; another answers as if it did not exist, and the attempt is audited. */
    private Site site(HttpCall call, String id) {
        return CallersCommunity.site(call, id, community, scope, audit);
    }

    private static String steps(List<EscalationPolicy.Step> steps) {
        return steps.stream().map(step -> step.afterS() + " s " + step.audiences().stream().map(Enum::name).sorted().toList())
                .toList().toString();
    }

    private static EscalationPolicy policy(JsonNode body) {
        EscalationPolicy policy;
        try {
            policy = JSON.treeToValue(body, EscalationPolicy.class);
        } catch (Exception e) {
            throw ApiException.badRequest("the policy must be {care: [{afterS, audiences}], technical: [...],"
                    + " onSiteTimeoutS}; audiences among GRID_DUTY, SITE_DUTY, SUPERVISORS, ALL_CONSOLES,"
                    + " OUTSIDE, TECHNICIANS");
        }
        if (policy.care() == null || policy.technical() == null) {
            throw ApiException.badRequest("the policy needs both chains: care and technical");
        }
        if (java.util.stream.Stream.concat(policy.care().stream(), policy.technical().stream())
                .anyMatch(step -> step == null || step.audiences() != null && step.audiences().contains(null))) {
            throw ApiException.badRequest("every step must be {afterS, audiences} with audiences among GRID_DUTY,"
                    + " SITE_DUTY, SUPERVISORS, ALL_CONSOLES, OUTSIDE, TECHNICIANS");
        }
        List<Fields.Problem> problems = policy.checked().stream()
                // the figures a console puts in its sentence: a step may wait from 0 s, on site from a minute
                .map(problem -> new Fields.Problem(problem.field(), problem.code(), problem.text(), Map.<String, Object>of(
                        "max", EscalationPolicy.MAX_SECONDS,
                        "min", "onSiteTimeoutS".equals(problem.field()) ? EscalationPolicy.MIN_ON_SITE_S : 0)))
                .toList();
        if (!problems.isEmpty()) {
            throw Fields.refusal(problems);
        }
        return policy;
    }

    private static LocalDate day(String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeException e) {
            throw ApiException.badRequest("'from' must be a date such as 2026-12-07");
        }
    }

    private static LocalDate date(Fields fields, String text) {
        try {
            return text == null ? null : LocalDate.parse(text);
        } catch (DateTimeException e) {
            fields.problem("onDate", "date", "'onDate' must be a date such as 2026-12-24");
            return null;
        }
    }

    private static LocalTime time(Fields fields, String name) {
        String text = fields.text(name);
        try {
            return text == null ? null : LocalTime.parse(text);
        } catch (DateTimeException e) {
            fields.problem(name, "time", "'" + name + "' must be a time of day such as 08:00");
            return null;
        }
    }
}
