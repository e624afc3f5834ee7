package org.carecall.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.carecall.agent.Agent;
import org.carecall.hub.Hub;
import org.carecall.hub.alarm.Alarm;
import org.carecall.hub.community.Community;
import org.carecall.hub.community.Resident;
import org.carecall.hub.device.Device;
import org.carecall.hub.support.TestConsole;
import org.carecall.hub.support.TestDevice;
import org.carecall.hub.support.TestHub;
import org.carecall.hub.support.TestPostgres;
import org.carecall.protocol.AlarmState;
import org.junit.jupiter.api.Test;

/**
 * A community moves from its embedded store to PostgreSQL: the demo's community, with a call still open,
 * is copied by {@code carecall hub copy-store --to ...} (the hub's own main, in a process of its own), and
 * a hub on PostgreSQL then serves the same residents, units and open call, and the units log in with the
 * secrets they had.
 */
class CopyStoreToPostgresTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void theDemoCommunityIsServedFromPostgresWithItsResidentsUnitsSecretsAndOpenCall() throws Exception {
        Path dir = Files.createTempDirectory("carecall-demo-copy-");
        List<String> residents;
        List<String> units;
        String openCall;
        try (Demo demo = Demo.start(dir, 0, 0)) {
            Agent first = demo.units().getFirst();
            await().atMost(WAIT).until(() -> first.link().connected());
            first.board().simulate("call-button", true);
            Thread.sleep(150);
            first.board().simulate("call-button", false);
            await().atMost(WAIT).until(() -> !demo.hub().calls().alarms().openAlarms().isEmpty());
            openCall = demo.hub().calls().alarms().openAlarms().getFirst().id();
            residents = residentNames(demo.hub());
            units = deviceIds(demo.hub());
        }
        String url = TestPostgres.shared().newDatabase();

        String printed = copyStore(dir.resolve("hub"), url);
        System.out.println(printed);

        assertThat(printed).contains("every table's rows counted on both sides").contains("alarm ").contains("resident ");
        try (TestHub onPostgres = TestHub.start(Files.createTempDirectory("carecall-hub-"), Clock.systemUTC(), config -> {
            config.store.url = url;
            config.store.user = TestPostgres.USER;
            config.store.password = TestPostgres.PASSWORD;
        })) {
            Hub hub = onPostgres.hub();
            assertThat(residentNames(hub)).hasSize(6).isEqualTo(residents);
            assertThat(deviceIds(hub)).isEqualTo(units);
            assertThat(hub.calls().alarms().openAlarms()).extracting(Alarm::id).contains(openCall);
            assertThat(hub.calls().alarms().timeline(openCall)).isNotEmpty();
            Properties secrets = new Properties();
            try (var in = Files.newInputStream(dir.resolve("units.properties"))) {
                secrets.load(in);
            }
            for (String unit : secrets.stringPropertyNames()) {
                try (TestDevice device = TestDevice.connect(onPostgres.mqttUri(), unit, secrets.getProperty(unit))) {
                    assertThat(device.connected()).as(unit + " with its old secret").isTrue();
                }
            }
            // Staff log in with the passwords they had: the demo's admin, not the test hub's.
            TestConsole admin = TestConsole.login(hub.httpPort(), "admin", Demo.LOGINS.get("admin"));
            assertThat(admin.get("/api/residents?limit=200").body().path("items")).hasSize(6);
            assertThat(hub.calls().alarms().find(openCall).orElseThrow().state()).isIn(AlarmState.RECEIVED, AlarmState.NOTIFIED);
        }
    }

    /** Runs {@code carecall hub copy-store --to URL} as the launcher does: the hub's main class, its words. */
    private static String copyStore(Path dataDir, String url) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path")), "org.carecall.hub.HubMain", "copy-store", "--to", url)
                .redirectErrorStream(true);
        builder.environment().putAll(Map.of("CARECALL_DATA_DIR", dataDir.toString(), "CARECALL_DB_USER",
                TestPostgres.USER, "CARECALL_DB_PASSWORD", TestPostgres.PASSWORD));
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    private static List<String> residentNames(Hub hub) throws Exception {
        return hub.people().community().residents(Community.Search.all(), 200, 0).stream().map(Resident::name).sorted().toList();
    }

    private static List<String> deviceIds(Hub hub) {
        return new ArrayList<>(hub.units().devices().all().stream().map(Device::id).sorted().toList());
    }
}
