package org.carecall.hub.api;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.DateTimeException;
import java.time.ZoneId;
import org.carecall.hub.access.Scope;
import org.carecall.hub.audit.AuditLog;
import org.carecall.hub.community.Community;
import org.carecall.hub.http.ApiException;
import org.carecall.hub.http.HttpRoutes;
import org.carecall.hub.http.HttpRoutes.Access;
import org.carecall.hub.http.HttpRoutes.Reply;
import org.carecall.hub.staff.Role;

/**
 * Communities and their grids: everyone lists their own; the district's administrator adds communities,
 * a community's administrator its grids and what its phones' lock screens show. Every change is audited.
 */
public final class SiteApi {
    private final Community community;
    private final AuditLog audit;
    private final Scope scope;

    public SiteApi(Community community, AuditLog audit, Scope scope) {
        this.community = community;
        this.audit = audit;
        this.scope = scope;
    }

    public void register(HttpRoutes routes) {
        routes.add(HttpMethod.GET, "/api/sites", Access.anyStaff(), call -> Reply.ok(community.sites().stream()
                .filter(site -> scope.inCommunity(call.caller(), site.id())).toList()));
        routes.add(HttpMethod.POST, "/api/sites", Access.roles(Role.ADMIN), call -> {
            if (!Scope.districtWide(call.caller())) {
                String why = "only the district's administrator adds communities";
                audit.noted(call.caller().username(), "scope.refused", null, call.origin(), "site.create: " + why);
                throw new ApiException(HttpResponseStatus.FORBIDDEN, "forbidden", why);
            }
            Fields fields = new Fields(call.json());
            String name = fields.optionalText("name", 100);
            if (name == null) {
                fields.text("name");
            }
            ZoneId zone = zone(fields, fields.optionalText("timezone"));
            fields.check();
            var site = community.addSite(name, zone);
            audit.changed(call.caller().username(), "site.created", null, call.origin(), "community '" + name + "'");
            return Reply.json(HttpResponseStatus.CREATED, site);
        });
        routes.add(HttpMethod.PUT, "/api/sites/{id}/lock-screen", Access.roles(Role.ADMIN), call -> {
            // The community first, then the body: another community's answers as not there, whatever was sent.
            String siteId = call.param("id");
            if (community.site(siteId).isPresent() && !scope.inCommunity(call.caller(), siteId)) {
                audit.noted(call.caller().username(), "scope.refused", null, call.origin(),
                        "lock screen of community " + siteId + ", another community");
            }
            if (community.site(siteId).isEmpty() || !scope.inCommunity(call.caller(), siteId)) {
                throw ApiException.notFound("no community '" + siteId + "'");
            }
            Fields fields = new Fields(call.json());
            String choice = fields.text("lockScreen");
            if (choice != null && !org.carecall.hub.community.Site.LOCK_SCREENS.contains(choice)) {
                fields.problem("lockScreen", "choice", "'lockScreen' must be grid (the kind and the grid), kind (the"
                        + " kind alone) or name (the resident's name and address)");
            }
            fields.check();
            var site = community.setLockScreen(siteId, choice);
            audit.changed(call.caller().username(), "site.lock-screen", null, call.origin(),
                    "community '" + site.name() + "': notifications show " + choice);
            return Reply.ok(site);
        });
        routes.add(HttpMethod.GET, "/api/areas", Access.anyStaff(), call -> Reply.ok(community.areas().stream()
                .filter(area -> scope.inCommunity(call.caller(), area.siteId())).toList()));
        routes.add(HttpMethod.POST, "/api/areas", Access.roles(Role.ADMIN), call -> {
            Fields fields = new Fields(call.json());
            String siteId = fields.text("siteId");
            String name = fields.optionalText("name", 100);
            if (name == null) {
                fields.text("name");
            }
            if (siteId != null && (community.site(siteId).isEmpty() || !scope.inCommunity(call.caller(), siteId))) {
                fields.problem("siteId", "unknown", "'siteId' names no community of yours");
            }
            if (name != null && siteId != null && community.areas().stream()
                    .anyMatch(area -> area.siteId().equals(siteId) && area.name().equalsIgnoreCase(name))) {
                fields.problem("name", "taken", "the community already has a grid called '" + name + "'");
            }
            fields.check();
            var area = community.addArea(siteId, name);
            audit.changed(call.caller().username(), "grid.created", null, call.origin(), "grid '" + name + "'");
            return Reply.json(HttpResponseStatus.CREATED, area);
        });
    }

    private static ZoneId zone(Fields fields, String timezone) {
        try {
            return timezone == null ? ZoneId.of("Asia/Shanghai") : ZoneId.of(timezone);
        } catch (DateTimeException e) {
            fields.problem("timezone", "timezone", "'timezone' must be a time zone such as Asia/Shanghai");
            return null;
        }
    }
}
