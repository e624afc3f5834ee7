package org.carecall.hub.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.carecall.hub.community.Community;
import org.carecall.hub.community.Resident;
import org.carecall.hub.http.ApiException;
import org.carecall.hub.http.HttpCall;
import org.carecall.hub.http.HttpRoutes;
import org.carecall.hub.http.HttpRoutes.Access;
import org.carecall.hub.http.HttpRoutes.Reply;
import org.carecall.hub.staff.Role;

/**
 * Sites, areas and residents' files. Residents' files hold health notes, so technicians do not see them;
 * supervisors and admins write them.
 */
public final class CommunityApi {
    private static final Access READ_FILES = Access.roles(Role.DUTY, Role.SUPERVISOR, Role.ADMIN);
    private static final Access WRITE_FILES = Access.roles(Role.SUPERVISOR, Role.ADMIN);

    private final Community community;

    public CommunityApi(Community community) {
        this.community = community;
    }

    public void register(HttpRoutes routes) {
        routes.add(HttpMethod.GET, "/api/sites", Access.anyStaff(), call -> Reply.ok(community.sites()));
        routes.add(HttpMethod.POST, "/api/sites", Access.roles(Role.ADMIN), call -> {
            Fields fields = new Fields(call.json());
            String name = fields.text("name");
            ZoneId zone = zone(fields, fields.optionalText("timezone"));
            fields.check();
            return Reply.json(HttpResponseStatus.CREATED, community.addSite(name, zone));
        });
        routes.add(HttpMethod.GET, "/api/areas", Access.anyStaff(), call -> Reply.ok(community.areas()));
        routes.add(HttpMethod.POST, "/api/areas", Access.roles(Role.ADMIN), call -> {
            Fields fields = new Fields(call.json());
            String siteId = fields.text("siteId");
            String name = fields.text("name");
            fields.check();
            return Reply.json(HttpResponseStatus.CREATED, community.addArea(siteId, name));
        });
        routes.add(HttpMethod.GET, "/api/residents", READ_FILES, call -> {
            String areaId = call.query("areaId").orElse(null);
            int limit = Pages.limit(call);
            int offset = Pages.offset(call);
            return Reply.ok(Pages.of(community.residents(areaId, limit, offset), community.residentCount(areaId),
                    limit, offset));
        });
        routes.add(HttpMethod.POST, "/api/residents", WRITE_FILES,
                call -> Reply.json(HttpResponseStatus.CREATED, community.saveResident(resident(call, null))));
        routes.add(HttpMethod.GET, "/api/residents/{id}", READ_FILES, call -> Reply.ok(community.resident(call.param("id"))
                .orElseThrow(() -> ApiException.notFound("no resident '" + call.param("id") + "'"))));
        routes.add(HttpMethod.PUT, "/api/residents/{id}", WRITE_FILES, call -> {
            String id = call.param("id");
            community.resident(id).orElseThrow(() -> ApiException.notFound("no resident '" + id + "'"));
            return Reply.ok(community.saveResident(resident(call, id)));
        });
    }

    private Resident resident(HttpCall call, String id) throws Exception {
        Fields fields = new Fields(call.json());
        String areaId = fields.text("areaId");
        String name = fields.text("name");
        String address = fields.optionalText("address");
        String room = fields.optionalText("room");
        String born = fields.optionalText("dateOfBirth");
        LocalDate dateOfBirth = null;
        if (born != null) {
            try {
                dateOfBirth = LocalDate.parse(born);
            } catch (DateTimeException e) {
                fields.problem("'dateOfBirth' must be a date such as 1941-03-08");
            }
        }
        String language = fields.optionalText("language");
        String notes = fields.optionalText("healthNotes");
        Resident.RiskLevel risk = fields.choice("riskLevel", Resident.RiskLevel.class, Resident.RiskLevel.MEDIUM);
        List<Resident.Contact> contacts = contacts(fields, fields.node("emergencyContacts"));
        if (areaId != null && community.area(areaId).isEmpty()) {
            fields.problem("'areaId' names no area");
        }
        fields.check();
        return new Resident(id, areaId, name, address, room, dateOfBirth, language == null ? "zh-CN" : language, notes,
                contacts, risk);
    }

    private static List<Resident.Contact> contacts(Fields fields, JsonNode node) {
        List<Resident.Contact> contacts = new ArrayList<>();
        if (node == null || node.isNull()) {
            return contacts;
        }
        if (!node.isArray() || node.size() > 10) {
            fields.problem("'emergencyContacts' must be a list of at most 10 {name, relation, phone}");
            return contacts;
        }
        for (JsonNode contact : node) {
            String name = contact.path("name").asText("").strip();
            String phone = contact.path("phone").asText("").strip();
            if (name.isEmpty() || phone.isEmpty() || name.length() > 200 || phone.length() > 40) {
                fields.problem("every emergency contact needs a name and a phone number");
                return contacts;
            }
            contacts.add(new Resident.Contact(name, contact.path("relation").asText("").strip(), phone));
        }
        return contacts;
    }

    private static ZoneId zone(Fields fields, String timezone) {
        try {
            return timezone == null ? ZoneId.of("Asia/Shanghai") : ZoneId.of(timezone);
        } catch (DateTimeException e) {
            fields.problem("'timezone' must be a time zone such as Asia/Shanghai");
            return null;
        }
    }
}
