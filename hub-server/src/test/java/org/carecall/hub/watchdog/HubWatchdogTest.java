package org.carecall.hub.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.carecall.hub.HubMain;
import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.junit.jupiter.api.Test;

/**
 * The hub under a test supervisor that does what systemd does with Type=notify and WatchdogSec: it
 * listens on a notify socket, waits for READY=1, expects WATCHDOG=1 within every interval, and kills and
 * restarts the hub when one does not come. The store writer is stalled on purpose (another process holds
 * the database's write lock), so the hub stops pinging and is restarted, and comes back READY.
 */
class HubWatchdogTest {
    private static final long INTERVAL_MS = 3000;

    @Test
    void aHubWhoseStoreWriterStallsStopsPingingAndIsRestarted() throws Exception {
        Path dir = Files.createTempDirectory("carecall-notify-");
        Path data = Files.createTempDirectory("carecall-watchdog-");
        Path socketFile = dir.resolve("notify.sock");
        try (AFUNIXDatagramSocket notify = AFUNIXDatagramSocket.newInstance()) {
            notify.bind(AFUNIXSocketAddress.of(socketFile));
            Process hub = start(data, socketFile);
            Process restarted = null;
            try {
                assertThat(next(notify, 60_000)).as("the hub says it is ready").startsWith("READY=1");
                assertThat(next(notify, INTERVAL_MS)).isEqualTo("WATCHDOG=1");
                assertThat(next(notify, INTERVAL_MS)).isEqualTo("WATCHDOG=1");

                try (Connection holder = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("carecall-hub.db"));
                     Statement statement = holder.createStatement()) {
                    statement.execute("BEGIN EXCLUSIVE"); // the store writer now waits on its lock
                    drain(notify);
                    String heard = next(notify, INTERVAL_MS);
                    assertThat(heard).as("no ping for a whole interval while the writer is stuck").isNull();

                    // As systemd does on a missed watchdog: kill it, start it again.
                    hub.destroyForcibly().waitFor();
                    statement.execute("ROLLBACK");
                }
                restarted = start(data, socketFile);
                assertThat(next(notify, 60_000)).as("the restarted hub is ready").startsWith("READY=1");
                assertThat(next(notify, INTERVAL_MS)).isEqualTo("WATCHDOG=1");
            } finally {
                hub.destroyForcibly();
                if (restarted != null) {
                    restarted.destroyForcibly().waitFor();
                }
            }
        }
    }

    private static Process start(Path data, Path socket) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                classpath, HubMain.class.getName())).redirectErrorStream(true)
                .redirectOutput(data.resolveSibling(data.getFileName() + ".log").toFile());
        builder.environment().putAll(Map.of("CARECALL_DATA_DIR", data.toString(), "CARECALL_MQTT_PORT", "0",
                "CARECALL_MQTT_TLS_PORT", "0", "CARECALL_HTTPS_PORT", "0", "CARECALL_HTTP_PORT", "0", "CARECALL_ADMIN_PASSWORD",
                "admin-password-for-tests", "NOTIFY_SOCKET", socket.toString(), "WATCHDOG_USEC",
                String.valueOf(INTERVAL_MS * 1000)));
        return builder.start();
    }

    /** The next message on the notify socket, or null if none came in time. */
    private static String next(AFUNIXDatagramSocket socket, long timeoutMs) throws Exception {
        byte[] buffer = new byte[4096];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        socket.setSoTimeout((int) timeoutMs);
        try {
            socket.receive(packet);
            return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
        } catch (SocketTimeoutException e) {
            return null;
        }
    }

    /** Pings sent before the stall took hold. */
    private static void drain(AFUNIXDatagramSocket socket) throws Exception {
        while (next(socket, INTERVAL_MS / 2) != null) {
            // a ping from a check that began before the lock
        }
    }
}
