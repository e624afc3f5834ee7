package org.carecall.hub.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Clock;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.carecall.hub.store.Database;
import org.carecall.protocol.message.DeviceConfig;
import org.carecall.protocol.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A unit's config carries its everyday keys as their owners answer: off until answered, a new version
 * only when the answer changed, and never lost when staff change the unit's other settings.
 */
class UnitConfigsTest {
    private static final DeviceConfig.CheckIn TEN = new DeviceConfig.CheckIn(true, LocalTime.of(10, 0));

    private Database database;
    private DeviceRegistry devices;
    private final List<Message> sent = new ArrayList<>();
    private final Map<String, DeviceConfig.CheckIn> plans = new ConcurrentHashMap<>();
    private UnitConfigs configs;
    private String unit;

    @BeforeEach
    void given() throws Exception {
        database = Database.open(Files.createTempDirectory("carecall-unit-configs-"));
        devices = new DeviceRegistry(database, Clock.systemUTC(), 10, 60);
        unit = devices.create("bed-0001", "bed", null).join().deviceId();
        configs = new UnitConfigs(devices, new DeviceLink() {
            @Override
            public synchronized boolean send(String deviceId, Message message) {
                sent.add(message);
                return true;
            }

            @Override
            public boolean connected(String deviceId) {
                return true;
            }
        });
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void withNobodyAnsweringBothKeysAreOffAndNothingIsSent() {
        DeviceConfig now = configs.keysChanged(unit).join();

        assertThat(now.version()).isEqualTo(1);
        assertThat(now.checkInEnabled()).isFalse();
        assertThat(now.serviceKeyEnabled()).isFalse();
        assertThat(sent).isEmpty();
    }

    @Test
    void aChangedAnswerIsANewVersionSentAtOnceAndTheSameAnswerAgainIsNot() {
        configs.answerCheckIn(deviceId -> plans.getOrDefault(deviceId, DeviceConfig.CheckIn.OFF));
        configs.answerServiceKey(deviceId -> deviceId.equals(unit));
        plans.put(unit, TEN);

        DeviceConfig changed = configs.keysChanged(unit).join();
        DeviceConfig again = configs.keysChanged(unit).join();

        assertThat(changed.version()).isEqualTo(2);
        assertThat(changed.checkIn()).isEqualTo(TEN);
        assertThat(changed.serviceKeyEnabled()).isTrue();
        assertThat(again).isEqualTo(changed);
        assertThat(sent).containsExactly(changed);
        assertThat(devices.find(unit).orElseThrow().config()).as("stored, for the unit's next hello").isEqualTo(changed);
    }

    @Test
    void staffChangingTheVoiceKeepTheKeysAsAnswered() {
        configs.answerCheckIn(deviceId -> TEN);
        DeviceConfig before = devices.find(unit).orElseThrow().config();

        // The console's voice route hands in settings that say nothing of the keys.
        DeviceConfig stored = configs.configure(unit, new DeviceConfig(before.version(), before.heartbeatS(),
                before.inactivity(), before.nightDoor(), new DeviceConfig.Feedback("en", 60))).join();

        assertThat(stored.version()).isEqualTo(2);
        assertThat(stored.feedback().voice()).isEqualTo("en");
        assertThat(stored.checkIn()).isEqualTo(TEN);
        assertThat(stored.serviceKeyEnabled()).as("nobody serves the service key").isFalse();
    }

    @Test
    void aCheckInTurnedOffIsSentAsOff() {
        plans.put(unit, TEN);
        configs.answerCheckIn(deviceId -> plans.getOrDefault(deviceId, DeviceConfig.CheckIn.OFF));
        configs.keysChanged(unit).join();

        plans.remove(unit);
        DeviceConfig off = configs.keysChanged(unit).join();

        assertThat(off.version()).isEqualTo(3);
        assertThat(off.checkInEnabled()).isFalse();
    }

    @Test
    void manyChangesAtOnceTakeOneNumberEach() {
        configs.answerServiceKey(deviceId -> true);
        DeviceConfig base = devices.find(unit).orElseThrow().config();
        List<CompletableFuture<DeviceConfig>> writes = new ArrayList<>();
        for (int volume = 0; volume < 20; volume++) {
            writes.add(configs.configure(unit, new DeviceConfig(base.version(), base.heartbeatS(), base.inactivity(),
                    base.nightDoor(), new DeviceConfig.Feedback("zh-CN", volume))));
        }

        assertThat(writes.stream().map(CompletableFuture::join).map(DeviceConfig::version).distinct()).hasSize(20);
        assertThat(devices.find(unit).orElseThrow().config().version()).isEqualTo(21);
    }
}
