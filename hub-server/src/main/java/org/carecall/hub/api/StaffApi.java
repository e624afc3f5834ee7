package org.carecall.hub.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.carecall.hub.access.Scope;
import org.carecall.hub.audit.AuditLog;
import org.carecall.hub.audit.Changes;
import org.carecall.hub.community.Area;
import org.carecall.hub.community.Community;
import org.carecall.hub.http.ApiException;
import org.carecall.hub.http.HttpCall;
import org.carecall.hub.http.HttpRoutes;
import org.carecall.hub.http.HttpRoutes.Access;
import org.carecall.hub.http.HttpRoutes.Reply;
import org.carecall.hub.live.LiveConsoles;
import org.carecall.hub.security.CommonPasswords;
import org.carecall.hub.staff.Role;
import org.carecall.hub.staff.Staff;
import org.carecall.hub.staff.StaffDirectory;
import org.carecall.hub.store.StoreException;

/**
 * Staff accounts: supervisors and admins see them (with who is logged in now); admins create, change,
 * disable them and reset passwords. A password an administrator chose or reset is good for one login:
 * its holder chooses their own then. Password hashes never leave the hub; every change is audited. Each sees
 * and changes only their own community's accounts ({@link Scope}); the district's administrator, all.
 */
public final class StaffApi {
    private final StaffDirectory staff;
    private final Community community;
    private final AuditLog audit;
    private final LiveConsoles consoles;
    private final Scope scope;

    public StaffApi(StaffDirectory staff, Community community, AuditLog audit, LiveConsoles consoles, Scope scope) {
        this.scope = scope;
        this.staff = staff;
        this.community = community;
        this.audit = audit;
        this.consoles = consoles;
    }

    public void register(HttpRoutes routes) {
        routes.add(HttpMethod.GET, "/api/staff", Access.roles(Role.SUPERVISOR, Role.ADMIN),
                call -> Reply.ok(staff.all().stream().filter(member -> scope.maySeeStaff(call.caller(), member))
                        .map(this::view).toList()));
        routes.add(HttpMethod.POST, "/api/staff", Access.roles(Role.ADMIN), call -> {
            Fields fields = new Fields(call.json());
            String username = fields.text("username");
            if (username != null && !username.matches("[a-z0-9][a-z0-9._-]{2,31}")) {
                fields.problem("username", "username", "'username' must be 3 to 32 lower-case letters, digits, dots,"
                        + " dashes or underscores");
            } else if (username != null && staff.byUsername(username).isPresent()) {
                fields.problem("username", "taken", "user name '" + username + "' is taken");
            }
            String password = fields.text("password");
            if (password != null && password.length() < StaffDirectory.MIN_PASSWORD) {
                fields.problem("password", "short", "'password' must be at least " + StaffDirectory.MIN_PASSWORD
                        + " characters", Map.of("min", StaffDirectory.MIN_PASSWORD));
            } else if (CommonPasswords.contains(password)) {
                fields.problem("password", "common", "'password' is one of the most common passwords, the first a"
                        + " guesser tries: choose another");
            }
            Account account = account(call, fields);
            fields.check();
            try {
                Staff created = staff.create(username, account.displayName(), account.role(), account.siteId(),
                        account.phone(), password, account.grids(), true).join();
                audit.changed(call.caller().username(), "staff.created", null, call.origin(),
                        "account '" + username + "' (" + account.role() + ")");
                return Reply.json(HttpResponseStatus.CREATED, view(created));
            } catch (IllegalStateException taken) {
                throw ApiException.conflict("taken", taken.getMessage());
            }
        });
        routes.add(HttpMethod.PUT, "/api/staff/{id}", Access.roles(Role.ADMIN), call -> {
            Staff before = existing(call);
            Fields fields = new Fields(call.json());
            Account account = account(call, fields);
            if (before.id().equals(call.caller().id()) && account.role() != null && account.role() != Role.ADMIN) {
                fields.problem("role", "own-role", "an administrator cannot take away their own administrator role");
            }
            fields.check();
            List<String> gridsBefore = staff.grids(before.id());
            Staff after = staff.update(before.id(), account.displayName(), account.role(), account.siteId(),
                    account.phone(), account.grids()).join();
            audit.changed(call.caller().username(), "staff.updated", null, call.origin(),
                    Changes.of("account '" + after.username() + "'")
                            .field("displayName", before.displayName(), after.displayName())
                            .field("role", before.role(), after.role())
                            .field("siteId", before.siteId(), after.siteId())
                            .field("phone", before.phone(), after.phone())
                            .field("grids", gridsBefore, staff.grids(after.id()))
                            .toString());
            if (after.role() != before.role() || !java.util.Objects.equals(after.siteId(), before.siteId())) {
                consoles.endFor(after.id()); // its consoles log in again, with what the new role may see
            }
            return Reply.ok(view(after));
        });
        routes.add(HttpMethod.POST, "/api/staff/{id}/disabled", Access.roles(Role.ADMIN), call -> {
            Staff before = existing(call);
            JsonNode body = call.json();
            if (!body.path("disabled").isBoolean()) {
                throw ApiException.badRequest("'disabled' must be true or false");
            }
            boolean disable = body.path("disabled").booleanValue();
            if (disable && before.id().equals(call.caller().id())) {
                throw ApiException.conflict("own-account", "an administrator cannot disable their own account");
            }
            Staff after = staff.setDisabled(before.id(), disable).join();
            if (disable) {
                consoles.endFor(after.id());
            }
            audit.changed(call.caller().username(), disable ? "staff.disabled" : "staff.enabled", null, call.origin(),
                    "account '" + after.username() + "'");
            return Reply.ok(view(after));
        });
        routes.add(HttpMethod.POST, "/api/staff/{id}/password", Access.roles(Role.ADMIN), call -> {
            Staff member = existing(call);
            String password = staff.resetByAdmin(member.id(), call.origin(), call.caller().username());
            return Reply.ok(Map.of("id", member.id(), "username", member.username(), "password", password,
                    "note", "good for one login within a day: " + member.displayName() + " chooses a new one then;"
                            + " every session of the account has ended"));
        });

        routes.add(HttpMethod.DELETE, "/api/staff/{id}/sessions", Access.roles(Role.ADMIN), call -> {
            Staff member = existing(call);
            int ended = staff.endSessions(member.id(), null, call.caller().username(), call.origin());
            return Reply.ok(Map.of("id", member.id(), "username", member.username(), "sessionsEnded", ended));
        });
    }

    /** An account of the caller's community; another community's answers as if it did not exist, and is audited. */
    private Staff existing(HttpCall call) {
        var found = staff.find(call.param("id"));
        if (found.isPresent() && !scope.maySeeStaff(call.caller(), found.get())) {
            audit.noted(call.caller().username(), "scope.refused", null, call.origin(),
                    "account " + found.get().username() + " of another community");
            found = java.util.Optional.empty();
        }
        return found.orElseThrow(() -> ApiException.notFound("no account '" + call.param("id") + "'"));
    }

    private record Account(String displayName, Role role, String siteId, String phone, List<String> grids) {
    }

    /**
     * The fields an administrator sets on an account: name, role, community, phone and grids. A community's
     * administrator makes accounts of their own community only (theirs when none is named); an account of
     * no community is the district's, made only by the district's administrator.
     */
    private Account account(HttpCall call, Fields fields) throws Exception {
        String displayName = fields.optionalText("displayName", 100);
        if (displayName == null) {
            fields.text("displayName");
        }
        Role role = fields.choice("role", Role.class, null);
        if (role == null && !fields.hasProblemWith("role")) {
            fields.problem("role", "required", "'role' is required: DUTY, SUPERVISOR, TECHNICIAN or ADMIN");
        }
        String siteId = fields.optionalText("siteId", 40);
        if (siteId == null && !Scope.districtWide(call.caller())) {
            siteId = call.caller().siteId();
        }
        if (siteId != null && (community.site(siteId).isEmpty() || !scope.mayAssignCommunity(call.caller(), siteId))) {
            fields.problem("siteId", "unknown", "'siteId' names no community of yours");
        }
        String phone = fields.phone("phone");
        List<String> grids = new ArrayList<>();
        JsonNode node = fields.node("grids");
        if (node != null && !node.isNull()) {
            if (!node.isArray() || node.size() > 50) {
                fields.problem("grids", "grids", "'grids' must be a list of grid ids");
            } else {
                for (JsonNode grid : node) {
                    var area = community.area(grid.asText(""));
                    if (area.isEmpty() || siteId != null && !area.get().siteId().equals(siteId)) {
                        fields.problem("grids", "grids", "'grids' names a grid that is not in the account's community");
                        break;
                    }
                    grids.add(area.get().id());
                }
            }
        }
        // Only the district's administrator works for no one community; anyone else without one would reach nothing.
        if (role != null && role != Role.ADMIN && siteId == null && !fields.hasProblemWith("siteId")) {
            fields.problem("siteId", "required", role == Role.DUTY ? "a duty worker needs a community to be on duty in"
                    : "every account but the district's administrator works in one community");
        }
        return new Account(displayName, role, siteId, phone, grids);
    }

    /** An account as supervisors and admins see it, with who is logged in and has a console open now. */
    private Map<String, Object> view(Staff member) {
        Map<String, Object> view = new LinkedHashMap<>(SessionApi.view(member));
        view.put("phone", member.phone() == null ? "" : member.phone());
        view.put("disabled", member.disabled());
        view.put("grids", staff.grids(member.id()));
        view.put("gridNames", gridNames(staff.grids(member.id())));
        var logins = staff.loggedIn(member.id());
        view.put("loggedIn", !logins.isEmpty());
        view.put("lastLogin", logins.isEmpty() ? null : logins.getFirst().since());
        view.put("consoleOpen", consoles.anyOpenFor(java.util.Set.of(member.id())));
        view.put("mustChangePassword", staff.mustChangePassword(member));
        return view;
    }

    private List<String> gridNames(List<String> ids) {
        try {
            return community.areas().stream().filter(area -> ids.contains(area.id())).map(Area::name).toList();
        } catch (StoreException e) {
            return List.of();
        }
    }
}
