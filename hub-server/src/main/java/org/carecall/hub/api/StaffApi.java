package org.carecall.hub.api;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.carecall.hub.http.ApiException;
import org.carecall.hub.http.HttpRoutes;
import org.carecall.hub.http.HttpRoutes.Access;
import org.carecall.hub.http.HttpRoutes.Reply;
import org.carecall.hub.staff.Role;
import org.carecall.hub.staff.StaffDirectory;

/** Staff accounts: supervisors and admins see them; admins create them. Password hashes never leave the hub. */
public final class StaffApi {
    private final StaffDirectory staff;

    public StaffApi(StaffDirectory staff) {
        this.staff = staff;
    }

    public void register(HttpRoutes routes) {
        routes.add(HttpMethod.GET, "/api/staff", Access.roles(Role.SUPERVISOR, Role.ADMIN),
                call -> Reply.ok(staff.all().stream().map(SessionApi::view).toList()));
        routes.add(HttpMethod.POST, "/api/staff", Access.roles(Role.ADMIN), call -> {
            Fields fields = new Fields(call.json());
            String username = fields.text("username");
            String displayName = fields.text("displayName");
            String password = fields.text("password");
            Role role = fields.choice("role", Role.class, null);
            if (role == null) {
                fields.problem("'role' is required: DUTY, SUPERVISOR, TECHNICIAN or ADMIN");
            }
            String siteId = fields.optionalText("siteId");
            String phone = fields.optionalText("phone");
            fields.check();
            try {
                return Reply.json(HttpResponseStatus.CREATED,
                        SessionApi.view(staff.create(username, displayName, role, siteId, phone, password).join()));
            } catch (IllegalStateException taken) {
                throw ApiException.conflict("taken", taken.getMessage());
            }
        });
    }
}
