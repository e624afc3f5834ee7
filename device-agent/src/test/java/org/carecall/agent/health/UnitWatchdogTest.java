package org.carecall.agent.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.carecall.agent.Agent;
import org.carecall.agent.support.TestAgents;
import org.carecall.hub.device.DeviceRegistry;
import org.junit.jupiter.api.Test;

/**
 * The agent on mock pins under a stand-in for systemd-notify (a script that writes down what it was told):
 * it says READY=1, pings while its loop thread answers, and stops pinging while the loop is stuck.
 */
class UnitWatchdogTest {

    @Test
    void aStuckLoopThreadStopsThePingsAndTheyComeBackWhenItMovesAgain() throws Exception {
        Path dir = Files.createTempDirectory("carecall-notify-");
        Path told = dir.resolve("told.txt");
        Path notify = dir.resolve("systemd-notify");
        Files.writeString(notify, "#!/bin/sh\necho \"$2\" >> " + told + "\n");
        Files.setPosixFilePermissions(notify, PosixFilePermissions.fromString("rwxr-xr-x"));
        Agent agent = Agent.start(TestAgents.config(new DeviceRegistry.Enrolled("bed-0001", "not-needed-here"),
                TestAgents.freePort()), Clock.systemUTC());
        CountDownLatch release = new CountDownLatch(1);
        try (UnitWatchdog watchdog = new UnitWatchdog(notify.toString(), () -> agent.onLoop(() -> agent.outbox().pending()))) {
            watchdog.start(Map.of("NOTIFY_SOCKET", "/run/systemd/notify", "WATCHDOG_USEC", "900000"));
            await().atMost(Duration.ofSeconds(10)).until(() -> pings(told) >= 3);
            assertThat(lines(told).getFirst()).isEqualTo("READY=1");

            Thread.ofPlatform().start(() -> agent.onLoop(() -> {
                release.await(); // the loop thread is stuck
                return null;
            }));
            Thread.sleep(700); // a check that began before the stall may still ping
            long stuck = pings(told);
            Thread.sleep(1500);
            assertThat(pings(told)).as("no ping while the loop is stuck").isEqualTo(stuck);

            release.countDown();
            await().atMost(Duration.ofSeconds(5)).until(() -> pings(told) > stuck);
        } finally {
            release.countDown();
            agent.close();
        }
    }

    private static List<String> lines(Path file) throws Exception {
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    private static long pings(Path file) throws Exception {
        return lines(file).stream().filter("WATCHDOG=1"::equals).count();
    }
}
