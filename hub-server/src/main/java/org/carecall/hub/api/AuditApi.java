package org.carecall.hub.api;

import io.netty.handler.codec.http.HttpMethod;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.carecall.hub.access.Scope;
import org.carecall.hub.audit.AuditLog;
import org.carecall.hub.http.ApiException;
import org.carecall.hub.http.HttpCall;
import org.carecall.hub.http.HttpRoutes;
import org.carecall.hub.http.HttpRoutes.Access;
import org.carecall.hub.http.HttpRoutes.Reply;
import org.carecall.hub.staff.Role;

/**
 * The audit log for administrators: every change made from the console with who made it (a community's
 * administrator reads the rows of its own staff and units; the district's, every row), and
 * ({@code /api/refusals}, for technicians too) the refused attempts counted per minute and source, with
 * whether someone is guessing secrets or passwords now. Filtered by person
 * ({@code actor}, a user name), device and dates ({@code from}, {@code to}: days, both included, in
 * {@code zone}). Read only: the API has no path that changes or removes an entry, and the database
 * refuses it too (append-only triggers).
 */
public final class AuditApi {
    private final AuditLog audit;

    public AuditApi(AuditLog audit) {
        this.audit = audit;
    }

    public void register(HttpRoutes routes) {
        routes.add(HttpMethod.GET, "/api/audit", Access.roles(Role.ADMIN), call -> {
            ZoneId zone = zone(call);
            // A community's administrator reads the rows of its own people and its own units, found by the query.
            AuditLog.Filter filter = new AuditLog.Filter(text(call, "actor"), text(call, "deviceId"),
                    day(call, "from", zone, 0), day(call, "to", zone, 1), Scope.siteFilter(call.caller()),
                    before(call));
            return Reply.ok(audit.find(filter, call.queryInt("limit", 100, 1, 1000)));
        });
        routes.add(HttpMethod.GET, "/api/refusals", Access.roles(Role.ADMIN, Role.TECHNICIAN), call -> {
            int minutes = call.queryInt("minutes", 60, 1, 24 * 60);
            // A community's staff see the refusals about its accounts and units; those about no known
            // account or unit (guessed names and ids, enrolment codes, floods) are the district's.
            return Reply.ok(audit.refusalSummary(Duration.ofMinutes(minutes), 200, Scope.siteFilter(call.caller())));
        });
    }

    /** The next page: rows older than {@code before}, an entry's {@code seq}. */
    private static Long before(HttpCall call) {
        String text = text(call, "before");
        if (text == null) {
            return null;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("'before' must be an entry's seq, a whole number");
        }
    }

    private static String text(HttpCall call, String name) {
        return call.query(name).map(String::strip).filter(value -> !value.isEmpty()).orElse(null);
    }

    /** The start of that day, or of the day after it ({@code plusDays} 1) for an end that includes the day. */
    private static Instant day(HttpCall call, String name, ZoneId zone, int plusDays) {
        String text = text(call, name);
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text).plusDays(plusDays).atStartOfDay(zone).toInstant();
        } catch (DateTimeException e) {
            throw Fields.refusal(List.of(new Fields.Problem(name, "date", "'" + name + "' must be a date such as 2026-12-02",
                    Map.of())));
        }
    }

    private static ZoneId zone(HttpCall call) {
        try {
            return ZoneId.of(call.query("zone").orElse("Asia/Shanghai"));
        } catch (DateTimeException e) {
            throw ApiException.badRequest("'zone' must be a time zone such as Asia/Shanghai");
        }
    }
}
