package org.carecall.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The two Debian packages on this machine, as a technician would use them: install, register a unit on
 * the hub with the installed command, enrol another with a one-time code and the installed agent's
 * command, run the hub and that (simulated) agent from the installed files as the service user, press
 * the button and see the call stored; then upgrade, remove and purge, and check that
 * the database, the outbox and the configuration are kept as promised. Installing needs root; CI runs as
 * root on a throwaway machine. On a machine that already has CareCall installed the test does nothing.
 */
class DebianPackagesTest {
    private static final Path HUB_DEB = Path.of("../hub-server/target/carecall-hub.deb");
    private static final Path AGENT_DEB = Path.of("../device-agent/target/carecall-agent.deb");
    private static final Path HUB_DATA = Path.of("/var/lib/carecall-hub");
    private static final Path AGENT_DATA = Path.of("/var/lib/carecall-agent");
    private static final Path CONFIG_DIR = Path.of("/etc/carecall");
    private static final String ADMIN_PASSWORD = "packaged-admin-password";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Process> running = new ArrayList<>();

    @BeforeAll
    static void onlyOnAMachineWeMayInstallOn() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "installing packages needs root (CI runs as root)");
        assumeTrue(run("dpkg", "--version").exit() == 0, "dpkg is not here");
        assumeFalse(Files.exists(Path.of("/usr/bin/carecall-hub")) || Files.exists(Path.of("/usr/bin/carecall-agent"))
                || Files.exists(HUB_DATA) || Files.exists(AGENT_DATA), "CareCall is installed here already; not touching it");
    }

    @AfterAll
    static void leaveTheMachineAsItWas() throws Exception {
        if (!"root".equals(System.getProperty("user.name"))) {
            return;
        }
        run("dpkg", "--purge", "carecall-agent", "carecall-hub");
        run("rm", "-rf", HUB_DATA.toString(), AGENT_DATA.toString(), CONFIG_DIR.toString());
        run("userdel", "carecall");
        run("groupdel", "carecall");
    }

    @Test
    void installRunUpgradeRemoveAndPurgeKeepTheCallsAndTheOutbox() throws Exception {
        // Install.
        Result installed = run("dpkg", "--install", HUB_DEB.toString(), AGENT_DEB.toString());
        assertThat(installed.exit()).as(installed.output()).isZero();
        assertThat(Path.of("/usr/bin/carecall-hub")).isExecutable();
        assertThat(Path.of("/usr/share/carecall-agent/carecall-agent.jar")).isRegularFile();
        // The installed agent's own default finds the installed prompts: nothing to make or set by hand.
        Path clips = Path.of(new org.carecall.agent.config.AgentConfig().feedback.clipsDir);
        for (org.carecall.agent.feedback.Voice.Clip clip : org.carecall.agent.feedback.Voice.Clip.values()) {
            assertThat(clips.resolve("zh-CN").resolve(clip.file + ".wav")).isReadable();
            assertThat(clips.resolve("en").resolve(clip.file + ".wav")).isReadable();
        }
        assertThat(Path.of("/lib/systemd/system/carecall-agent.service")).content().contains("User=carecall");
        assertThat(Path.of("/lib/systemd/system/carecall-hub-backup.timer")).content().contains("OnCalendar=");
        assertThat(Path.of("/usr/lib/systemd/system.conf.d/carecall-hardware-watchdog.conf")).content()
                .contains("RuntimeWatchdogSec=");
        assertThat(Path.of("/lib/systemd/system/carecall-agent.service")).content().contains("WatchdogSec=30");
        assertThat(Path.of("/lib/systemd/system/carecall-hub-backup.service")).content()
                .contains("backup --dir /var/lib/carecall-hub/backups").contains("UMask=0077")
                .doesNotContain("--plaintext");
        assertThat(Path.of("/etc/carecall/hub.yaml")).content().as("backups are encrypted for the installation's key")
                .contains("publicKey: /etc/carecall/backup-key.asc");
        assertThat(Path.of("/var/lib/carecall-hub/backups")).isDirectory();
        assertThat(run("id", "carecall").exit()).as("the service user").isZero();
        Path agentConfig = CONFIG_DIR.resolve("agent.yaml");
        assertThat(Files.getOwner(agentConfig).getName()).isEqualTo("carecall");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(agentConfig)))
                .as("it will hold the unit's secret").isEqualTo("rw-------");
        assertThat(Files.getOwner(HUB_DATA).getName()).isEqualTo("carecall");

        // Enrol a unit with the installed command (as root: it runs itself as the service user).
        Result added = run("/usr/bin/carecall-hub", "--config", "/etc/carecall/hub.yaml", "add-device", "bed-deb-1");
        assertThat(added.exit()).as(added.output()).isZero();
        String secret = added.output().lines().filter(line -> line.startsWith("secret ")).findFirst().orElseThrow()
                .substring("secret ".length());
        assertThat(Files.getOwner(HUB_DATA.resolve("carecall-hub.db")).getName()).isEqualTo("carecall");

        // Run both from the installed files; press the button; the call is stored.
        int mqttPort = freePort();
        int httpPort = freePort();
        start(Map.of("CARECALL_MQTT_PORT", "" + mqttPort, "CARECALL_HTTP_PORT", "" + httpPort,
                "CARECALL_MQTT_TLS_PORT", "" + freePort(), "CARECALL_HTTPS_PORT", "" + freePort(),
                "CARECALL_ADMIN_PASSWORD", ADMIN_PASSWORD), "/usr/bin/carecall-hub", "--config", "/etc/carecall/hub.yaml");
        await().atMost(WAIT).ignoreExceptions().until(() -> health(httpPort).path("status").asText().equals("ok"));
        assertThat(secret).isNotBlank();

        // A second unit the technician's way: a one-time code from the hub, typed into the installed command.
        String token = api(httpPort, null, "POST", "/api/session",
                "{\"username\":\"admin\",\"password\":\"" + ADMIN_PASSWORD + "\"}").path("token").asText();
        String deviceId = api(httpPort, token, "POST", "/api/devices", "{\"label\":\"room 1\"}").path("deviceId").asText();
        String code = api(httpPort, token, "POST", "/api/devices/" + deviceId + "/enrolment-code", "").path("code").asText();
        Result enrolled = run("/usr/bin/carecall-agent", "provision", "enrol", "--hub", "127.0.0.1:" + httpPort,
                "--code", code, "--config", agentConfig.toString());
        assertThat(enrolled.exit()).as(enrolled.output()).isZero();
        assertThat(agentConfig).content().contains(deviceId).contains("127.0.0.1:" + mqttPort);
        assertThat(Files.getOwner(agentConfig).getName()).isEqualTo("carecall");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(agentConfig))).isEqualTo("rw-------");
        // No systemd here to start the service, so the unit is started as its service would start it.
        Process agent = start(Map.of(), "/usr/bin/carecall-agent", "agent", "--simulate",
                "--config", agentConfig.toString());
        await().atMost(WAIT).until(() -> health(httpPort).path("devicesConnected").asInt() == 1);
        OutputStream keyboard = agent.getOutputStream();
        keyboard.write("tap call-button\n".getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
        await().atMost(WAIT).until(() -> count(HUB_DATA.resolve("carecall-hub.db"), "alarm") == 1);
        assertThat(Files.getOwner(AGENT_DATA.resolve("outbox.db")).getName()).isEqualTo("carecall");
        stopAll();
        assertThat(count(AGENT_DATA.resolve("outbox.db"), "outbox")).as("the call, kept with the hub's state").isEqualTo(1);

        // Upgrade: a newer version of both, with the configuration edited by hand in between.
        Files.writeString(agentConfig, Files.readString(agentConfig) + "# edited at the unit\n");
        Result upgraded = run("dpkg", "--install", newerVersion(HUB_DEB).toString(), newerVersion(AGENT_DEB).toString());
        assertThat(upgraded.exit()).as(upgraded.output()).isZero();
        assertThat(run("dpkg-query", "-W", "-f", "${Version}", "carecall-hub").output()).isEqualTo("99.0.0");
        assertThat(count(HUB_DATA.resolve("carecall-hub.db"), "alarm")).isEqualTo(1);
        assertThat(count(AGENT_DATA.resolve("outbox.db"), "outbox")).isEqualTo(1);
        assertThat(agentConfig).content().endsWith("# edited at the unit\n");

        // Remove: the programs go, the data and the configuration stay.
        Result removed = run("dpkg", "--remove", "carecall-agent", "carecall-hub");
        assertThat(removed.exit()).as(removed.output()).isZero();
        assertThat(Path.of("/usr/bin/carecall-hub")).doesNotExist();
        assertThat(Path.of("/usr/share/carecall-agent/carecall-agent.jar")).doesNotExist();
        assertThat(agentConfig).exists();
        assertThat(count(HUB_DATA.resolve("carecall-hub.db"), "alarm")).isEqualTo(1);

        // Purge: the configuration (with the unit's secret) goes; the record of calls and the outbox stay.
        Result purged = run("dpkg", "--purge", "carecall-agent", "carecall-hub");
        assertThat(purged.exit()).as(purged.output()).isZero();
        assertThat(agentConfig).doesNotExist();
        assertThat(CONFIG_DIR.resolve("hub.yaml")).doesNotExist();
        assertThat(count(HUB_DATA.resolve("carecall-hub.db"), "alarm")).isEqualTo(1);
        assertThat(AGENT_DATA.resolve("outbox.db")).exists();
    }

    private Process start(Map<String, String> env, String... command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Files.createTempFile("carecall-packaged-", ".log").toFile());
        builder.environment().putAll(env);
        // The installed launcher finds a Java 21+ itself; point it at the one running this test.
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        running.add(process);
        return process;
    }

    /** Stops every started program as systemd would (SIGTERM) and waits for each to exit. */
    private void stopAll() throws InterruptedException {
        for (Process process : running.reversed()) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s of SIGTERM").isTrue();
        }
        running.clear();
    }

    private static JsonNode health(int httpPort) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + httpPort + "/healthz")).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    /** One call to the installed hub's API; the answer's JSON body. */
    private static JsonNode api(int httpPort, String token, String method, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .method(method, HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isBetween(200, 299);
        return JSON.readTree(response.body());
    }

    private static int count(Path database, String table) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:file:" + database + "?mode=ro");
             ResultSet rows = connection.createStatement().executeQuery("SELECT count(*) FROM " + table)) {
            return rows.getInt(1);
        }
    }

    /** The same package with a higher version, as the next release would be. */
    private static Path newerVersion(Path deb) throws Exception {
        Path tree = Files.createTempDirectory("carecall-deb-");
        assertThat(run("dpkg-deb", "--raw-extract", deb.toString(), tree.toString()).exit()).isZero();
        Path control = tree.resolve("DEBIAN/control");
        Files.writeString(control, Files.readString(control).replaceFirst("(?m)^Version: .*$", "Version: 99.0.0"));
        Path newer = tree.resolveSibling(tree.getFileName() + ".deb");
        Result built = run("dpkg-deb", "--build", tree.toString(), newer.toString());
        assertThat(built.exit()).as(built.output()).isZero();
        return newer;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private record Result(int exit, String output) {
    }

    private static Result run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within 120 s");
        }
        return new Result(process.exitValue(), output);
    }
}
