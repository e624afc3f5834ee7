package org.carecall.hub.workorders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.carecall.hub.audit.RefusalCounts;
import org.carecall.hub.community.Area;
import org.carecall.hub.community.Resident;
import org.carecall.hub.community.Site;
import org.carecall.hub.staff.Role;
import org.carecall.hub.support.MutableClock;
import org.carecall.hub.support.TestConsole;
import org.carecall.hub.support.TestDevice;
import org.carecall.hub.support.TestHub;
import org.carecall.protocol.Channel;
import org.carecall.protocol.EventKind;
import org.carecall.protocol.message.DeviceEvent;
import org.carecall.protocol.message.PayloadCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Work orders through the API and the service key, on one hub with the test clock: Xincheng, grid 1 with
 * Zhang Min (whose unit is bed-z) and Wu Fang, worked by Wang and Zhou; grid 2 by Li; a supervisor.
 */
class WorkOrdersApiTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final MutableClock clock = new MutableClock(at("2026-12-01T10:00"));
    private static TestHub hub;
    private static Resident zhang;
    private static Resident wu;
    private static Resident liu;
    private static String wangId;
    private static String bedZSecret;
    private static final java.util.Map<String, TestConsole> consoles = new java.util.concurrent.ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        hub = TestHub.start(Files.createTempDirectory("carecall-orders-api-"), clock, config -> { });
        var community = hub.hub().people().community();
        Site site = community.addSite("Xincheng", SHANGHAI);
        Area grid1 = community.addArea(site.id(), "Grid 1");
        Area grid2 = community.addArea(site.id(), "Grid 2");
        zhang = resident(grid1, "Zhang Min");
        wu = resident(grid1, "Wu Fang");
        liu = resident(grid2, "Liu Yan");
        wangId = staff("wang", Role.DUTY, site, grid1);
        staff("zhou", Role.DUTY, site, grid1);
        staff("li-na", Role.DUTY, site, grid2);
        staff("sup", Role.SUPERVISOR, site, null);
        staff("tech", Role.TECHNICIAN, site, null);
        bedZSecret = hub.hub().units().devices().create("bed-z", "bedroom", zhang.id()).join().secret();
        hub.hub().units().devices().create("bed-nobody", "spare", null).join();
    }

    @AfterAll
    static void stop() throws Exception {
        hub.close();
    }

    private static Instant at(String local) {
        return LocalDateTime.parse(local).atZone(SHANGHAI).toInstant();
    }

    private static Resident resident(Area grid, String name) throws Exception {
        return hub.hub().people().community().saveResident(new Resident(null, grid.id(), name, "3 Hongqi Lane", "2-101",
                null, "zh-CN", null, List.of(), Resident.RiskLevel.HIGH));
    }

    private static String staff(String name, Role role, Site site, Area grid) {
        return hub.hub().people().staff().create(name, name, role, site.id(), null, name + "-password-1",
                grid == null ? List.of() : List.of(grid.id()), false).join().id();
    }

    /** One session per person (a login costs a password hash); after the clock jumps days a new one. */
    private static TestConsole console(String name) throws Exception {
        TestConsole known = consoles.get(name);
        if (known == null || known.get("/api/me").status() == 401) {
            known = TestConsole.login(hub.hub().httpPort(), name, name + "-password-1");
            consoles.put(name, known);
        }
        return known;
    }

    private static String report(TestConsole console, Resident resident, String category) throws Exception {
        TestConsole.Answer made = console.post("/api/work-orders", "{\"residentId\":\"" + resident.id()
                + "\",\"category\":\"" + category + "\",\"note\":\"hall lamp\"}");
        assertThat(made.status()).isEqualTo(201);
        return made.text("id");
    }

    @Test
    void aDutyWorkerTakesStartsFinishesAndFollowsUpAndEachMoveOutOfOrderIs409WithTheState() throws Exception {
        TestConsole wang = console("wang");
        TestConsole zhou = console("zhou");
        String id = report(wang, wu, "REPAIR");
        String order = "/api/work-orders/" + id;

        assertThat(wang.post(order + "/start", "{}").body().path("state").asText()).isEqualTo("REPORTED");
        assertThat(wang.post(order + "/start", "{}").status()).isEqualTo(409);
        assertThat(wang.post(order + "/assign", "{}").text("assigneeName")).isEqualTo("wang");
        TestConsole.Answer late = zhou.post(order + "/assign", "{}");
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.text("state")).isEqualTo("ASSIGNED");
        assertThat(zhou.post(order + "/assign", "{\"staffId\":\"" + wangId + "\"}").status()).isEqualTo(403);
        assertThat(wang.post(order + "/start", "{}").text("state")).isEqualTo("IN_PROGRESS");

        TestConsole.Answer unnamed = wang.post(order + "/done", "{\"note\":\"new bulb\"}");
        assertThat(unnamed.status()).isEqualTo(400);
        assertThat(unnamed.body().toString()).contains("outcome");
        assertThat(wang.post(order + "/done", "{\"outcome\":\"FIXED\",\"note\":\"new bulb\"}").text("state"))
                .isEqualTo("DONE");
        assertThat(wang.post(order + "/follow-up", "{\"note\":\"bright\"}").body().toString()).contains("satisfied");
        TestConsole.Answer followed = wang.post(order + "/follow-up", "{\"note\":\"bright\",\"satisfied\":true}");
        assertThat(followed.text("state")).isEqualTo("FOLLOWED_UP");
        assertThat(followed.body().path("satisfied").asBoolean()).isTrue();

        assertThat(wang.post(order + "/cancel", "{\"reason\":\"x\"}").status()).isEqualTo(403);
        TestConsole.Answer tooLate = console("sup").post(order + "/cancel", "{\"reason\":\"x\"}");
        assertThat(tooLate.status()).isEqualTo(409);
        assertThat(tooLate.text("state")).isEqualTo("FOLLOWED_UP");

        JsonNode full = wang.get(order).body();
        List<String> actions = new ArrayList<>();
        full.path("timeline").forEach(entry -> actions.add(entry.path("action").asText()));
        assertThat(actions).containsExactly("REPORTED", "ASSIGNED", "IN_PROGRESS", "DONE", "FOLLOWED_UP");
        assertThat(full.path("timeline").get(1).path("by").asText()).isEqualTo("wang");
        assertThat(full.path("timeline").get(1).path("from").asText()).contains("127.0.0.1");
        assertThat(wang.get("/api/work-orders?state=FOLLOWED_UP&category=REPAIR").body().toString()).contains(id);
        assertThat(wang.get("/api/work-orders?state=DONE").body().toString()).doesNotContain(id);
    }

    @Test
    void aSupervisorAssignsAndCancelsAndAnotherGridsWorkerSeesNothing() throws Exception {
        TestConsole sup = console("sup");
        String id = report(sup, zhang, "MEAL");
        TestConsole.Answer given = sup.post("/api/work-orders/" + id + "/assign", "{\"staffId\":\"" + wangId + "\"}");
        assertThat(given.text("assigneeName")).isEqualTo("wang");
        assertThat(sup.post("/api/work-orders/" + id + "/assign", "{\"staffId\":\"nobody\"}").status()).isEqualTo(400);

        TestConsole li = console("li-na");
        assertThat(li.get("/api/work-orders/" + id).status()).isEqualTo(404);
        assertThat(li.get("/api/work-orders").body().toString()).doesNotContain(id);
        assertThat(li.post("/api/work-orders", "{\"residentId\":\"" + zhang.id() + "\",\"category\":\"MEAL\"}").status())
                .isEqualTo(400);
        assertThat(console("tech").get("/api/work-orders").status()).isEqualTo(403);

        TestConsole.Answer bad = sup.post("/api/work-orders", "{\"residentId\":\"" + zhang.id() + "\",\"category\":\"PONY\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().toString()).contains("category");
        assertThat(sup.post("/api/work-orders/" + id + "/cancel", "{}").body().toString()).contains("reason");
        assertThat(sup.post("/api/work-orders/" + id + "/cancel", "{\"reason\":\"son fixed it\"}").text("state"))
                .isEqualTo("CANCELLED");
        assertThat(sup.get("/api/work-orders/" + id).text("cancelReason")).isEqualTo("son fixed it");
    }

    @Test
    void aVisitsNeedsOpenOrdersOnceEvenWhenTheVisitIsPostedTwice() throws Exception {
        TestConsole wang = console("wang");
        String visit = "{\"id\":\"01JF3V00000000000000NEEDS1\",\"visitedAt\":\"2026-12-01T09:30:00+08:00\","
                + "\"method\":\"HOME\",\"outcome\":\"SEEN\",\"needs\":[{\"category\":\"REPAIR\",\"note\":\"gas hose\"},"
                + "{\"category\":\"ERRAND\",\"note\":\"rice\"}]}";
        assertThat(wang.post("/api/residents/" + wu.id() + "/visits", visit).status()).isEqualTo(201);
        assertThat(wang.post("/api/residents/" + wu.id() + "/visits", visit).status()).isEqualTo(200);

        JsonNode fromVisit = wang.get("/api/work-orders?residentId=" + wu.id()).body();
        List<String> notes = new ArrayList<>();
        fromVisit.forEach(order -> {
            if (order.path("source").asText().equals("VISIT")) {
                notes.add(order.path("category").asText() + ":" + order.path("note").asText());
            }
        });
        assertThat(notes).containsExactlyInAnyOrder("REPAIR:gas hose", "ERRAND:rice");
    }

    @Test
    void theServiceKeyOpensAnOrderCountsASecondPressOnceAndTheUnitHearsWhoComesAndThatItIsDone() throws Exception {
        ServiceKey key = hub.hub().care().serviceKey();
        DeviceEvent press = new DeviceEvent("01JF3V0000000000000000KEY1", EventKind.SERVICE_REQUEST, "service-key",
                clock.instant());
        key.pressed("bed-z", press, "unit").join();
        key.pressed("bed-z", press, "unit").join(); // the unit did not hear the answer and sent it again
        key.pressed("bed-z", new DeviceEvent("01JF3V0000000000000000KEY2", EventKind.SERVICE_REQUEST, "service-key",
                clock.instant()), "unit").join();

        TestConsole sup = console("sup");
        List<JsonNode> fromKey = new ArrayList<>();
        sup.get("/api/work-orders?residentId=" + zhang.id()).body().forEach(order -> {
            if (order.path("source").asText().equals("KEY")) {
                fromKey.add(order);
            }
        });
        assertThat(fromKey).hasSize(1);
        assertThat(fromKey.getFirst().path("pressCount").asInt()).isEqualTo(2);
        assertThat(fromKey.getFirst().path("state").asText()).isEqualTo("REPORTED");

        String id = fromKey.getFirst().path("id").asText();
        TestConsole wang = console("wang");
        int before = spoken("bed-z").size();
        wang.post("/api/work-orders/" + id + "/assign", "{}");
        wang.post("/api/work-orders/" + id + "/start", "{}");
        wang.post("/api/work-orders/" + id + "/done", "{\"outcome\":\"DELIVERED\"}");
        List<String> said = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (said.size() < 2 && System.nanoTime() < deadline) {
            List<String> all = spoken("bed-z");
            said = all.subList(Math.min(before, all.size()), all.size());
        }
        assertThat(said).containsExactly("service-assigned/wang", "service-done/wang");

        int listed = sup.get("/api/work-orders").body().size();
        key.pressed("bed-nobody", new DeviceEvent("01JF3V0000000000000000KEY3", EventKind.SERVICE_REQUEST, null,
                clock.instant()), "unit").join();
        assertThat(sup.get("/api/work-orders").body().size()).isEqualTo(listed);
    }

    @Test
    void aUnitPlacedWithAResidentHasItsServiceKeyEnabledAndAUnitPlacedWithNobodyNot() throws Exception {
        var devices = hub.hub().units().devices();
        assertThat(serviceKeyOf("bed-z", true)).isTrue();
        assertThat(serviceKeyOf("bed-nobody", false)).isFalse();

        devices.create("bed-later", "spare", null).join();
        devices.place("bed-later", "bedroom", liu.id()).join();
        assertThat(serviceKeyOf("bed-later", true)).isTrue();
        devices.place("bed-later", "spare", null).join();
        assertThat(serviceKeyOf("bed-later", false)).isFalse();
    }

    /** The unit's stored config's service key, once it says {@code expected} or after 2 s (written in the background). */
    private static boolean serviceKeyOf(String deviceId, boolean expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        boolean enabled;
        while ((enabled = hub.hub().units().devices().find(deviceId).orElseThrow().config().serviceKeyEnabled())
                != expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return enabled;
    }

    @Test
    void theCareReportCountsTheMonthsOrdersPerGrid() throws Exception {
        TestConsole sup = console("sup");
        String month = java.time.YearMonth.from(clock.instant().atZone(SHANGHAI)).toString();
        String id = report(sup, liu, "ERRAND"); // grid 2 has no other order
        clock.advance(Duration.ofHours(2));
        console("li-na").post("/api/work-orders/" + id + "/assign", "{}");

        JsonNode orders = sup.get("/api/reports/care?month=" + month).body().path("workOrders");
        assertThat(orders.path("followUpHours").asInt()).isEqualTo(48);
        JsonNode grid2 = null;
        for (JsonNode grid : orders.path("grids")) {
            if (grid.path("grid").asText().equals("Grid 2")) {
                grid2 = grid;
            }
        }
        assertThat(grid2).isNotNull();
        assertThat(grid2.path("opened").asInt()).isEqualTo(1);
        assertThat(grid2.path("done").asInt()).isZero();
        assertThat(grid2.path("toTake").path("p50").asDouble()).isEqualTo(2.0);
        assertThat(orders.path("all").path("opened").asInt()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aPressFromTheUnitItselfIsAcknowledgedAfterTheOrderIsStored() throws Exception {
        try (TestDevice unit = TestDevice.connect(hub.mqttUri(), "bed-z", bedZSecret)) {
            unit.send(new DeviceEvent("01JF3V0000000000000000KEY9", EventKind.SERVICE_REQUEST, "service-key",
                    clock.instant()));
        }
        // The MQTT client's send returns after the PUBACK, which the hub gives only once the press is stored.
        assertThat(hub.hub().care().workOrders().press("bed-z/01JF3V0000000000000000KEY9", "bed-z", zhang.id()).join()
                .opened()).isFalse();
    }

    @Test
    void anEventKindThisHubDoesNotKnowIsAnsweredAndCountedAndTheNextPressStillMakesItsOrder() throws Exception {
        String known = new PayloadCodec().encodeToString(new DeviceEvent("01JF3V0000000000000000KINDX",
                EventKind.SERVICE_REQUEST, "cat-key", clock.instant()));
        int pressesBefore = keyPressesOnOrders();
        try (TestDevice unit = TestDevice.connect(hub.mqttUri(), "bed-z", bedZSecret)) {
            // A raw client (or a newer unit) sends a kind no hub knows; publish returns at the hub's PUBACK.
            unit.publish(Channel.EVENT, known.replace("SERVICE_REQUEST", "FEED_THE_CAT"));
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(hub.hub().people().audit()
                    .refusals(Instant.EPOCH, 50)).filteredOn(count -> count.reason().equals("message.invalid"))
                    .extracting(RefusalCounts.Count::subject).contains("bed-z"));
            assertThat(unit.connected()).as("answered, not cut off").isTrue();
            assertThat(keyPressesOnOrders()).as("the unknown kind made no order").isEqualTo(pressesBefore);
            unit.send(new DeviceEvent("01JF3V0000000000000000KEYB", EventKind.SERVICE_REQUEST, "service-key",
                    clock.instant()));
        }
        assertThat(keyPressesOnOrders()).as("the press after it, stored before its PUBACK").isEqualTo(pressesBefore + 1);
    }

    /** Her key's presses as the orders count them: each order from her key, and each press counted on one. */
    private int keyPressesOnOrders() throws Exception {
        return hub.hub().care().workOrders().list(new WorkOrders.Filter(List.of(zhang.areaId()), null, zhang.id(), null,
                false)).stream().map(WorkOrders.Listed::order).filter(order -> WorkOrder.KEY.equals(order.source()))
                .mapToInt(WorkOrder::pressCount).sum();
    }

    @Test
    void todayHoldsTheWorkersOrdersAndTheFollowUpsDueAndOverdue() throws Exception {
        TestConsole wang = console("wang");
        String waiting = report(wang, wu, "CLEANING");
        String mine = report(wang, wu, "MEDICAL");
        wang.post("/api/work-orders/" + mine + "/assign", "{}");
        wang.post("/api/work-orders/" + mine + "/start", "{}");
        TestConsole.Answer done = wang.post("/api/work-orders/" + mine + "/done", "{\"outcome\":\"DONE\"}");
        assertThat(done.text("state")).as(done.body().toString()).isEqualTo("DONE");
        String othersId = report(console("sup"), wu, "OTHER");
        console("sup").post("/api/work-orders/" + othersId + "/assign", "{\"staffId\":\"" + idOf("zhou") + "\"}");

        JsonNode today = wang.get("/api/today").body();
        assertThat(today.path("workOrders").toString()).contains(waiting).doesNotContain(othersId);
        assertThat(today.path("workOrders").get(0).has("flagged")).isTrue();
        JsonNode followUp = find(today.path("followUps"), mine);
        assertThat(followUp.path("overdue").asBoolean()).isFalse();
        assertThat(Instant.parse(followUp.path("dueAt").asText())).isEqualTo(clock.instant().plus(Duration.ofHours(48)));
        assertThat(console("sup").get("/api/today").body().path("workOrders").toString()).contains(othersId);

        clock.advance(Duration.ofHours(49));
        wang = console("wang");
        assertThat(find(wang.get("/api/today").body().path("followUps"), mine).path("overdue").asBoolean()).isTrue();
        wang.post("/api/work-orders/" + mine + "/follow-up", "{\"satisfied\":false,\"note\":\"came late\"}");
        assertThat(wang.get("/api/today").body().path("followUps").toString()).doesNotContain(mine);
    }

    /** What the hub asked a unit to say, oldest first, as the command's arguments. */
    static List<String> spoken(TestHub hub, String deviceId) throws Exception {
        List<String> said = new ArrayList<>();
        try (var connection = hub.connect(); var query = connection.prepareStatement("SELECT args_json FROM device_command"
                + " WHERE device_id = ? AND cmd = 'SPEAK' ORDER BY sent_at, id")) {
            query.setString(1, deviceId);
            try (var rows = query.executeQuery()) {
                while (rows.next()) {
                    JsonNode args = new com.fasterxml.jackson.databind.ObjectMapper().readTree(rows.getString(1));
                    said.add(args.path("prompt").asText() + "/" + args.path("name").asText());
                }
            }
        }
        return said;
    }

    private static List<String> spoken(String deviceId) throws Exception {
        return spoken(hub, deviceId);
    }

    private static String idOf(String username) {
        return hub.hub().people().staff().all().stream().filter(member -> member.username().equals(username))
                .findFirst().orElseThrow().id();
    }

    private static JsonNode find(JsonNode list, String id) {
        for (JsonNode item : list) {
            if (item.path("id").asText().equals(id)) {
                return item;
            }
        }
        throw new AssertionError(id + " not in " + list);
    }
}
