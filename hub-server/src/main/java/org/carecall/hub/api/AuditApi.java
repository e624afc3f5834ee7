package org.carecall.hub.api;

import io.netty.handler.codec.http.HttpMethod;
import org.carecall.hub.audit.AuditLog;
import org.carecall.hub.http.HttpRoutes;
import org.carecall.hub.http.HttpRoutes.Access;
import org.carecall.hub.http.HttpRoutes.Reply;
import org.carecall.hub.staff.Role;

/**
 * The audit log for administrators: refused logins, wrong secrets and codes, locked names, closed
 * connections. Read only: the API has no path that changes or removes an entry, and the database
 * refuses it too (append-only triggers).
 */
public final class AuditApi {
    private final AuditLog audit;

    public AuditApi(AuditLog audit) {
        this.audit = audit;
    }

    public void register(HttpRoutes routes) {
        routes.add(HttpMethod.GET, "/api/audit", Access.roles(Role.ADMIN), call -> Reply.ok(
                audit.recent(call.query("deviceId").orElse(null), call.queryInt("limit", 100, 1, 1000))));
    }
}
