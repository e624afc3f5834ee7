package org.carecall.hub.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.carecall.hub.community.Community;
import org.carecall.hub.escalation.EscalationPolicies;
import org.carecall.hub.escalation.EscalationPolicy;
import org.carecall.hub.http.ApiException;
import org.carecall.hub.http.HttpRoutes;
import org.carecall.hub.http.HttpRoutes.Access;
import org.carecall.hub.http.HttpRoutes.Reply;
import org.carecall.hub.roster.DutyRoster;
import org.carecall.hub.roster.Shift;
import org.carecall.hub.staff.Role;

/**
 * The duty roster and escalation policies: who is on duty now, the shifts, going on and off duty from the
 * console, and each community's escalation steps.
 */
public final class RosterApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Access PLANNERS = Access.roles(Role.SUPERVISOR, Role.ADMIN);

    private final DutyRoster roster;
    private final EscalationPolicies policies;
    private final Community community;

    public RosterApi(DutyRoster roster, EscalationPolicies policies, Community community) {
        this.roster = roster;
        this.policies = policies;
        this.community = community;
    }

    public void register(HttpRoutes routes) {
        routes.add(HttpMethod.GET, "/api/duty", Access.anyStaff(), call -> Reply.ok(roster.onDutyNow().stream()
                .map(duty -> {
                    Map<String, Object> view = new LinkedHashMap<>(SessionApi.view(duty.staff()));
                    view.put("areaId", duty.areaId() == null ? "" : duty.areaId());
                    return view;
                }).toList()));
        routes.add(HttpMethod.POST, "/api/duty", Access.roles(Role.DUTY, Role.SUPERVISOR, Role.TECHNICIAN), call -> {
            JsonNode body = call.json();
            if (!body.path("onDuty").isBoolean()) {
                throw ApiException.badRequest("'onDuty' must be true or false");
            }
            String areaId = body.path("areaId").isTextual() ? body.path("areaId").textValue() : null;
            return Reply.ok(roster.toggle(call.caller().id(), body.path("onDuty").booleanValue(), areaId));
        });
        routes.add(HttpMethod.GET, "/api/shifts", Access.anyStaff(), call -> Reply.ok(roster.shifts()));
        routes.add(HttpMethod.POST, "/api/shifts", PLANNERS, call -> {
            Fields fields = new Fields(call.json());
            String staffId = fields.text("staffId");
            String areaId = fields.optionalText("areaId");
            Shift.Kind kind = fields.choice("kind", Shift.Kind.class, Shift.Kind.WEEKLY);
            DayOfWeek weekday = kind == Shift.Kind.WEEKLY ? fields.choice("weekday", DayOfWeek.class, null) : null;
            LocalDate onDate = kind == Shift.Kind.WEEKLY ? null : date(fields, fields.optionalText("onDate"));
            LocalTime starts = time(fields, "starts");
            LocalTime ends = time(fields, "ends");
            if (kind == Shift.Kind.WEEKLY && weekday == null) {
                fields.problem("'weekday' is required for a weekly shift (MONDAY to SUNDAY)");
            }
            if (kind != Shift.Kind.WEEKLY && onDate == null) {
                fields.problem("'onDate' is required for a one-off shift or a day off");
            }
            fields.check();
            return Reply.json(HttpResponseStatus.CREATED,
                    roster.addShift(new Shift(null, staffId, areaId, kind, weekday, onDate, starts, ends)));
        });
        routes.add(HttpMethod.DELETE, "/api/shifts/{id}", PLANNERS, call -> {
            if (!roster.removeShift(call.param("id"))) {
                throw ApiException.notFound("no shift '" + call.param("id") + "'");
            }
            return Reply.ok(Map.of("removed", call.param("id")));
        });
        routes.add(HttpMethod.GET, "/api/escalation-policies", PLANNERS, call -> {
            Map<String, EscalationPolicy> bySite = new LinkedHashMap<>();
            for (var site : community.sites()) {
                bySite.put(site.id(), policies.forSite(site.id()));
            }
            return Reply.ok(Map.of("defaults", EscalationPolicy.defaults(), "sites", bySite));
        });
        routes.add(HttpMethod.GET, "/api/escalation-policies/{siteId}", PLANNERS,
                call -> Reply.ok(policies.forSite(call.param("siteId"))));
        routes.add(HttpMethod.PUT, "/api/escalation-policies/{siteId}", PLANNERS, call -> {
            EscalationPolicy policy;
            try {
                policy = JSON.treeToValue(call.json(), EscalationPolicy.class);
            } catch (Exception e) {
                throw ApiException.badRequest("the policy must be {care: [{afterS, audiences}], technical: [...],"
                        + " onSiteTimeoutS}; audiences among GRID_DUTY, SITE_DUTY, SUPERVISORS, ALL_CONSOLES,"
                        + " OUTSIDE, TECHNICIANS");
            }
            return Reply.ok(policies.save(call.param("siteId"), policy));
        });
    }

    private static LocalDate date(Fields fields, String text) {
        try {
            return text == null ? null : LocalDate.parse(text);
        } catch (DateTimeException e) {
            fields.problem("'onDate' must be a date such as 2026-12-24");
            return null;
        }
    }

    private static LocalTime time(Fields fields, String name) {
        String text = fields.text(name);
        try {
            return text == null ? null : LocalTime.parse(text);
        } catch (DateTimeException e) {
            fields.problem("'" + name + "' must be a time of day such as 08:00");
            return null;
        }
    }
}
