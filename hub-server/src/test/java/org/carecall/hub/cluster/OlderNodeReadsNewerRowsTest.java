package org.carecall.hub.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.support.TestConsole;
import org.carecall.hub.support.TestDevice;
import org.carecall.hub.support.TestHub;
import org.carecall.protocol.message.AlarmReport;
import org.carecall.protocol.message.Receipt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A district half upgraded: this hub is the older node, and a newer node has written a call kind, a work-order
 * state and category and a contact's field that this node's code does not know. The rows are written here with
 * plain SQL, as the newer node's code would. This node shows them as unknown, keeps counting, and loses nothing
 * when its staff edit what the newer node wrote.
 */
class OlderNodeReadsNewerRowsTest {
    private static TestHub hub;
    private static TestConsole admin;
    private static String gridId;

    @BeforeAll
    static void start() throws Exception {
        hub = TestHub.start();
        admin = hub.admin();
        String siteId = admin.post("/api/sites", "{\"name\":\"Xincheng\",\"timezone\":\"Asia/Shanghai\"}").text("id");
        gridId = admin.post("/api/areas", "{\"siteId\":\"" + siteId + "\",\"name\":\"Grid 1\"}").text("id");
    }

    @AfterAll
    static void stop() throws Exception {
        hub.close();
    }

    @Test
    void aCallOfAKindANewerNodeStoredIsOnTheBoardAsUnknownWithItsWordAndCountedInTheMetrics() throws Exception {
        DeviceRegistry.Enrolled unit = hub.enrol("bed-v9");
        String callId;
        try (TestDevice device = TestDevice.connect(hub.mqttUri(), unit.deviceId(), unit.secret())) {
            AlarmReport press = device.newAlarm();
            device.send(press);
            callId = press.id();
            assertThat(device.next(Receipt.class, Duration.ofSeconds(5))).isNotNull();
        }
        newerNodeWrites("UPDATE alarm SET kind = 'FALL_DETECTED_V9' WHERE id = '" + callId + "'");

        JsonNode call = admin.get("/api/alarms/" + callId).body();
        assertThat(call.path("kind").asText()).isEqualTo("UNKNOWN");
        assertThat(call.path("problem").asText()).contains("FALL_DETECTED_V9");
        assertThat(admin.get("/api/alarms?state=open").body().toString()).contains(callId);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(metrics())
                .contains("carecall_open_calls{kind=\"UNKNOWN\",state=\"RECEIVED\"} 1"));
    }

    @Test
    void anOrderInAStateAndCategoryANewerNodeWroteIsShownAsUnknownAndAMoveIsRefusedWithThatState() throws Exception {
        String residentId = admin.post("/api/residents", "{\"areaId\":\"" + gridId + "\",\"name\":\"Wu Fang\","
                + "\"riskLevel\":\"HIGH\"}").text("id");
        String orderId = admin.post("/api/work-orders", "{\"residentId\":\"" + residentId + "\",\"category\":\"REPAIR\","
                + "\"note\":\"hall lamp\"}").text("id");
        newerNodeWrites("UPDATE work_order SET state = 'ESCALATED', category = 'PET_CARE' WHERE id = '" + orderId + "'");

        JsonNode order = admin.get("/api/work-orders/" + orderId).body();
        assertThat(order.path("state").asText()).isEqualTo("UNKNOWN");
        assertThat(order.path("category").asText()).isEqualTo("PET_CARE");
        assertThat(admin.get("/api/work-orders?residentId=" + residentId).body().toString()).contains(orderId);
        TestConsole.Answer cancel = admin.post("/api/work-orders/" + orderId + "/cancel", "{\"reason\":\"x\"}");
        assertThat(cancel.status()).isEqualTo(409);
        assertThat(cancel.text("state")).isEqualTo("UNKNOWN");
    }

    @Test
    void aFileWhoseContactHasAFieldANewerNodeWroteIsEditedHereWithoutLosingIt() throws Exception {
        String id = admin.post("/api/residents", "{\"areaId\":\"" + gridId + "\",\"name\":\"张敏\",\"riskLevel\":\"HIGH\","
                + "\"emergencyContacts\":[{\"name\":\"Zhang Wei\",\"relation\":\"son\",\"phone\":\"139 0000 0001\"}]}")
                .text("id");
        newerNodeWrites("UPDATE resident SET contacts_json = '[{\"name\":\"Zhang Wei\",\"relation\":\"son\","
                + "\"phone\":\"139 0000 0001\",\"updates\":false,\"wechat\":\"zhang-wei-88\"}]' WHERE id = '" + id + "'");
        hub.hub().people().community().forget(); // as the newer node's news of the change makes this node do

        JsonNode read = admin.get("/api/residents/" + id).body();
        assertThat(read.path("emergencyContacts").get(0).path("name").asText()).isEqualTo("Zhang Wei");
        ((com.fasterxml.jackson.databind.node.ObjectNode) read).put("room", "2-102");
        TestConsole.Answer edited = admin.put("/api/residents/" + id, read.toString());

        assertThat(edited.status()).isEqualTo(200);
        assertThat(stored("SELECT room || ' ' || contacts_json FROM resident WHERE id = '" + id + "'"))
                .startsWith("2-102 ").contains("\"wechat\":\"zhang-wei-88\"");
    }

    private static void newerNodeWrites(String sql) throws Exception {
        try (Connection connection = hub.connect(); Statement statement = connection.createStatement()) {
            assertThat(statement.executeUpdate(sql)).isEqualTo(1);
        }
    }

    private static String stored(String sql) throws Exception {
        try (Connection connection = hub.connect(); PreparedStatement query = connection.prepareStatement(sql);
             ResultSet rows = query.executeQuery()) {
            return rows.next() ? rows.getString(1) : null;
        }
    }

    private static String metrics() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + hub.hub().httpPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
