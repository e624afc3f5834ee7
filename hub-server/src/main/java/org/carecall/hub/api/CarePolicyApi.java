package org.carecall.hub.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.carecall.hub.access.Scope;
import org.carecall.hub.audit.AuditLog;
import org.carecall.hub.audit.Changes;
import org.carecall.hub.care.CarePolicies;
import org.carecall.hub.care.CarePolicy;
import org.carecall.hub.care.CareReport;
import org.carecall.hub.checkin.CheckInReport;
import org.carecall.hub.community.Community;
import org.carecall.hub.community.Resident.RiskLevel;
import org.carecall.hub.community.Site;
import org.carecall.hub.http.HttpCall;
import org.carecall.hub.http.HttpRoutes;
import org.carecall.hub.http.HttpRoutes.Access;
import org.carecall.hub.http.HttpRoutes.Reply;
import org.carecall.hub.staff.Role;
import org.carecall.hub.workorders.WorkOrderReport;

/**
 * Each community's care policy (visit days per tier, the not-home retry, the window after a major change)
 * and its monthly visit report, for the community's supervisors and administrators. A change is audited
 * with who made it; another community's answers as if it did not exist.
 */
public final class CarePolicyApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Access PLANNERS = Access.roles(Role.SUPERVISOR, Role.ADMIN);

    private final CarePolicies policies;
    private final CareReport report;
    private final CheckInReport checkIns;
    private final Community community;
    private final AuditLog audit;
    private final Clock clock;
    private final Scope scope;
    private WorkOrderReport orders;

    public CarePolicyApi(CarePolicies policies, CareReport report, CheckInReport checkIns, Community community,
                         AuditLog audit, Clock clock, Scope scope) {
        this.policies = policies;
        this.report = report;
        this.checkIns = checkIns;
        this.community = community;
        this.audit = audit;
        this.clock = clock;
        this.scope = scope;
    }

    /** The report also counts the work orders, per grid. */
    public CarePolicyApi withWorkOrders(WorkOrderReport orders) {
        this.orders = orders;
        return this;
    }

    public void register(HttpRoutes routes) {
        routes.add(HttpMethod.GET, "/api/care-policies/{siteId}", PLANNERS,
                call -> Reply.ok(policies.forSite(site(call, call.param("siteId")).id())));
        routes.add(HttpMethod.PUT, "/api/care-policies/{siteId}", PLANNERS, call -> {
            Site site = site(call, call.param("siteId"));
            CarePolicy policy = policy(call.json());
            CarePolicy before = policies.forSite(site.id());
            CarePolicy saved = policies.save(site.id(), policy);
            audit.changed(call.caller().username(), "care-policy.changed", null, call.origin(),
                    Changes.of("care policy of '" + site.name() + "'")
                            .field("visitDays", days(before), days(saved))
                            .field("notHomeRetryDays", before.notHomeRetryDays(), saved.notHomeRetryDays())
                            .field("eventVisitHours", before.eventVisitHours(), saved.eventVisitHours())
                            .field("family.callResolved", before.family().callResolved(), saved.family().callResolved())
                            .toString());
            return Reply.ok(saved);
        });
        routes.add(HttpMethod.GET, "/api/reports/care", PLANNERS, call -> {
            String siteId = call.query("siteId").filter(id -> !id.isBlank()).orElse(call.caller().siteId());
            if (siteId == null) {
                throw Fields.refusal(List.of(new Fields.Problem("siteId", "required", "'siteId' names the community",
                        Map.of())));
            }
            Site site = site(call, siteId);
            YearMonth month;
            try {
                month = call.query("month").map(YearMonth::parse)
                        .orElse(YearMonth.from(clock.instant().atZone(site.timezone())));
            } catch (DateTimeException e) {
                throw Fields.refusal(List.of(new Fields.Problem("month", "month", "'month' must be such as 2026-12",
                        Map.of())));
            }
            Map<String, CareReport.Figures> figures = report.month(site, month);
            List<CheckInReport.Figures> checkInFigures = checkIns.month(site, month);
            WorkOrderReport.Month orderMonth = orders == null ? null
                    : orders.month(site, month, policies.forSite(site.id()).workOrders().followUpHours());
            if (call.query("format").filter("csv"::equals).isPresent()) {
                return Reply.text(HttpResponseStatus.OK, "text/csv; charset=utf-8", CareReport.csv(site, month, figures)
                        + CheckInReport.csv(site, month, checkInFigures)
                        + (orders == null ? "" : WorkOrderReport.csv(site, month, orderMonth)));
            }
            Map<String, Object> body = new LinkedHashMap<>(Map.of("siteId", site.id(), "month",
                    month.toString(), "timezone", site.timezone().getId(), "tiers", figures, "checkIns", checkInFigures));
            if (orderMonth != null) {
                body.put("workOrders", orderMonth);
            }
            return Reply.ok(body);
        });
    }

    private static String days(CarePolicy policy) {
        return "HIGH " + policy.daysFor(RiskLevel.HIGH)
                + ", MEDIUM " + policy.daysFor(RiskLevel.MEDIUM)
                + ", LOW " + policy.daysFor(RiskLevel.LOW);
    }

    /** The policy sent; what it leaves out keeps the defaults. Every field wrong is named at once. */
    static CarePolicy policy(JsonNode body) {
        CarePolicy defaults = CarePolicy.defaults();
        List<Fields.Problem> problems = new ArrayList<>();
        Map<RiskLevel, Integer> days = new EnumMap<>(RiskLevel.class);
        JsonNode visitDays = body.path("visitDays");
        if (!visitDays.isMissingNode() && !visitDays.isObject()) {
            problems.add(new Fields.Problem("visitDays", "invalid", "'visitDays' must be {HIGH, MEDIUM, LOW}", Map.of()));
        }
        for (var tier : RiskLevel.values()) {
            days.put(tier, whole(visitDays, tier.name(), "visitDays." + tier.name(), defaults.daysFor(tier), problems));
        }
        int retry = whole(body, "notHomeRetryDays", "notHomeRetryDays", defaults.notHomeRetryDays(), problems);
        int event = whole(body, "eventVisitHours", "eventVisitHours", defaults.eventVisitHours(), problems);
        CarePolicy.CheckIn checkIn = defaults.checkIn();
        CarePolicy.WorkOrders workOrders = defaults.workOrders();
        CarePolicy.Family family = defaults.family();
        try {
            if (body.has("family")) {
                family = JSON.treeToValue(body.get("family"), CarePolicy.Family.class);
            }
            if (body.has("checkIn")) {
                checkIn = JSON.treeToValue(overDefaults(body.get("checkIn"), checkIn), CarePolicy.CheckIn.class);
            }
            if (body.has("workOrders")) {
                workOrders = JSON.treeToValue(body.get("workOrders"), CarePolicy.WorkOrders.class);
            }
        } catch (Exception e) {
            problems.add(new Fields.Problem("checkIn", "invalid", "'checkIn', 'workOrders' and 'family' must be as care.md shows",
                    Map.of()));
        }
        if (!problems.isEmpty()) {
            throw Fields.refusal(problems);
        }
        CarePolicy policy = new CarePolicy(days, retry, event, checkIn, workOrders, family);
        List<Fields.Problem> wrong = policy.problems().stream().map(problem -> new Fields.Problem(problem.field(),
                problem.code(), problem.text(), Map.<String, Object>of("min", problem.min(), "max", problem.max()))).toList();
        if (!wrong.isEmpty()) {
            throw Fields.refusal(wrong);
        }
        return policy;
    }

    /** The fields sent over the defaults: a check-in policy that leaves the call out does not ring at the deadline. */
    private static JsonNode overDefaults(JsonNode sent, Object defaults) {
        if (!sent.isObject()) {
            return sent;
        }
        ObjectNode merged = JSON.valueToTree(defaults);
        merged.setAll((ObjectNode) sent);
        return merged;
    }

    private static int whole(JsonNode parent, String name, String field, int absent, List<Fields.Problem> problems) {
        JsonNode value = parent.path(name);
        if (value.isMissingNode() || value.isNull()) {
            return absent;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            problems.add(new Fields.Problem(field, "whole", "'" + field + "' must be a whole number", Map.of()));
            return absent;
        }
        return value.intValue();
    }

    /** A community of the caller's; another answers as if it did not exist, and the attempt is audited. */
    private Site site(HttpCall call, String id) {
        return CallersCommunity.site(call, id, community, scope, audit);
    }
}
