package org.carecall.hub.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.carecall.hub.access.Scope;
import org.carecall.hub.alarm.AlarmStore;
import org.carecall.hub.audit.AuditLog;
import org.carecall.hub.audit.Changes;
import org.carecall.hub.board.AlarmViews;
import org.carecall.hub.community.Community;
import org.carecall.hub.community.Resident;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.http.ApiException;
import org.carecall.hub.http.HttpCall;
import org.carecall.hub.http.HttpRoutes.Access;
import org.carecall.hub.http.HttpRoutes.Reply;
import org.carecall.hub.http.HttpRoutes;
import org.carecall.hub.staff.Role;
import org.carecall.hub.staff.Staff;
import org.carecall.hub.store.StoreException;
import org.carecall.protocol.AlarmKind;

/**
 * Residents' files, each person only their own community's ({@link Scope}).
 * Technicians see what fits a unit at the right bedside, never health, birth date, phone or contacts;
 * supervisors and admins write files. Every change, and every break-glass reading, is audited with who made it.
 */
public final class CommunityApi {
    private static final Access READ_FILES = Access.anyStaff();
    private static final Access WRITE_FILES = Access.roles(Role.SUPERVISOR, Role.ADMIN);
    private static final Set<String> LANGUAGES = Set.of("zh-CN", "en", "yue", "wuu", "nan");

    private final Community community;
    private final DeviceRegistry devices;
    private final AlarmStore alarms;
    private final AuditLog audit;
    private final Scope scope;
    private final Clock clock;

    public CommunityApi(Community community, DeviceRegistry devices, AlarmStore alarms, AuditLog audit, Scope scope,
                        Clock clock) {
        this.scope = scope;
        this.clock = clock;
        this.community = community;
        this.devices = devices;
        this.alarms = alarms;
        this.audit = audit;
    }

    public void register(HttpRoutes routes) {
        routes.add(HttpMethod.GET, "/api/residents", READ_FILES, call -> {
            Community.Search search = new Community.Search(call.query("q").orElse(null),
                    call.query("areaId").filter(id -> !id.isBlank()).orElse(null), risk(call),
                    call.query("deviceId").filter(id -> !id.isBlank()).orElse(null),
                    "true".equals(call.query("archived").orElse("false")), Scope.siteFilter(call.caller()));
            int limit = Pages.limit(call);
            int offset = Pages.offset(call);
            List<Map<String, Object>> items = new ArrayList<>();
            for (Resident resident : community.residents(search, limit, offset)) {
                items.add(listed(view(resident, call.caller())));
            }
            return Reply.ok(Pages.of(items, community.residentCount(search), limit, offset));
        });
        routes.add(HttpMethod.POST, "/api/residents", WRITE_FILES, call -> {
            Resident stored = community.saveResident(resident(call, null, null));
            audit.changed(call.caller().username(), "resident.created", null, call.origin(),
                    "file of '" + stored.name() + "' (" + stored.id() + ")", "resident " + stored.id());
            return Reply.json(HttpResponseStatus.CREATED, view(stored, call.caller()));
        });
        // Reading one file is how health notes are read: each read by someone who sees them is audited.
        routes.add(HttpMethod.GET, "/api/residents/{id}", READ_FILES, call -> {
            Resident resident = existing(call);
            Map<String, Object> view = view(resident, call.caller());
            if (view.containsKey("healthNotes")) {
                audit.changed(call.caller().username(), "resident.health-read", null, call.origin(),
                        "read the health notes and medicines of resident " + resident.id());
            }
            return Reply.ok(view);
        });
        routes.add(HttpMethod.PUT, "/api/residents/{id}", WRITE_FILES, call -> {
            Resident before = existing(call);
            Resident stored = community.saveResident(resident(call, before.id(), before.areaId()).archived(before.archived()));
            audit.changed(call.caller().username(), "resident.updated", null, call.origin(), changes(before, stored),
                    "resident " + stored.id());
            return Reply.ok(view(stored, call.caller()));
        });
        // Archiving keeps the file and its calls' history; it only leaves the lists (and can be undone).
        routes.add(HttpMethod.POST, "/api/residents/{id}/archive", WRITE_FILES, call -> {
            boolean archive = !call.jsonOrEmpty().path("archived").isBoolean()
                    || call.jsonOrEmpty().path("archived").booleanValue();
            Resident stored = community.saveResident(existing(call).archived(archive));
            audit.changed(call.caller().username(), archive ? "resident.archived" : "resident.restored", null,
                    call.origin(), "file of '" + stored.name() + "' (" + stored.id() + ")", "resident " + stored.id());
            return Reply.ok(view(stored, call.caller()));
        });
        // The file's history: the calls from her units, newest first, as far as this person may see them.
        routes.add(HttpMethod.GET, "/api/residents/{id}/calls", READ_FILES, call -> {
            Resident resident = existing(call);
            Set<AlarmKind> visible = AlarmViews.kindsVisibleTo(call.caller());
            return Reply.ok(alarms.recentOfResident(resident.id(), call.queryInt("limit", 50, 1, 500)).stream()
                    .filter(alarm -> visible.contains(alarm.kind()))
                    .map(alarm -> Map.of("id", alarm.id(), "kind", alarm.kind().name(), "state", alarm.state().name(),
                            "receivedAt", alarm.receivedAt(), "test", alarm.test(),
                            "outcome", alarm.handling().outcome() == null ? "" : alarm.handling().outcome()))
                    .toList());
        });
        // Breaking the glass: someone who may open the file but not read what ails her (a duty worker of
        // another grid) reads it with a reason, which is audited and shown in the file to its supervisors.
        routes.add(HttpMethod.POST, "/api/residents/{id}/break-glass", Access.roles(Role.DUTY, Role.SUPERVISOR,
                Role.ADMIN), call -> {
            Resident resident = existing(call);
            Fields fields = new Fields(call.json());
            String reason = fields.optionalText("reason", 300);
            if (reason == null || reason.strip().length() < 5) {
                fields.problem("reason", "required", "'reason' must say why, in at least 5 characters");
            }
            fields.check();
            if (!scope.mayBreakGlass(call.caller(), resident)) {
                throw refused(call, "break-glass", "this file's health notes are not yours to read");
            }
            audit.changed(call.caller().username(), BREAK_GLASS, null, call.origin(),
                    "health notes of '" + resident.name() + "' (" + resident.id() + ") read: " + reason.strip(),
                    "health notes of resident " + resident.id() + " read by breaking the glass");
            Map<String, Object> notes = new LinkedHashMap<>();
            notes.put("id", resident.id());
            notes.put("healthNotes", resident.healthNotes());
            notes.put("medicines", resident.medicines());
            notes.put("note", "this reading is in the audit log and shown to the community's supervisors");
            return Reply.ok(notes);
        });
    }

    /** A file in a list: without health notes and medicines, which only a read of the file itself shows. */
    private static Map<String, Object> listed(Map<String, Object> view) {
        view.remove("healthNotes");
        view.remove("medicines");
        return view;
    }

    /** What an edit changed in a file, field by field; health notes and medicines named without their text. */
    static String changes(Resident before, Resident after) {
        return Changes.of("file of '" + after.name() + "' (" + after.id() + ")")
                .field("areaId", before.areaId(), after.areaId())
                .field("name", before.name(), after.name())
                .field("nameLatin", before.nameLatin(), after.nameLatin())
                .field("address", before.address(), after.address())
                .field("room", before.room(), after.room())
                .field("phone", before.phone(), after.phone())
                .field("dateOfBirth", before.dateOfBirth(), after.dateOfBirth())
                .field("languages", before.languages(), after.languages())
                .withheld("healthNotes", before.healthNotes(), after.healthNotes())
                .withheld("medicines", before.medicines(), after.medicines())
                .withheld("mobility", before.mobility(), after.mobility())
                .field("emergencyContacts", names(before.emergencyContacts()), names(after.emergencyContacts()))
                .field("familyNews", FamilyContacts.consents(before.emergencyContacts()),
                        FamilyContacts.consents(after.emergencyContacts()))
                .field("riskLevel", before.riskLevel(), after.riskLevel())
                .toString();
    }

    private static String names(List<Resident.Contact> contacts) {
        return contacts == null ? "" : String.join(", ", contacts.stream()
                .map(contact -> contact.name() + " " + contact.phone()).toList());
    }

    static final String BREAK_GLASS = "resident.break-glass";

    /** A file this person may open; another community's answers as if it did not exist, and is audited. */
    private Resident existing(HttpCall call) throws Exception {
        String id = call.param("id");
        Optional<Resident> found = community.resident(id);
        if (found.isPresent() && !scope.maySeeResident(call.caller(), found.get())) {
            audit.noted(call.caller().username(), "scope.refused", null, call.origin(),
                    "file " + id + " of another community");
            found = Optional.empty();
        }
        return found.orElseThrow(() -> ApiException.notFound("no resident '" + id + "'"));
    }

    private ApiException refused(HttpCall call, String what, String why) {
        audit.noted(call.caller().username(), "scope.refused", null, call.origin(), what + ": " + why);
        return new ApiException(HttpResponseStatus.FORBIDDEN, "forbidden", why);
    }

    /**
     * The file as this person may see it ({@link Scope}), with the units at her bedside: a technician gets
     * what fits a unit (name, address, room); health notes and medicines only to those of her grid and her
     * community's supervisors and administrators, who also see who broke the glass to read them.
     */
    private Map<String, Object> view(Resident resident, Staff viewer) throws StoreException {
        Resident shown = resident;
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", shown.id());
        view.put("areaId", shown.areaId());
        view.put("name", shown.name());
        view.put("nameLatin", shown.nameLatin());
        view.put("address", shown.address());
        view.put("room", shown.room());
        if (Scope.mayReadPersonalDetails(viewer)) {
            view.put("phone", shown.phone());
            view.put("dateOfBirth", shown.dateOfBirth());
            view.put("languages", shown.languages());
            view.put("language", shown.language());
            if (scope.mayReadHealth(viewer, resident)) {
                view.put("healthNotes", shown.healthNotes());
                view.put("medicines", shown.medicines());
            } else {
                view.put("healthHidden", true); // not this person's grid: break the glass, with a reason
            }
            view.put("mobility", shown.mobility());
            view.put("emergencyContacts", shown.emergencyContacts());
            view.put("riskLevel", shown.riskLevel());
        }
        if (viewer.role() == Role.SUPERVISOR || viewer.role() == Role.ADMIN) {
            String mark = "(" + shown.id() + ") read: ";
            view.put("breakGlass", audit.findEvent(BREAK_GLASS, mark, 20).stream()
                    .map(entry -> Map.of("at", entry.at(), "by", entry.actor() == null ? "" : entry.actor(),
                            "reason", entry.reason().substring(entry.reason().indexOf(mark) + mark.length())))
                    .toList());
        }
        view.put("archived", shown.archived());
        view.put("devices", devices.all().stream().filter(device -> shown.id().equals(device.residentId()))
                .filter(device -> !device.revoked())
                .map(device -> Map.of("deviceId", device.id(), "label", device.label() == null ? "" : device.label()))
                .toList());
        return view;
    }

    private static Resident.RiskLevel risk(HttpCall call) {
        String text = call.query("risk").orElse("");
        if (text.isBlank()) {
            return null;
        }
        try {
            return Resident.RiskLevel.valueOf(text.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("'risk' must be HIGH, MEDIUM or LOW");
        }
    }

    /** The file as sent; {@code fromAreaId} is the grid it is in now (null for a new file). */
    private Resident resident(HttpCall call, String id, String fromAreaId) throws Exception {
        Fields fields = new Fields(call.json());
        String areaId = fields.text("areaId");
        String name = fields.optionalText("name", 100);
        if (name == null) {
            fields.text("name");
        }
        String nameLatin = fields.optionalText("nameLatin", 100);
        String address = fields.optionalText("address", 300);
        String room = fields.optionalText("room", 40);
        String phone = fields.phone("phone");
        LocalDate dateOfBirth = dateOfBirth(fields);
        List<String> languages = languages(fields);
        String notes = fields.optionalText("healthNotes");
        String medicines = fields.optionalText("medicines");
        String mobility = fields.optionalText("mobility", 300);
        Resident.RiskLevel risk = fields.choice("riskLevel", Resident.RiskLevel.class, Resident.RiskLevel.MEDIUM);
        Optional<Resident> before = id == null ? Optional.empty() : community.resident(id);
        List<Resident.Contact> contacts = contacts(fields, fields.node("emergencyContacts"), new FamilyContacts(
                call.caller().username(), clock.millis(), before.map(Resident::emergencyContacts).orElse(null)));
        if (areaId != null && (community.area(areaId).isEmpty() || !scope.maySeeArea(call.caller(), areaId))) {
            fields.problem("areaId", "unknown", "'areaId' names no grid of your community");
        } else if (areaId != null && !scope.mayPlaceResident(call.caller(), fromAreaId, areaId)) {
            fields.problem("areaId", "other-community", "moving a resident to another community needs rights in both");
        }
        fields.check();
        return new Resident(id, areaId, name, nameLatin, address, room, phone, dateOfBirth, languages, notes, medicines,
                mobility, contacts, risk, false);
    }

    private static LocalDate dateOfBirth(Fields fields) {
        String born = fields.optionalText("dateOfBirth", 20);
        if (born == null) {
            return null;
        }
        try {
            LocalDate date = LocalDate.parse(born);
            if (date.isAfter(LocalDate.now()) || date.isBefore(LocalDate.of(1890, 1, 1))) {
                fields.problem("dateOfBirth", "date-range", "'dateOfBirth' must be a past date after 1890");
            }
            return date;
        } catch (DateTimeException e) {
            fields.problem("dateOfBirth", "date", "'dateOfBirth' must be a date such as 1941-03-08");
            return null;
        }
    }

    private static List<String> languages(Fields fields) {
        JsonNode node = fields.node("languages");
        List<String> languages = new ArrayList<>();
        if (node == null || node.isNull()) {
            String one = fields.optionalText("language", 10);
            languages.add(one == null ? "zh-CN" : one);
        } else if (node.isArray() && node.size() <= 5) {
            node.forEach(language -> languages.add(language.asText("")));
        } else {
            fields.problem("languages", "languages", "'languages' must be a list of at most 5 language codes");
            return List.of("zh-CN");
        }
        if (languages.isEmpty() || !LANGUAGES.containsAll(languages)) {
            fields.problem("languages", "languages", "'languages' must be among " + String.join(", ", LANGUAGES.stream()
                    .sorted().toList()) + ", the first being the one her unit speaks");
        }
        return languages.isEmpty() ? List.of("zh-CN") : languages;
    }

    /**
     * The contacts in order; each needs a name and a phone number (field names such as emergencyContacts.1.phone),
     * and may want family news ({@link FamilyContacts}).
     */
    private static List<Resident.Contact> contacts(Fields fields, JsonNode node, FamilyContacts family) {
        List<Resident.Contact> contacts = new ArrayList<>();
        if (node == null || node.isNull()) {
            return contacts;
        }
        if (!node.isArray() || node.size() > 10) {
            fields.problem("emergencyContacts", "contacts", "'emergencyContacts' must be a list of at most 10"
                    + " {name, relation, phone}");
            return contacts;
        }
        int index = 0;
        for (JsonNode contact : node) {
            String at = "emergencyContacts." + ++index + ".";
            String name = contact.path("name").asText("").strip();
            String phone = contact.path("phone").asText("").strip();
            if (name.isEmpty() || name.length() > 100) {
                fields.problem(at + "name", name.isEmpty() ? "required" : "too-long",
                        "every emergency contact needs a name of at most 100 characters", Map.of("max", 100));
            }
            if (phone.isEmpty()) {
                fields.problem(at + "phone", "required", "every emergency contact needs a phone number");
            } else {
                fields.checkPhone(at + "phone", phone.length() > 40 ? phone.substring(0, 40) + "…" : phone);
            }
            String relation = contact.path("relation").asText("").strip();
            if (relation.length() > 40) {
                fields.problem(at + "relation", "too-long", "a relation is at most 40 characters", Map.of("max", 40));
            }
            contacts.add(family.read(fields, at, contact, name, relation, phone));
        }
        return contacts;
    }
}
