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
import org.carecall.hub.staff.StaffDirectory;
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
    private final Scope scope;
    private final StaffDirectory staff;

    public AuditApi(AuditLog audit, Scope scope, StaffDirectory staff) {
        this.audit = audit;
        this.scope = scope;
        this.staff = staff;
    }

    public void register(HttpRoutes routes) {
        routes.add(HttpMethod.GET, "/api/audit", Access.roles(Role.ADMIN), call -> {
            ZoneId zone = zone(call);
            AuditLog.Filter filter = new AuditLog.Filter(text(call, "actor"), text(call, "deviceId"),
                    day(call, "from", zone, 0), day(call, "to", zone, 1));
            int limit = call.queryInt("limit", 100, 1, 1000);
            if (Scope.districtWide(call.caller())) {
                return Reply.ok(audit.find(filter, limit));
            }
            // A community's administrator reads the rows of its own people and its own units.
            return Reply.ok(audit.find(filter, 5000).stream().filter(entry -> ownRow(call.caller(), entry))
                    .limit(limit).toList());
        });
        routes.add(HttpMethod.GET, "/api/refusals", Access.roles(Role.ADMIN, Role.TECHNICIAN), call -> {
            int minutes = call.queryInt("minutes", 60, 1, 24 * 60);
            return Reply.ok(audit.refusalSummary(Duration.ofMinutes(minutes), 200));
        });
    }

    private boolean ownRow(org.carecall.hub.staff.Staff caller, AuditLog.Entry entry) {
        if (entry.actor() != null && staff.byUsername(entry.actor()).isPresent()) {
            return scope.maySeeStaff(caller, staff.byUsername(entry.actor()).get());
        }
        return entry.deviceId() != null && scope.siteOfDevice(entry.deviceId()).map(caller.siteId()::equals).orElse(false);
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
