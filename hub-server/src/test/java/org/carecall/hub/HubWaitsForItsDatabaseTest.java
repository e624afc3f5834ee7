package org.carecall.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.carecall.hub.support.TestPostgres;
import org.junit.jupiter.api.Test;

/**
 * A hub started while its PostgreSQL server is down: it neither exits nor half starts. It waits, says why,
 * answers /healthz with 503 and opens no MQTT port (so no unit is acknowledged), and starts by itself
 * once the server is up.
 */
class HubWaitsForItsDatabaseTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void anUnreachableDatabaseIsWaitedForWithHealthz503AndNoMqttThenTheHubStarts() throws Exception {
        try (TestPostgres postgres = TestPostgres.start()) {
            String url = postgres.newDatabase();
            postgres.stop();
            int http = freePort();
            int mqtt = freePort();
            Path data = Files.createTempDirectory("carecall-wait-");
            Path log = data.resolve("hub.log");
            ProcessBuilder builder = new ProcessBuilder(List.of(ProcessHandle.current().info().command().orElse("java"),
                    "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                    "org.carecall.hub.HubMain")).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(java.util.Map.of("CARECALL_DATA_DIR", data.resolve("hub").toString(),
                    "CARECALL_HTTP_PORT", String.valueOf(http), "CARECALL_MQTT_PORT", String.valueOf(mqtt),
                    "CARECALL_MQTT_TLS_PORT", "0", "CARECALL_HTTPS_PORT", "0", "CARECALL_DB_URL", url, "CARECALL_DB_USER", TestPostgres.USER,
                    "CARECALL_DB_PASSWORD", TestPostgres.PASSWORD, "CARECALL_ADMIN_PASSWORD", "admin-password-1"));
            Process hub = builder.start();
            try {
                await().atMost(WAIT).until(() -> healthz(http) == 503);
                assertThat(Files.readString(log)).contains("cannot use the PostgreSQL database at "
                        + url.substring("jdbc:postgresql://".length()) + ": nothing answers there")
                        .contains("trying again in").doesNotContain("hub running");
                assertThat(listening(mqtt)).as("no MQTT port while the store cannot be reached").isFalse();
                assertThat(hub.isAlive()).isTrue();

                postgres.startAgain();

                await().atMost(WAIT).until(() -> healthz(http) == 200);
                assertThat(listening(mqtt)).isTrue();
                assertThat(Files.readString(log)).contains("CareCall hub running");
            } finally {
                hub.destroyForcibly().waitFor();
            }
        }
    }

    private static int healthz(int port) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/healthz")).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
