package org.carecall.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.carecall.hub.community.Area;
import org.carecall.hub.community.Resident;
import org.carecall.hub.community.Site;
import org.carecall.hub.staff.Role;
import org.carecall.hub.support.ReliabilityLedger;
import org.carecall.hub.support.TestConsole;
import org.carecall.hub.support.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every API path, tried by every role and by nobody: the roles allowed get past the door (whatever the
 * answer after that), the others get 403, and nobody without a token gets further than 401. Which
 * community's records each role then reaches is {@link CommunityScopeTest}'s.
 */
@Tag("security")
class RoleRulesTest {
    private static TestHub hub;
    private static final Map<Role, TestConsole> consoles = new EnumMap<>(Role.class);
    private static String residentId;
    private static String siteId;

    private record Path(String method, String path, String body, Set<Role> allowed) {
    }

    @BeforeAll
    static void start() throws Exception {
        hub = TestHub.start();
        Site site = hub.hub().people().community().addSite("Xincheng", java.time.ZoneId.of("Asia/Shanghai"));
        siteId = site.id();
        Area area = hub.hub().people().community().addArea(site.id(), "Grid 1");
        residentId = hub.hub().people().community().saveResident(new Resident(null, area.id(), "Zhang Min", "1 Lane", "101",
                null, "zh-CN", "diabetic", List.of(), Resident.RiskLevel.HIGH)).id();
        hub.enrol("bed-0001");
        for (Role role : Role.values()) {
            String name = "role-" + role.name().toLowerCase();
            // the administrator is the district's (no community); the others work in Xincheng
            hub.hub().people().staff().create(name, name, role, role == Role.ADMIN ? null : siteId, null, name + "-password").join();
            consoles.put(role, login(role));
        }
    }

    private static TestConsole login(Role role) throws Exception {
        String name = "role-" + role.name().toLowerCase();
        return TestConsole.login(hub.hub().httpPort(), name, name + "-password");
    }

    @AfterAll
    static void stop() throws Exception {
        hub.close();
    }

    @Test
    void everyPathLetsInExactlyItsRoles() throws Exception {
        Set<Role> all = EnumSet.allOf(Role.class);
        Set<Role> fileWriters = EnumSet.of(Role.SUPERVISOR, Role.ADMIN);
        Set<Role> admin = EnumSet.of(Role.ADMIN);
        Set<Role> careStaff = EnumSet.of(Role.DUTY, Role.SUPERVISOR, Role.ADMIN);
        Set<Role> deviceManagers = EnumSet.of(Role.TECHNICIAN, Role.ADMIN);
        Set<Role> deviceReaders = EnumSet.of(Role.TECHNICIAN, Role.SUPERVISOR, Role.ADMIN);
        String resident = "{\"areaId\":\"x\",\"name\":\"y\"}";
        List<Path> paths = List.of(
                new Path("GET", "/api/me", null, all),
                new Path("POST", "/api/me/password", "{}", all),
                new Path("GET", "/api/sites", null, all),
                new Path("POST", "/api/sites", "{\"name\":\"N\"}", admin),
                new Path("PUT", "/api/sites/no-such/lock-screen", "{\"lockScreen\":\"grid\"}", admin),
                new Path("GET", "/api/areas", null, all),
                new Path("POST", "/api/areas", "{\"siteId\":\"" + siteId + "\",\"name\":\"G\"}", admin),
                new Path("GET", "/api/residents", null, all),
                new Path("POST", "/api/residents", resident, fileWriters),
                new Path("GET", "/api/residents/" + residentId, null, all),
                new Path("PUT", "/api/residents/" + residentId, resident, fileWriters),
                new Path("POST", "/api/residents/no-such/archive", "{}", fileWriters),
                new Path("GET", "/api/residents/" + residentId + "/calls", null, all),
                new Path("POST", "/api/residents/" + residentId + "/break-glass", "{}",
                        EnumSet.of(Role.DUTY, Role.SUPERVISOR, Role.ADMIN)),
                new Path("GET", "/api/staff", null, fileWriters),
                new Path("POST", "/api/staff", "{}", admin),
                new Path("PUT", "/api/staff/no-such", "{}", admin),
                new Path("POST", "/api/staff/no-such/disabled", "{\"disabled\":true}", admin),
                new Path("POST", "/api/staff/no-such/password", null, admin),
                new Path("DELETE", "/api/staff/no-such/sessions", null, admin),
                new Path("GET", "/api/devices", null, deviceReaders),
                new Path("POST", "/api/devices", "{}", deviceManagers),
                new Path("GET", "/api/devices/bed-0001", null, deviceReaders),
                new Path("PUT", "/api/devices/no-such", "{}", deviceManagers),
                new Path("GET", "/api/devices/bed-0001/commands", null, deviceReaders),
                new Path("GET", "/api/devices/bed-0001/commands/no-such", null, deviceReaders),
                new Path("PUT", "/api/devices/bed-0001/voice", "{}", deviceReaders),
                new Path("POST", "/api/devices/no-such/secret", null, deviceManagers),
                new Path("DELETE", "/api/devices/no-such", null, deviceManagers),
                new Path("POST", "/api/devices/bed-0001/commands", "{\"cmd\":\"LOCATE\"}", deviceManagers),
                new Path("POST", "/api/devices/bed-0001/enrolment-code", null, deviceManagers),
                new Path("GET", "/api/alarms", null, all),
                new Path("GET", "/api/alarms/01JDB6Y8Q3K5W9Z2N4P6R8T0VX", null, all),
                new Path("POST", "/api/alarms/01JDB6Y8Q3K5W9Z2N4P6R8T0VX/acknowledge", null, all),
                new Path("POST", "/api/alarms/01JDB6Y8Q3K5W9Z2N4P6R8T0VX/arrive", null, all),
                new Path("POST", "/api/alarms/01JDB6Y8Q3K5W9Z2N4P6R8T0VX/resolve", "{}", all),
                new Path("GET", "/api/duty", null, all),
                new Path("POST", "/api/duty", "{\"onDuty\":false}", EnumSet.of(Role.DUTY, Role.SUPERVISOR, Role.TECHNICIAN)),
                new Path("GET", "/api/shifts", null, all),
                new Path("POST", "/api/shifts", "{}", fileWriters),
                new Path("DELETE", "/api/shifts/no-such", null, fileWriters),
                new Path("PUT", "/api/shifts/no-such", "{}", fileWriters),
                new Path("GET", "/api/roster/week?siteId=" + siteId, null, all),
                new Path("POST", "/api/escalation-policies/" + siteId + "/preview", "{}", fileWriters),
                new Path("GET", "/api/escalation-policies", null, fileWriters),
                new Path("GET", "/api/escalation-policies/" + siteId, null, fileWriters),
                new Path("PUT", "/api/escalation-policies/" + siteId, "{}", fileWriters),
                new Path("GET", "/api/care-policies/" + siteId, null, fileWriters),
                new Path("PUT", "/api/care-policies/" + siteId, "{}", fileWriters),
                new Path("GET", "/api/today", null, careStaff),
                new Path("POST", "/api/residents/" + residentId + "/visits", "{}", careStaff),
                new Path("GET", "/api/residents/" + residentId + "/visits", null, careStaff),
                new Path("GET", "/api/residents/" + residentId + "/visit-tasks", null, careStaff),
                new Path("GET", "/api/residents/" + residentId + "/care", null, careStaff),
                new Path("GET", "/api/reports/care", null, fileWriters),
                new Path("POST", "/api/residents/" + residentId + "/events", "{}", careStaff),
                new Path("GET", "/api/residents/" + residentId + "/check-in", null, careStaff),
                new Path("PUT", "/api/residents/" + residentId + "/check-in", "{}", careStaff),
                new Path("GET", "/api/residents/" + residentId + "/check-ins", null, careStaff),
                new Path("POST", "/api/residents/" + residentId + "/check-ins/2026-01-01/confirm", "{}", careStaff),
                new Path("POST", "/api/residents/" + residentId + "/check-ins/2026-01-01/claim", null, careStaff),
                new Path("POST", "/api/work-orders", "{}", careStaff),
                new Path("GET", "/api/work-orders", null, careStaff),
                new Path("GET", "/api/work-orders/no-such", null, careStaff),
                new Path("POST", "/api/work-orders/no-such/assign", "{}", careStaff),
                new Path("POST", "/api/work-orders/no-such/start", "{}", careStaff),
                new Path("POST", "/api/work-orders/no-such/done", "{}", careStaff),
                new Path("POST", "/api/work-orders/no-such/follow-up", "{}", careStaff),
                new Path("POST", "/api/work-orders/no-such/cancel", "{}", careStaff),
                new Path("POST", "/api/work-orders/no-such/appointment", "{}", careStaff),
                new Path("POST", "/api/residents/" + residentId + "/family-update", "{}", careStaff),
                new Path("GET", "/api/residents/" + residentId + "/family-messages", null, careStaff),
                new Path("GET", "/api/family-messages/given-up", null, fileWriters),
                new Path("GET", "/api/reports/response-times", null, fileWriters),
                new Path("GET", "/api/reports/weekly-tests", null, deviceReaders),
                new Path("GET", "/api/audit", null, admin),
                new Path("GET", "/api/refusals", null, deviceManagers),
                new Path("DELETE", "/api/me/sessions", null, all),
                new Path("DELETE", "/api/session", null, all)); // these two with a session of their own: see below

        // Every route the hub answers that is not public is in the list above: none escapes this check.
        List<String> untried = hub.hub().routeList().stream().filter(route -> !route.access().open())
                .filter(route -> paths.stream().noneMatch(path -> path.method().equals(route.method())
                        && path.path().split("\\?")[0].matches(route.template().replaceAll("\\{[a-zA-Z]+}", "[^/]+"))))
                .map(route -> route.method() + " " + route.template()).toList();
        assertThat(untried).as("routes no role was tried on").isEmpty();

        List<String> wrong = new ArrayList<>();
        for (Path path : paths) {
            int anonymous = TestConsole.anonymous(hub.hub().httpPort()).send(path.method(), path.path(), path.body()).status();
            if (anonymous != 401) {
                wrong.add("nobody " + path.method() + " " + path.path() + " -> " + anonymous);
            }
            for (Role role : Role.values()) {
                // Logging out would end the shared session the other tests use.
                TestConsole console = path.path().equals("/api/session") || path.path().equals("/api/me/sessions")
                        ? login(role) : consoles.get(role);
                int status = console.send(path.method(), path.path(), path.body()).status();
                if (path.path().equals("/api/me/sessions")) {
                    consoles.put(role, login(role)); // every session of the account ended, the shared one too
                }
                boolean allowed = path.allowed().contains(role);
                if (allowed && (status == 401 || status == 403) || !allowed && status != 403) {
                    wrong.add(role + " " + path.method() + " " + path.path() + " -> " + status);
                }
            }
        }
        assertThat(wrong).isEmpty();
        ReliabilityLedger.record(new ReliabilityLedger.Check("wrong-role-refused", "every API path refuses the"
                + " roles it is not for (403) and anyone without a token (401)", ("%d paths, each tried by 4 roles and"
                + " by nobody; the list is checked to cover every route the hub answers").formatted(paths.size())));
    }

    @Test
    void aTechnicianSeesNoResidentsHealthNotes() throws Exception {
        TestConsole technician = consoles.get(Role.TECHNICIAN);

        // A technician sees the file, to fit the unit at the right bedside, but never what ails her.
        TestConsole.Answer file = technician.get("/api/residents/" + residentId);
        assertThat(file.status()).isEqualTo(200);
        assertThat(file.text("name")).isEqualTo("Zhang Min");
        assertThat(file.body().toString()).doesNotContain("diabetic").doesNotContain("healthNotes");
        assertThat(technician.get("/api/residents").body().toString()).contains("Zhang Min").doesNotContain("diabetic");
        assertThat(consoles.get(Role.DUTY).get("/api/residents/" + residentId).text("healthNotes")).isEqualTo("diabetic");
    }
}
