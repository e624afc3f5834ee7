package org.carecall.hub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.PosixFilePermissions;
import org.carecall.hub.support.BackupKeys;
import org.carecall.hub.support.TestCommunity;
import org.carecall.hub.support.TestConsole;
import org.carecall.hub.support.TestDevice;
import org.carecall.hub.support.TestHub;
import org.carecall.protocol.message.Receipt;
import org.junit.jupiter.api.Test;

/**
 * Backups of a running hub and restores onto a stopped one: a backup taken in the middle of a storm of
 * presses holds every call that was RECEIVED before it began, and a restore refuses what would do harm.
 */
class BackupTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void aBackupTakenDuringAStormRestoresEveryCallReceivedBeforeItBegan() throws Exception {
        Path backup = Files.createTempDirectory("carecall-backup-").resolve("hub.db");
        Set<String> received = ConcurrentHashMap.newKeySet();
        Set<String> receivedBeforeBackup;
        int stored;
        try (TestHub hub = TestHub.start(config -> { // one unit pressing as fast as it can: no flood limit
            config.limits.messageBurst = 100_000;
            config.limits.messagesPerSecond = 100_000;
        })) {
            TestCommunity community = TestCommunity.create(hub.hub());
            AtomicBoolean pressing = new AtomicBoolean(true);
            try (TestDevice unit = community.connectUnit()) {
                // Presses go out without waiting for their receipts; a second thread collects the RECEIVED ones.
                Thread storm = Thread.ofPlatform().start(() -> {
                    try {
                        for (int i = 0; i < 3000 && pressing.get(); i++) { // bounded: at most 3,000 presses
                            unit.send(unit.newAlarm());
                            Thread.sleep(1);
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                Thread receipts = Thread.ofPlatform().start(() -> {
                    try {
                        while (storm.isAlive() || received.size() < 1) {
                            Receipt receipt = unit.receipt(Duration.ofMillis(500), org.carecall.protocol.AlarmState.RECEIVED);
                            if (receipt != null) {
                                received.add(receipt.alarmId());
                            }
                        }
                        for (Receipt late; (late = unit.receipt(Duration.ofSeconds(2),
                                org.carecall.protocol.AlarmState.RECEIVED)) != null; ) {
                            received.add(late.alarmId());
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                while (received.size() < 300) {
                    Thread.sleep(5);
                }
                receivedBeforeBackup = Set.copyOf(received);
                Backup.copy(hub.dataDir(), backup, null); // while the presses go on
                Thread.sleep(300); // and on, after it
                pressing.set(false);
                storm.join();
                receipts.join();
            }
            stored = hub.hub().calls().alarms().count(false, java.util.EnumSet.allOf(org.carecall.protocol.AlarmKind.class));
        }
        assertThat(received.size()).as("presses went on during the backup").isGreaterThan(receivedBeforeBackup.size());

        Path restored = Files.createTempDirectory("carecall-restored-");
        Backup.restore(restored, backup, null, new char[0], Clock.systemUTC());
        try (TestHub again = TestHub.start(restored, Clock.systemUTC(), config -> { })) {
            for (String id : receivedBeforeBackup) {
                assertThat(again.hub().calls().alarms().countById(id)).as("call " + id).isEqualTo(1);
            }
            int inBackup = again.hub().calls().alarms().count(false, java.util.EnumSet.allOf(org.carecall.protocol.AlarmKind.class));
            assertThat(inBackup).isBetween(receivedBeforeBackup.size(), stored);
            System.out.printf("backup: %d calls RECEIVED before it began, %d in the backup, %d stored by the end%n",
                    receivedBeforeBackup.size(), inBackup, stored);
        }
    }

    @Test
    void aBackupIsEncryptedForTheInstallationsKeyAndOnlyItsPrivateKeyRestoresItWithEverySessionEnded() throws Exception {
        Path keys = Files.createTempDirectory("carecall-keys-");
        BackupKeys installation = BackupKeys.make(keys, "carecall-backups");
        BackupKeys stranger = BackupKeys.make(keys, "someone-else");
        Path backup = Files.createTempDirectory("carecall-backup-").resolve("hub" + Backup.SEALED);
        String zhang;
        String token;
        try (TestHub hub = TestHub.start()) {
            zhang = TestCommunity.create(hub.hub()).zhang().id(); // Zhang Min, insulin at 8:00
            token = hub.admin().token();
            Backup.copy(hub.dataDir(), backup, installation.publicKey());
        }

        String bytes = new String(Files.readAllBytes(backup), StandardCharsets.ISO_8859_1);
        assertThat(bytes).doesNotContain("Zhang Min").doesNotContain("insulin").doesNotContain("SQLite format");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backup))).isEqualTo("rw-------");
        assertThat(backup.getParent()).isDirectoryNotContaining(file -> !file.equals(backup)); // no plain copy left

        Path restored = Files.createTempDirectory("carecall-restored-");
        assertThatThrownBy(() -> Backup.restore(restored, backup, null, new char[0], Clock.systemUTC()))
                .isInstanceOf(IOException.class).hasMessageContaining("--key");
        assertThatThrownBy(() -> Backup.restore(restored, backup, stranger.privateKey(), new char[0], Clock.systemUTC()))
                .isInstanceOf(IOException.class).hasMessageContaining("is not the one");
        assertThat(restored.resolve(Backup.STORE)).doesNotExist();
        assertThat(restored.resolve(Backup.STORE + ".restoring")).doesNotExist();

        Backup.restore(restored, backup, installation.privateKey(), new char[0], Clock.systemUTC());

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(restored.resolve(Backup.STORE))))
                .isEqualTo("rw-------");
        try (TestHub again = TestHub.start(restored, Clock.systemUTC(), config -> { })) {
            assertThat(again.hub().people().community().resident(zhang).orElseThrow().healthNotes()).isEqualTo("insulin at 8:00");
            assertThat(TestConsole.withToken(again.hub().httpPort(), token).get("/api/me").status())
                    .as("a session from before the backup").isEqualTo(401);
            assertThat(again.admin().get("/api/me").status()).isEqualTo(200);
        }
    }

    @Test
    void aRestoreIsRefusedUnderARunningHubAndForAFileThatIsNotAHubStore() throws Exception {
        Path junk = Files.createTempFile("carecall-junk-", ".db");
        Files.writeString(junk, "not a database");
        try (TestHub running = TestHub.start()) {
            Path backup = Files.createTempDirectory("carecall-backup-").resolve("hub.db");
            Backup.copy(running.dataDir(), backup, null);

            assertThatThrownBy(() -> Backup.restore(running.dataDir(), backup, null, new char[0], Clock.systemUTC()))
                    .isInstanceOf(IOException.class).hasMessageContaining("a hub is running");
            assertThatThrownBy(() -> Backup.restore(Files.createTempDirectory("carecall-x-"), junk, null, new char[0], Clock.systemUTC()))
                    .isInstanceOf(IOException.class).hasMessageContaining("not");
            assertThatThrownBy(() -> Backup.copy(running.dataDir(), backup, null))
                    .isInstanceOf(IOException.class).hasMessageContaining("never overwrites");
        }
    }

    @Test
    void aSecondHubOnTheSameDataDirectoryIsRefused() throws Exception {
        try (TestHub first = TestHub.start()) {
            assertThatThrownBy(() -> TestHub.start(first.dataDir(), Clock.systemUTC(), config -> { }))
                    .hasMessageContaining("another hub is running");
        }
    }
}
