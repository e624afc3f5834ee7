package org.carecall.hub.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.staff.Role;
import org.carecall.hub.support.TestDevice;
import org.carecall.hub.support.TestHub;
import org.carecall.protocol.message.Receipt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HealthAndMetricsTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private TestHub hub;

    @BeforeEach
    void start() throws Exception {
        hub = TestHub.start();
    }

    @AfterEach
    void stop() throws Exception {
        hub.close();
    }

    @Test
    void healthSaysOkWhileTheStoreCommits() throws Exception {
        HttpResponse<String> response = get("/healthz");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\":\"ok\"").contains("\"devicesConnected\":0");
    }

    @Test
    void metricsCountAlarmsConnectionsLatencyAndRefusals() throws Exception {
        DeviceRegistry.Enrolled unit = hub.enrol("bed-0001");
        assertThatThrownBy(() -> TestDevice.connect(hub.mqttUri(), unit.deviceId(), "wrong")).isNotNull();
        try (TestDevice device = TestDevice.connect(hub.mqttUri(), unit.deviceId(), unit.secret())) {
            device.send(device.newAlarm());
            assertThat(device.next(Receipt.class, Duration.ofSeconds(5))).isNotNull();

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                String metrics = get("/metrics").body();
                assertThat(metrics).contains("carecall_alarms_received_total{kind=\"CALL_BUTTON\"} 1");
                assertThat(metrics).contains("carecall_devices_connected 1");
                assertThat(metrics).contains("carecall_alarm_receipt_seconds_count 1");
                assertThat(metrics).contains("carecall_refused_total{reason=\"connect.bad-secret\"} 1");
                assertThat(metrics).contains("carecall_store_healthy 1");
            });
        }
    }

    @Test
    void metricsNeedTheScrapeTokenWhenAProxyForwardedTheRequest() throws Exception {
        String token = Files.readString(hub.hub().metricsTokenFile()).strip();

        HttpResponse<String> forwarded = get("/metrics", "X-Forwarded-For", "203.0.113.9");
        HttpResponse<String> wrong = get("/metrics", "Authorization", "Bearer not-the-token");
        HttpResponse<String> withToken = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + hub.hub().httpPort() + "/metrics")).header("X-Forwarded-For", "203.0.113.9")
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(forwarded.statusCode()).isEqualTo(401);
        assertThat(forwarded.body()).doesNotContain("carecall_");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(withToken.statusCode()).isEqualTo(200);
        assertThat(withToken.body()).contains("carecall_store_healthy 1");
    }

    @Test
    void healthSaysUnhealthyWithoutTheFailuresText() throws Exception {
        // Locking the whole store from outside is SQLite's BEGIN EXCLUSIVE; what /healthz says does not depend
        // on the engine, and a PostgreSQL hub cut off from its database is NodeCutOffFromTheDatabaseTest's.
        assumeTrue(TestHub.STORE.equals("sqlite"), "the store is locked from outside only on SQLite");
        try (Connection lock = hub.connect(); Statement statement = lock.createStatement()) {
            statement.execute("BEGIN EXCLUSIVE"); // every write of the hub now fails: the store is locked
            hub.hub().people().staff().create("blocked", "Blocked", Role.DUTY, null, null, "blocked-password-1");

            await().atMost(Duration.ofSeconds(30)).until(() -> get("/healthz").statusCode() == 503);
            HttpResponse<String> response = get("/healthz");
            statement.execute("ROLLBACK");

            assertThat(response.body()).contains("\"status\":\"unhealthy\"").doesNotContainIgnoringCase("locked")
                    .doesNotContainIgnoringCase("sqlite").doesNotContain("Exception");
        }
    }

    @Test
    void anUnknownPathIsAJsonNotFound() throws Exception {
        HttpResponse<String> response = get("/nothing-here");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(type -> assertThat(type).contains("json"));
        assertThat(response.body()).contains("\"error\":\"not-found\"");
    }

    private HttpResponse<String> get(String path, String header, String value) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.hub().httpPort() + path))
                .header(header, value).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.hub().httpPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
