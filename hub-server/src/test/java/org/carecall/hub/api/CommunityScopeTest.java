package org.carecall.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.carecall.hub.community.Area;
import org.carecall.hub.community.Resident;
import org.carecall.hub.community.Site;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.roster.Shift;
import org.carecall.hub.staff.Role;
import org.carecall.hub.staff.Staff;
import org.carecall.hub.support.TestConsole;
import org.carecall.hub.support.TestDevice;
import org.carecall.hub.support.TestHub;
import org.carecall.hub.support.TestLiveConsole;
import org.carecall.protocol.message.AlarmReport;
import org.carecall.protocol.message.Receipt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two communities on one hub: North with grids 1 and 2, South with one grid, each with a duty worker, a
 * supervisor, a technician and an administrator, and the district's administrator above both. Every API
 * route is tried on North's records by all nine: those the rules let in get past the door and the
 * community check; everyone else is refused with 403, or 404 as if the record did not exist. A route the
 * hub answers that this matrix does not list fails it. Then the attacks seen in the field, one by one.
 */
@Tag("security")
class CommunityScopeTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final List<String> ACTORS = List.of("n-duty", "n-sup", "n-tech", "n-admin", "s-duty", "s-sup",
            "s-tech", "s-admin", "district");

    private static TestHub hub;
    private static final Map<String, TestConsole> consoles = new LinkedHashMap<>();
    private static final Map<String, String> passwords = new LinkedHashMap<>();
    private static Site north;
    private static Site south;
    private static Area n1;
    private static Area n2;
    private static Area s1;
    private static Resident zhang;
    private static Resident wu;
    private static Resident liu;
    private static Staff nDuty;
    private static Staff nSpare;
    private static String nShift;
    private static String northCall;
    private static String northOrder;
    private static DeviceRegistry.Enrolled bedW;
    private static DeviceRegistry.Enrolled bedS;

    private record Path(String method, Function<String, String> path, String body, Set<String> reach) {
        Path(String method, String path, String body, Set<String> reach) {
            this(method, actor -> path, body, reach);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        hub = TestHub.start();
        var community = hub.hub().people().community();
        north = community.addSite("North", ZoneId.of("Asia/Shanghai"));
        south = community.addSite("South", ZoneId.of("Asia/Shanghai"));
        n1 = community.addArea(north.id(), "North 1");
        n2 = community.addArea(north.id(), "North 2");
        s1 = community.addArea(south.id(), "South 1");
        zhang = community.saveResident(new Resident(null, n1.id(), "Zhang Min", "Zhang Min", "3 Hongqi Lane", "2-101",
                "+86 138 0000 0001", LocalDate.of(1941, 3, 8), List.of("zh-CN"), "insulin at 8:00", "metformin",
                "walks with a frame", List.of(new Resident.Contact("Zhang Wei", "son", "+86 139 0000 0002")),
                Resident.RiskLevel.HIGH, false));
        wu = community.saveResident(new Resident(null, n2.id(), "Wu Fang", "8 North Road", "1-1", null, "zh-CN",
                "heart failure", List.of(), Resident.RiskLevel.MEDIUM));
        liu = community.saveResident(new Resident(null, s1.id(), "Liu Yan", "5 South Street", "4-2", null, "zh-CN",
                "south-only notes", List.of(), Resident.RiskLevel.LOW));
        DeviceRegistry.Enrolled bedN = hub.hub().units().devices().create("bed-n", "bedroom", zhang.id()).join();
        hub.hub().units().devices().create("bed-n-spare", "hall", zhang.id()).join();
        bedW = hub.hub().units().devices().create("bed-w", "bedroom", wu.id()).join();
        bedS = hub.hub().units().devices().create("bed-s", "bedroom", liu.id()).join();

        nDuty = staff("n-duty", Role.DUTY, north, n1);
        staff("n-duty2", Role.DUTY, north, n2);
        nSpare = staff("n-spare", Role.DUTY, north, n1);
        staff("n-sup", Role.SUPERVISOR, north, null);
        staff("n-tech", Role.TECHNICIAN, north, null);
        staff("n-admin", Role.ADMIN, north, null);
        staff("s-duty", Role.DUTY, south, s1);
        staff("s-sup", Role.SUPERVISOR, south, null);
        staff("s-tech", Role.TECHNICIAN, south, null);
        staff("s-admin", Role.ADMIN, south, null);
        passwords.put("district", TestHub.ADMIN_PASSWORD);
        for (String actor : ACTORS) {
            consoles.put(actor, login(actor));
        }
        consoles.put("n-duty2", login("n-duty2"));
        nShift = shiftOf(nDuty);
        northCall = press(bedN);
        northOrder = hub.hub().care().workOrders().open(List.of(new org.carecall.hub.workorders.WorkOrders.NewOrder(
                "test:north", zhang.id(), "REPAIR", "lamp", "STAFF", null)),
                org.carecall.hub.workorders.WorkOrders.Actor.HUB).join().getFirst().id();
    }

    private static Staff staff(String username, Role role, Site site, Area grid) {
        passwords.put(username, username + "-password-1");
        return hub.hub().people().staff().create(username, username, role, site.id(), "+86 100 " + username,
                username + "-password-1", grid == null ? List.of() : List.of(grid.id()), false).join();
    }

    private static TestConsole login(String actor) throws Exception {
        return TestConsole.login(hub.hub().httpPort(), actor.equals("district") ? "admin" : actor, passwords.get(actor));
    }

    private static String shiftOf(Staff member) {
        return hub.hub().people().roster().addShift(new Shift(null, member.id(), n1.id(), Shift.Kind.WEEKLY, DayOfWeek.MONDAY,
                null, LocalTime.of(8, 0), LocalTime.of(16, 0))).id();
    }

    private static String press(DeviceRegistry.Enrolled unit) throws Exception {
        try (TestDevice device = TestDevice.connect(hub.mqttUri(), unit.deviceId(), unit.secret())) {
            AlarmReport press = device.newAlarm();
            device.send(press);
            Receipt received;
            do {
                received = device.next(Receipt.class, WAIT);
            } while (received != null && !received.alarmId().equals(press.id()));
            assertThat(received).isNotNull();
            return press.id();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        hub.close();
    }

    /** North's staff with these roles, and the district's administrator. */
    private static Set<String> north(Role... roles) {
        Set<String> actors = new LinkedHashSet<>();
        for (Role role : roles) {
            actors.add("n-" + short_(role));
        }
        actors.add("district");
        return actors;
    }

    /** Both communities' staff with these roles (each reaches their own community's list), and the district's. */
    private static Set<String> both(Role... roles) {
        Set<String> actors = new LinkedHashSet<>();
        for (Role role : roles) {
            actors.add("n-" + short_(role));
            actors.add("s-" + short_(role));
        }
        actors.add("district");
        return actors;
    }

    private static Set<String> only(String... actors) {
        return new LinkedHashSet<>(List.of(actors));
    }

    private static String short_(Role role) {
        return switch (role) {
            case DUTY -> "duty";
            case SUPERVISOR -> "sup";
            case TECHNICIAN -> "tech";
            case ADMIN -> "admin";
        };
    }

    /** Refused: by role (403), or by community, answered as if the record did not exist. */
    private static boolean refused(TestConsole.Answer answer) {
        String body = answer.body().toString();
        return answer.status() == 401 || answer.status() == 403
                || answer.status() == 404 && !body.contains("no command")
                || answer.status() == 400 && body.contains("\"code\":\"unknown\"");
    }

    @Test
    void everyRouteLetsEachRoleOfEachCommunityReachOnlyItsOwn() throws Exception {
        Role[] all = Role.values();
        Role[] care = {Role.DUTY, Role.SUPERVISOR, Role.ADMIN};
        Role[] writers = {Role.SUPERVISOR, Role.ADMIN};
        Role[] deviceReaders = {Role.TECHNICIAN, Role.SUPERVISOR, Role.ADMIN};
        Role[] deviceManagers = {Role.TECHNICIAN, Role.ADMIN};
        String z = "/api/residents/" + zhang.id();
        String call = "/api/alarms/" + northCall;
        List<Path> paths = List.of(
                new Path("GET", "/api/me", null, both(all)),
                new Path("POST", "/api/me/password", "{}", both(all)),
                new Path("GET", "/api/sites", null, both(all)),
                new Path("POST", "/api/sites", "{\"name\":\"East\"}", only("district")),
                new Path("GET", "/api/areas", null, both(all)),
                new Path("POST", "/api/areas", "{\"siteId\":\"" + north.id() + "\"}", north(Role.ADMIN)),
                new Path("PUT", "/api/sites/" + north.id() + "/lock-screen", "{\"lockScreen\":\"grid\"}",
                        north(Role.ADMIN)),
                new Path("GET", "/api/residents", null, both(all)),
                new Path("POST", "/api/residents", "{\"areaId\":\"" + n1.id() + "\"}", north(writers)),
                new Path("GET", z, null, north(all)),
                new Path("PUT", z, "{}", north(writers)),
                new Path("POST", z + "/archive", "{\"archived\":false}", north(writers)),
                new Path("GET", z + "/calls", null, north(all)),
                new Path("POST", z + "/break-glass", "{}", north(care)),
                new Path("GET", "/api/staff", null, both(writers)),
                new Path("POST", "/api/staff", "{\"siteId\":\"" + north.id() + "\"}", north(Role.ADMIN)),
                new Path("PUT", "/api/staff/" + nDuty.id(), "{}", north(Role.ADMIN)),
                new Path("POST", "/api/staff/" + nDuty.id() + "/disabled", "{}", north(Role.ADMIN)),
                new Path("POST", "/api/staff/" + nSpare.id() + "/password", null, north(Role.ADMIN)),
                new Path("DELETE", "/api/staff/" + nSpare.id() + "/sessions", null, north(Role.ADMIN)),
                new Path("GET", "/api/devices", null, both(deviceReaders)),
                new Path("POST", "/api/devices", "{\"residentId\":\"" + zhang.id() + "\"}", north(deviceManagers)),
                new Path("GET", "/api/devices/bed-n", null, north(deviceReaders)),
                new Path("PUT", "/api/devices/bed-n", "{\"residentId\":\"" + zhang.id() + "\",\"label\":\"bedroom\"}",
                        north(deviceManagers)),
                new Path("GET", "/api/devices/bed-n/commands", null, north(deviceReaders)),
                new Path("GET", "/api/devices/bed-n/commands/no-such", null, north(deviceReaders)),
                new Path("PUT", "/api/devices/bed-n/voice", "{}", north(deviceReaders)),
                new Path("POST", "/api/devices/bed-n-spare/secret", null, north(deviceManagers)),
                new Path("DELETE", "/api/devices/bed-n-spare", null, north(deviceManagers)),
                new Path("POST", "/api/devices/bed-n/commands", "{\"cmd\":\"LOCATE\"}", north(deviceManagers)),
                new Path("POST", "/api/devices/bed-n/enrolment-code", null, north(deviceManagers)),
                new Path("GET", "/api/alarms", null, both(all)),
                // a care call: not a technician's, of either community
                new Path("GET", call, null, north(care)),
                new Path("POST", call + "/acknowledge", null, north(care)),
                new Path("POST", call + "/arrive", null, north(care)),
                new Path("POST", call + "/resolve", "{}", north(care)),
                new Path("GET", "/api/duty", null, both(all)),
                new Path("POST", "/api/duty", "{\"onDuty\":false}", only("n-duty", "n-sup", "n-tech", "s-duty",
                        "s-sup", "s-tech")),
                new Path("GET", "/api/shifts", null, both(all)),
                new Path("POST", "/api/shifts", "{\"staffId\":\"" + nDuty.id() + "\"}", north(writers)),
                new Path("PUT", "/api/shifts/" + nShift, "{}", north(writers)),
                new Path("DELETE", actor -> "/api/shifts/" + shiftOf(nDuty), null, north(writers)),
                new Path("GET", "/api/roster/week?siteId=" + north.id(), null, north(all)),
                new Path("POST", "/api/escalation-policies/" + north.id() + "/preview",
                        "{\"areaId\":\"" + n1.id() + "\"}", north(writers)),
                new Path("GET", "/api/escalation-policies", null, both(writers)),
                new Path("GET", "/api/escalation-policies/" + north.id(), null, north(writers)),
                new Path("PUT", "/api/escalation-policies/" + north.id(), "{}", north(writers)),
                new Path("GET", "/api/care-policies/" + north.id(), null, north(writers)),
                new Path("PUT", "/api/care-policies/" + north.id(), "{}", north(writers)),
                new Path("GET", "/api/today", null, both(care)),
                new Path("GET", "/api/today?areaId=" + n1.id(), null, only("n-duty", "n-sup", "n-admin", "district")),
                new Path("POST", z + "/visits", "{}", north(care)),
                new Path("GET", z + "/visits", null, north(care)),
                new Path("GET", z + "/visit-tasks", null, north(care)),
                new Path("GET", z + "/care", null, north(care)),
                new Path("GET", "/api/reports/care?siteId=" + north.id(), null, north(writers)),
                new Path("POST", z + "/events", "{}", north(care)),
                new Path("GET", z + "/check-in", null, north(care)),
                new Path("PUT", z + "/check-in", "{}", north(care)),
                new Path("GET", z + "/check-ins", null, north(care)),
                new Path("POST", z + "/check-ins/2026-01-01/confirm", "{}", north(care)),
                new Path("POST", z + "/check-ins/2026-01-01/claim", null, north(care)),
                new Path("POST", "/api/work-orders", "{\"residentId\":\"" + zhang.id() + "\",\"category\":\"OTHER\"}",
                        north(care)),
                new Path("GET", "/api/work-orders", null, both(care)),
                new Path("GET", "/api/work-orders?areaId=" + n1.id(), null, only("n-duty", "n-sup", "n-admin", "district")),
                new Path("GET", "/api/work-orders/" + northOrder, null, north(care)),
                new Path("POST", "/api/work-orders/" + northOrder + "/assign", "{}", north(care)),
                new Path("POST", "/api/work-orders/" + northOrder + "/start", "{}", north(care)),
                new Path("POST", "/api/work-orders/" + northOrder + "/done", "{}", north(care)),
                new Path("POST", "/api/work-orders/" + northOrder + "/follow-up", "{}", north(care)),
                new Path("POST", "/api/work-orders/" + northOrder + "/appointment", "{}", north(care)),
                // duty staff of her grid find the order, but only a supervisor cancels it
                new Path("POST", "/api/work-orders/" + northOrder + "/cancel", "{\"reason\":\"test\"}",
                        only("n-sup", "n-admin", "district")),
                new Path("POST", z + "/family-update", "{}", north(care)),
                new Path("GET", z + "/family-messages", null, north(care)),
                // each community's supervisors see the messages given up of their own residents
                new Path("GET", "/api/family-messages/given-up", null, both(writers)),
                new Path("GET", "/api/reports/response-times", null, both(writers)),
                new Path("GET", "/api/reports/weekly-tests", null, both(deviceReaders)),
                new Path("GET", "/api/audit", null, both(Role.ADMIN)),
                new Path("GET", "/api/refusals", null, both(Role.ADMIN, Role.TECHNICIAN)),
                new Path("DELETE", "/api/session", null, both(all)), // each with a session of its own
                // last: it ends every session of the actor, the matrix's own console too
                new Path("DELETE", "/api/me/sessions", null, both(all)));

        // Every route the hub answers that is not public has a rule above: a route added later fails here.
        List<String> untried = hub.hub().routeList().stream().filter(route -> !route.access().open())
                .filter(route -> paths.stream().noneMatch(path -> path.method().equals(route.method())
                        && path.path().apply("n-duty").split("\\?")[0]
                        .matches(route.template().replaceAll("\\{[a-zA-Z]+}", "[^/]+"))))
                .map(route -> route.method() + " " + route.template()).toList();
        assertThat(untried).as("routes without a rule in the community matrix").isEmpty();

        List<String> wrong = new ArrayList<>();
        for (Path path : paths) {
            for (String actor : ACTORS) {
                boolean ownSession = path.path().apply(actor).equals("/api/session")
                        || path.path().apply(actor).equals("/api/me/sessions");
                TestConsole console = ownSession ? login(actor) : consoles.get(actor);
                String target = path.path().apply(actor);
                TestConsole.Answer answer = console.send(path.method(), target, path.body());
                boolean reached = !refused(answer);
                if (reached != path.reach().contains(actor)) {
                    wrong.add(actor + " " + path.method() + " " + target + " -> " + answer.status() + " "
                            + answer.body());
                }
            }
        }
        for (String actor : ACTORS) { // logged out everywhere above: the other tests need consoles again
            consoles.put(actor, login(actor));
        }
        consoles.put("n-duty2", login("n-duty2"));
        assertThat(wrong).isEmpty();
    }

    @Test
    void eachCommunitysListsHoldOnlyItsOwn() throws Exception {
        TestConsole southSupervisor = consoles.get("s-sup");
        String residents = southSupervisor.get("/api/residents").body().toString();
        assertThat(residents).contains("Liu Yan").doesNotContain("Zhang Min").doesNotContain("Wu Fang");
        String staff = southSupervisor.get("/api/staff").body().toString();
        assertThat(staff).contains("s-duty").doesNotContain("n-duty").doesNotContain("+86 100 n-");
        assertThat(southSupervisor.get("/api/sites").body().toString()).contains("South").doesNotContain("North");
        assertThat(southSupervisor.get("/api/areas").body().toString()).doesNotContain("North 1");
        assertThat(southSupervisor.get("/api/shifts").body().toString()).doesNotContain(nDuty.id());
        assertThat(southSupervisor.get("/api/escalation-policies").body().path("sites").has(north.id())).isFalse();
        assertThat(southSupervisor.get("/api/devices").body().toString()).contains("bed-s").doesNotContain("bed-n");
        assertThat(southSupervisor.get("/api/alarms?state=all").body().toString()).doesNotContain("bed-n")
                .doesNotContain(northCall);
        assertThat(consoles.get("s-tech").get("/api/reports/weekly-tests").body().toString()).doesNotContain("bed-n");
        assertThat(consoles.get("s-admin").get("/api/audit").body().toString()).doesNotContain("\"n-");

        TestConsole district = consoles.get("district");
        assertThat(district.get("/api/residents").body().toString()).contains("Liu Yan").contains("Zhang Min");
        assertThat(district.get("/api/sites").body().toString()).contains("South").contains("North");
    }

    @Test
    void aDutyWorkerReadsHerOwnCommunityAndHealthOnlyForHerGridOrByBreakingTheGlass() throws Exception {
        TestConsole worker = consoles.get("n-duty");
        String list = worker.get("/api/residents").body().toString();
        assertThat(list).contains("Zhang Min").contains("Wu Fang").doesNotContain("Liu Yan").doesNotContain("south-only");
        assertThat(worker.get("/api/residents/" + liu.id()).status()).isEqualTo(404);
        assertThat(worker.get("/api/residents/" + zhang.id()).text("healthNotes")).isEqualTo("insulin at 8:00");

        // Wu lives in grid 2: her notes are not this worker's to read, unless she breaks the glass.
        JsonNode wuFile = worker.get("/api/residents/" + wu.id()).body();
        assertThat(wuFile.has("healthNotes")).isFalse();
        assertThat(wuFile.path("healthHidden").asBoolean()).isTrue();
        TestConsole.Answer noReason = worker.post("/api/residents/" + wu.id() + "/break-glass", "{}");
        assertThat(noReason.status()).isEqualTo(400);
        TestConsole.Answer glass = worker.post("/api/residents/" + wu.id() + "/break-glass",
                "{\"reason\":\"she fell, the paramedics ask what she takes\"}");
        assertThat(glass.status()).isEqualTo(200);
        assertThat(glass.text("healthNotes")).isEqualTo("heart failure");

        // The supervisor sees it in the file, and the district's administrator in the audit log.
        JsonNode seen = consoles.get("n-sup").get("/api/residents/" + wu.id()).body().path("breakGlass");
        assertThat(seen.toString()).contains("n-duty").contains("the paramedics ask");
        assertThat(consoles.get("district").get("/api/audit?actor=n-duty").body().toString())
                .contains("resident.break-glass");
        // South cannot even break North's glass.
        assertThat(consoles.get("s-duty").post("/api/residents/" + wu.id() + "/break-glass",
                "{\"reason\":\"just looking around\"}").status()).isEqualTo(404);
    }

    @Test
    void aTechnicianGetsWhatFitsAUnitAndNothingMore() throws Exception {
        JsonNode file = consoles.get("n-tech").get("/api/residents/" + zhang.id()).body();
        assertThat(file.path("name").asText()).isEqualTo("Zhang Min");
        assertThat(file.path("address").asText()).isEqualTo("3 Hongqi Lane");
        assertThat(file.path("room").asText()).isEqualTo("2-101");
        for (String field : List.of("dateOfBirth", "phone", "emergencyContacts", "mobility", "healthNotes",
                "medicines", "riskLevel")) {
            assertThat(file.has(field)).as(field).isFalse();
        }
        assertThat(file.toString()).doesNotContain("1941").doesNotContain("Zhang Wei").doesNotContain("frame");
        assertThat(consoles.get("n-tech").get("/api/residents/" + liu.id()).status()).isEqualTo(404);
    }

    @Test
    void southsCallIsSouthsAndATakenCallIsClosedByItsTakerOrASupervisor() throws Exception {
        String southCall = press(bedS);
        // North's worker cannot take South's call: to her it does not exist, and South's worker takes it.
        assertThat(consoles.get("n-duty").post("/api/alarms/" + southCall + "/acknowledge", null).status())
                .isEqualTo(404);
        TestConsole.Answer taken = consoles.get("s-duty").post("/api/alarms/" + southCall + "/acknowledge", null);
        assertThat(taken.status()).isEqualTo(200);
        assertThat(taken.text("acknowledgedBy")).isEqualTo("s-duty");

        // Wu's call, taken by grid 1's worker, is not grid 2's worker's to close; North's supervisor may.
        String wuCall = press(bedW);
        assertThat(consoles.get("n-duty").post("/api/alarms/" + wuCall + "/acknowledge", null).status()).isEqualTo(200);
        TestConsole.Answer notYours = consoles.get("n-duty2").post("/api/alarms/" + wuCall + "/resolve",
                "{\"outcome\":\"FALSE_ALARM\",\"note\":\"closing someone else's call\"}");
        assertThat(notYours.status()).isEqualTo(409);
        assertThat(notYours.text("error")).isEqualTo("not-yours");
        assertThat(notYours.text("by")).isEqualTo("n-duty");
        assertThat(consoles.get("n-duty2").post("/api/alarms/" + wuCall + "/arrive", null).status()).isEqualTo(409);
        assertThat(consoles.get("s-sup").post("/api/alarms/" + wuCall + "/resolve",
                "{\"outcome\":\"FALSE_ALARM\",\"note\":\"x\"}").status()).isEqualTo(404);
        assertThat(consoles.get("n-sup").post("/api/alarms/" + wuCall + "/resolve",
                "{\"outcome\":\"FALSE_ALARM\",\"note\":\"checked by phone, she is fine\"}").status()).isEqualTo(200);

        assertRefusalAudited("n-duty2");
        assertRefusalAudited("n-duty");
    }

    @Test
    void southsSupervisorCannotEditMoveOrPlanNorth() throws Exception {
        TestConsole southSupervisor = consoles.get("s-sup");
        String edit = "{\"areaId\":\"" + s1.id() + "\",\"name\":\"Zhang Min\"}";
        assertThat(southSupervisor.put("/api/residents/" + zhang.id(), edit).status()).isEqualTo(404);
        // Moving South's own resident into North, or North's into South, needs rights in both.
        TestConsole.Answer intoNorth = southSupervisor.put("/api/residents/" + liu.id(),
                "{\"areaId\":\"" + n1.id() + "\",\"name\":\"Liu Yan\"}");
        assertThat(intoNorth.status()).isEqualTo(400);
        assertThat(intoNorth.body().path("fields").path("areaId").path("code").asText()).isEqualTo("unknown");
        assertThat(consoles.get("n-sup").put("/api/residents/" + zhang.id(), edit).status()).isEqualTo(400);
        assertThat(hub.hub().people().community().resident(zhang.id()).orElseThrow().areaId()).isEqualTo(n1.id());

        assertThat(southSupervisor.put("/api/escalation-policies/" + north.id(), "{}").status()).isEqualTo(404);
        TestConsole.Answer dayOff = southSupervisor.post("/api/shifts", "{\"staffId\":\"" + nDuty.id()
                + "\",\"kind\":\"OFF\",\"onDate\":\"2026-12-24\",\"starts\":\"00:00\",\"ends\":\"00:00\"}");
        assertThat(dayOff.status()).isEqualTo(400);
        assertThat(dayOff.body().path("fields").path("staffId").path("code").asText()).isEqualTo("unknown");
        assertThat(consoles.get("s-admin").put("/api/staff/" + nDuty.id(), "{\"displayName\":\"x\",\"role\":\"DUTY\"}")
                .status()).isEqualTo(404);
        assertRefusalAudited("s-sup");
    }

    @Test
    void anAccountWorksInOneCommunityAndACommunitysAdministratorMakesOnlyItsOwn() throws Exception {
        TestConsole southAdmin = consoles.get("s-admin");
        TestConsole.Answer intoNorth = southAdmin.post("/api/staff", "{\"username\":\"mole\",\"displayName\":\"Mole\","
                + "\"password\":\"mole-password-1\",\"role\":\"SUPERVISOR\",\"siteId\":\"" + north.id() + "\"}");
        assertThat(intoNorth.status()).isEqualTo(400);
        assertThat(intoNorth.body().path("fields").path("siteId").path("code").asText()).isEqualTo("unknown");
        TestConsole.Answer own = southAdmin.post("/api/staff", "{\"username\":\"s-new\",\"displayName\":\"New\","
                + "\"password\":\"s-new-password-1\",\"role\":\"DUTY\"}");
        assertThat(own.status()).isEqualTo(201);
        assertThat(own.text("siteId")).as("their own community when none is named").isEqualTo(south.id());
        TestConsole.Answer nowhere = consoles.get("district").post("/api/staff", "{\"username\":\"loose\","
                + "\"displayName\":\"Loose\",\"password\":\"loose-password-1\",\"role\":\"TECHNICIAN\"}");
        assertThat(nowhere.status()).isEqualTo(400);
        assertThat(nowhere.body().path("fields").path("siteId").path("code").asText()).isEqualTo("required");
    }

    @Test
    void goingOnDutyTakesOnlyOnesOwnGridsAndAnUnknownGridIsABadRequest() throws Exception {
        TestConsole worker = consoles.get("n-duty");
        TestConsole.Answer south = worker.post("/api/duty", "{\"onDuty\":true,\"areaId\":\"" + s1.id() + "\"}");
        assertThat(south.status()).isEqualTo(400);
        assertThat(south.body().path("fields").path("areaId").path("code").asText()).isEqualTo("unknown");
        TestConsole.Answer unknown = worker.post("/api/duty", "{\"onDuty\":true,\"areaId\":\"no-such-grid\"}");
        assertThat(unknown.status()).isEqualTo(400);
        TestConsole.Answer otherGrid = worker.post("/api/duty", "{\"onDuty\":true,\"areaId\":\"" + n2.id() + "\"}");
        assertThat(otherGrid.status()).isEqualTo(400);
        assertThat(otherGrid.body().path("fields").path("areaId").path("code").asText()).isEqualTo("not-your-grid");
        TestConsole.Answer own = worker.post("/api/duty", "{\"onDuty\":true,\"areaId\":\"" + n1.id() + "\"}");
        assertThat(own.status()).isEqualTo(200);
        assertThat(consoles.get("s-sup").get("/api/duty").body().toString()).doesNotContain("n-duty");
        worker.post("/api/duty", "{\"onDuty\":false}");
    }

    @Test
    void theLiveStreamSendsEachConsoleOnlyItsCommunitysCalls() throws Exception {
        try (TestLiveConsole northLive = new TestLiveConsole(hub.hub().httpPort());
             TestLiveConsole southLive = new TestLiveConsole(hub.hub().httpPort())) {
            northLive.auth(consoles.get("n-sup").token());
            southLive.auth(consoles.get("s-sup").token());
            JsonNode northReady = northLive.next("ready", WAIT);
            JsonNode southReady = southLive.next("ready", WAIT);
            assertThat(southReady.path("alarms").toString()).doesNotContain("bed-n").doesNotContain("bed-w");
            assertThat(northReady.path("alarms").toString()).doesNotContain("bed-s");

            String southCall = press(bedS);
            JsonNode raised = southLive.next(message -> message.path("alarm").path("id").asText().equals(southCall), WAIT);
            assertThat(raised).isNotNull();
            // North hears nothing of it, neither the call nor its updates.
            assertThat(northLive.next(message -> message.toString().contains(southCall), Duration.ofSeconds(2))).isNull();
            assertThat(northLive.callsShown()).doesNotContain(southCall);
        }
    }

    @Test
    void theLiveStreamsBoardHoldsACallForExactlyThoseWhoMaySeeIt() throws Exception {
        Set<String> maySee = north(Role.DUTY, Role.SUPERVISOR, Role.ADMIN); // a care call: no technician's
        List<String> wrong = new ArrayList<>();
        for (String actor : ACTORS) {
            try (TestLiveConsole live = new TestLiveConsole(hub.hub().httpPort())) {
                live.auth(consoles.get(actor).token());
                JsonNode ready = live.next("ready", WAIT);
                boolean shown = ready != null && ready.path("alarms").toString().contains(northCall);
                if (shown != maySee.contains(actor)) {
                    wrong.add(actor + (shown ? " was shown" : " was not shown") + " North's call on /ws");
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    private static void assertRefusalAudited(String actor) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String rows;
        do {
            rows = consoles.get("district").get("/api/audit?actor=" + actor).body().toString();
        } while (!rows.contains("scope.refused") && System.nanoTime() < deadline);
        assertThat(rows).contains("scope.refused");
    }
}
