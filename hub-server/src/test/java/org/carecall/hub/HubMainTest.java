package org.carecall.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.carecall.hub.audit.AuditLog;
import org.carecall.hub.support.TestConsole;
import org.carecall.hub.support.TestHub;
import org.carecall.hub.support.TestLiveConsole;
import org.junit.jupiter.api.Test;

/** The hub's command line and first start, as an operator meets them. */
class HubMainTest {

    @Test
    void aFirstStartOnABusyPortCreatesNothingAndNamesThePortThePartAndTheSetting() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Path data = Files.createTempDirectory("carecall-main-");
            Result started = hubMain(Map.of("CARECALL_DATA_DIR", data.toString(), "CARECALL_MQTT_PORT", "0",
                    "CARECALL_MQTT_TLS_PORT", "0", "CARECALL_HTTPS_PORT", "0", "CARECALL_HTTP_PORT", String.valueOf(taken.getLocalPort())));

            assertThat(started.exit()).isEqualTo(1);
            assertThat(started.output()).contains("carecall hub: cannot start: port " + taken.getLocalPort()
                    + " (HTTP for the console) is in use").contains("http.port or CARECALL_HTTP_PORT")
                    .doesNotContain("Exception").doesNotContain("created the first account");
            try (var left = Files.list(data)) {
                assertThat(left).as("nothing created: no database, no account nobody knows the password of").isEmpty();
            }
        }
    }

    @Test
    void aGeneratedAdminPasswordWaitsInAPrivateFileUntilTheFirstLoginChangesIt() throws Exception {
        try (TestHub hub = TestHub.start(config -> config.console.adminPassword = null)) {
            String generated = hub.hub().firstAdminPassword().orElseThrow();
            Path file = hub.hub().adminPasswordFile();
            assertThat(file).content().isEqualToIgnoringNewLines(generated);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

            TestConsole.Answer login = TestConsole.anonymous(hub.hub().httpPort()).post("/api/session",
                    "{\"username\":\"admin\",\"password\":\"" + generated + "\"}");
            assertThat(login.body().path("mustChangePassword").asBoolean()).isTrue();
            TestConsole admin = TestConsole.withToken(hub.hub().httpPort(), login.text("token"));
            assertThat(admin.post("/api/me/password", "{\"current\":\"wrong-one-here\",\"new\":\"my-own-password-1\"}")
                    .status()).isEqualTo(403);
            assertThat(file).exists();
            assertThat(admin.post("/api/me/password", "{\"current\":\"" + generated + "\",\"new\":\"my-own-password-1\"}")
                    .status()).isEqualTo(200);

            assertThat(file).doesNotExist();
            TestConsole.Answer again = TestConsole.anonymous(hub.hub().httpPort()).post("/api/session",
                    "{\"username\":\"admin\",\"password\":\"my-own-password-1\"}");
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.body().path("mustChangePassword").asBoolean()).isFalse();
        }
    }

    @Test
    void resetAdminPasswordLetsTheAdminInAgainOnARunningHubAndIsAudited() throws Exception {
        try (TestHub hub = TestHub.start(config -> { })) {
            TestConsole before = hub.admin();
            Result reset = hubMain(storeOf(hub), "reset-admin-password");
            assertThat(reset.exit()).as(reset.output()).isZero();
            String password = Files.readString(hub.hub().adminPasswordFile()).strip();
            assertThat(reset.output()).contains(password).contains("the first login must change it");

            TestConsole.Answer login = TestConsole.anonymous(hub.hub().httpPort()).post("/api/session",
                    "{\"username\":\"admin\",\"password\":\"" + password + "\"}");
            assertThat(login.status()).as("the running hub takes the new password").isEqualTo(200);
            assertThat(login.body().path("mustChangePassword").asBoolean()).isTrue();
            assertThat(TestConsole.anonymous(hub.hub().httpPort()).post("/api/session", "{\"username\":\"admin\","
                    + "\"password\":\"" + TestHub.ADMIN_PASSWORD + "\"}").status()).as("the old one is gone").isEqualTo(401);
            assertThat(hub.hub().people().audit().recent(null, 20)).extracting(AuditLog.Entry::event).contains("password.reset");
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(before.get("/api/audit").status())
                    .as("the session opened before the reset has ended").isEqualTo(401));

            Map<String, String> env = new java.util.HashMap<>(storeOf(hub));
            env.put("CARECALL_ADMIN_PASSWORD", "chosen-by-operator-1");
            Result chosen = hubMain(env, "reset-admin-password");
            assertThat(chosen.exit()).as(chosen.output()).isZero();
            assertThat(TestConsole.anonymous(hub.hub().httpPort()).post("/api/session", "{\"username\":\"admin\","
                    + "\"password\":\"chosen-by-operator-1\"}").body().path("mustChangePassword").asBoolean()).isFalse();
        }
    }

    @Test
    void logoutEverywhereOnTheCommandLineEndsTheSessionsAndConsolesOfARunningHub() throws Exception {
        try (TestHub hub = TestHub.start(config -> { })) {
            TestConsole admin = hub.admin();
            try (TestLiveConsole live = new TestLiveConsole(hub.hub().httpPort())) {
                live.auth(admin.token());
                assertThat(live.next("ready", Duration.ofSeconds(5))).isNotNull();

                Result out = hubMain(storeOf(hub), "logout-everywhere", "admin");

                assertThat(out.exit()).as(out.output()).isZero();
                assertThat(out.output()).contains("1 session(s) ended");
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(admin.get("/api/me").status())
                        .isEqualTo(401));
                await().atMost(Duration.ofSeconds(5)).until(live::closed);
                assertThat(hubMain(storeOf(hub), "logout-everywhere", "nobody")
                        .exit()).isEqualTo(2);
            }
        }
    }

    @Test
    void theHelpOfTheLauncherAndOfTheHubNamesEveryVariable() throws Exception {
        Process launcher = new ProcessBuilder("bash", "../carecall", "help").redirectErrorStream(true).start();
        assertThat(launcher.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String launcherHelp = new String(launcher.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String hubHelp = hubMain(Map.of(), "help").output();

        for (String variable : org.carecall.protocol.settings.Variables.all()) {
            assertThat(launcherHelp).as("./carecall help").contains(variable);
        }
        for (String variable : org.carecall.protocol.settings.Variables.HUB.keySet()) {
            assertThat(hubHelp).as("carecall hub help").contains(variable);
        }
        assertThat(launcherHelp).contains("reset-admin-password").contains("add-device");
        assertThat(hubHelp).contains("reset-admin-password").contains("add-device").contains("logout-everywhere");
        assertThat(launcherHelp).contains("logout-everywhere");
    }

    @Test
    void withoutABackupKeyNothingIsWrittenAndTheHubSaysHowToMakeOneAndTheAuditChainIsChecked() throws Exception {
        Path data = Files.createTempDirectory("carecall-main-");
        Path backup = data.resolve("backup.db");
        org.carecall.hub.store.Database.open(data).close();

        Result refused = hubMain(Map.of("CARECALL_DATA_DIR", data.toString()), "backup", backup.toString());
        Result verified = hubMain(Map.of("CARECALL_DATA_DIR", data.toString()), "audit", "verify");

        assertThat(refused.exit()).as(refused.output()).isEqualTo(2);
        assertThat(refused.output()).contains("gpg --quick-generate-key").contains("CARECALL_BACKUP_PUBLIC_KEY")
                .contains("--plaintext");
        assertThat(backup).doesNotExist();
        assertThat(verified.exit()).as(verified.output()).isZero();
        assertThat(verified.output()).contains("the audit trail is whole");
    }

    private record Result(int exit, String output) {
    }

    /** The variables that point the command line at this hub's store: its data directory, and its database if any. */
    private static Map<String, String> storeOf(TestHub hub) {
        Map<String, String> env = new java.util.HashMap<>(Map.of("CARECALL_DATA_DIR", hub.dataDir().toString()));
        var store = hub.hub().config().store;
        if (store.url != null) {
            env.put("CARECALL_DB_URL", store.url);
            if (store.user != null) {
                env.put("CARECALL_DB_USER", store.user);
            }
            if (store.password != null) {
                env.put("CARECALL_DB_PASSWORD", store.password);
            }
        }
        return env;
    }

    /** The hub's command line in a JVM of its own, with these environment variables. */
    private static Result hubMain(Map<String, String> env, String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new java.util.ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                classpath, HubMain.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the command ended by itself").isTrue();
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
