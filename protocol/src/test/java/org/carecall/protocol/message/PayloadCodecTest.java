package org.carecall.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.carecall.protocol.AlarmKind;
import org.carecall.protocol.AlarmState;
import org.carecall.protocol.Channel;
import org.carecall.protocol.CommandName;
import org.carecall.protocol.EventKind;
import org.carecall.protocol.MessageIds;
import org.carecall.protocol.PowerSource;
import org.carecall.protocol.ProtocolException;
import org.junit.jupiter.api.Test;

class PayloadCodecTest {
    private static final Instant AT = Instant.parse("2026-11-22T08:15:30.125Z");
    private final PayloadCodec codec = new PayloadCodec();

    @Test
    void everyMessageTypeSurvivesARoundTrip() throws ProtocolException {
        String id = MessageIds.next();
        List<Message> messages = List.of(
                new Hello("0.4.0", "rpi4b", "boot-1", 7, 2, AT),
                new AlarmReport(id, AlarmKind.PULL_CORD, "pull-cord", AT, 42, 1, false, null),
                new AlarmReport(MessageIds.next(), AlarmKind.CALL_BUTTON, null, AT, 43, 2, false, id),
                new Cancel(id, AT),
                new DeviceEvent(id, EventKind.DOOR_OPEN, "door-1", AT),
                new Heartbeat(AT, 86_400, "0.4.0", 7, 0, PowerSource.BATTERY, 81, 47.5, -61, AT),
                new Heartbeat(AT, 1, null, null, null, null, null, null, null, null),
                new CommandResult(id, false, Map.of("inputs", "call-button stuck", "outbox", 3)),
                new Receipt(id, AlarmState.ACKNOWLEDGED, AT, "王丽", "on my way", null),
                Receipt.of(id, AlarmState.RECEIVED, AT),
                Receipt.of(id, AlarmState.NOTIFIED, AT, true),
                new DeviceConfig(7, 60,
                        new DeviceConfig.Inactivity(true, 12, LocalTime.of(7, 0), LocalTime.of(22, 0)),
                        new DeviceConfig.NightDoor(true, LocalTime.of(23, 0), LocalTime.of(6, 0)),
                        new DeviceConfig.Feedback("zh-CN", 80)),
                new DeviceConfig(8, 60, null, null, null, new DeviceConfig.CheckIn(true, LocalTime.of(10, 0)),
                        new DeviceConfig.ServiceKey(true)),
                new Hello("0.5.0", "rpi4b", "boot-2", 8, 0, AT, List.of(Hello.CHECK_IN_KEY, Hello.SERVICE_KEY)),
                new DeviceEvent(id, EventKind.CHECK_IN, "check-in-key", AT),
                new Command(id, CommandName.SPEAK, new Speak(org.carecall.protocol.SpokenPrompt.SERVICE_ASSIGNED,
                        "王丽").args()),
                new Command(id, CommandName.TEST_CALL, Map.of()));

        for (Message message : messages) {
            byte[] payload = codec.encode(message);
            assertThat(codec.decode(message.channel(), payload)).as(message.channel().suffix()).isEqualTo(message);
        }
    }

    @Test
    void encodedPayloadsCarryTheVersionAndMillisecondUtcTimes() {
        String json = codec.encodeToString(new Cancel("01JDB6Y8Q3K5W9Z2N4P6R8T0VX", Instant.parse("2026-11-22T08:15:30Z")));

        assertThat(json).isEqualTo("{\"v\":1,\"alarmId\":\"01JDB6Y8Q3K5W9Z2N4P6R8T0VX\",\"at\":\"2026-11-22T08:15:30.000Z\"}");
    }

    @Test
    void absentOptionalFieldsAreLeftOutRatherThanSentAsNull() {
        String json = codec.encodeToString(Receipt.of("01JDB6Y8Q3K5W9Z2N4P6R8T0VX", AlarmState.RECEIVED, AT));

        assertThat(json).doesNotContain("null").doesNotContain("\"by\"");
        assertThat(json).as("an older unit is never sent a flag it does not know, unless it is set")
                .doesNotContain("unreached");
    }

    @Test
    void aCallThatReachedNobodySaysSoAndAnOlderHubsReceiptReadsAsReached() throws ProtocolException {
        String json = codec.encodeToString(Receipt.of("01JDB6Y8Q3K5W9Z2N4P6R8T0VX", AlarmState.NOTIFIED, AT, true));
        byte[] older = "{\"v\":1,\"alarmId\":\"01JDB6Y8Q3K5W9Z2N4P6R8T0VX\",\"state\":\"NOTIFIED\",\"at\":\"2026-11-22T08:15:30.125Z\"}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);

        assertThat(json).contains("\"unreached\":true");
        assertThat(codec.decode(Receipt.class, older).unreached()).isFalse();
    }

    @Test
    void theEverydayKeysAreOffWhenTheConfigDoesNotMentionThem() throws ProtocolException {
        DeviceConfig older = codec.decode(DeviceConfig.class, "{\"v\":1,\"version\":3,\"heartbeatS\":60}"
                .getBytes(StandardCharsets.UTF_8));
        DeviceConfig keys = older.withKeys(new DeviceConfig.CheckIn(true, LocalTime.of(9, 30)), DeviceConfig.ServiceKey.OFF);

        assertThat(older.checkInEnabled()).isFalse();
        assertThat(older.serviceKeyEnabled()).isFalse();
        assertThat(codec.encodeToString(older)).doesNotContain("checkIn").doesNotContain("serviceKey");
        assertThat(codec.encodeToString(keys)).contains("\"checkIn\":{\"enabled\":true,\"deadline\":\"09:30\"}")
                .contains("\"serviceKey\":{\"enabled\":false}");
        assertThat(keys.checkInEnabled()).isTrue();
        assertThat(keys.serviceKeyEnabled()).isFalse();
    }

    @Test
    void aHelloWithoutFeaturesIsSentAsBefore() {
        String json = codec.encodeToString(new Hello("0.4.0", null, null, 1, 0, AT));

        assertThat(json).doesNotContain("features");
    }

    @Test
    void typedDecodeRefusesAPayloadOfAnotherShape() {
        byte[] cancel = codec.encode(new Cancel(MessageIds.next(), AT));

        assertThatThrownBy(() -> codec.decode(AlarmReport.class, cancel))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("field 'id' is missing")
                .hasMessageContaining("field 'kind' is missing");
    }

    @Test
    void everyProblemIsListedSeparately() {
        byte[] payload = "{\"v\":1,\"id\":\"x\",\"seq\":\"1\",\"attempt\":1}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> codec.decode(Channel.ALARM, payload))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.problems()).containsExactly(
                        "up/alarm: field 'id' must be a ULID or a UUID; got \"x\"",
                        "up/alarm: field 'kind' is missing",
                        "up/alarm: field 'raisedAt' is missing",
                        "up/alarm: field 'seq' must be a whole number; got the string \"1\""));
    }

    @Test
    void aLongWrongValueIsShortenedInTheError() {
        String longKind = "X".repeat(500);
        byte[] payload = ("{\"v\":1,\"id\":\"01JDB6Y8Q3K5W9Z2N4P6R8T0VX\",\"kind\":\"" + longKind
                + "\",\"raisedAt\":\"2026-11-22T08:15:30.125Z\",\"seq\":1,\"attempt\":1}").getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> codec.decode(Channel.ALARM, payload))
                .hasMessageContaining("X".repeat(40) + "...")
                .hasMessageNotContaining("X".repeat(41));
    }

    @Test
    void theAlarmIdCanBeSalvagedFromAnAlarmThatFailedValidation() {
        byte[] payload = "{\"v\":1,\"id\":\"01JDB6Y8Q3K5W9Z2N4P6R8T0VX\",\"kind\":\"PANIC\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(codec.salvageText(payload, "id")).contains("01JDB6Y8Q3K5W9Z2N4P6R8T0VX");
        assertThat(codec.salvageText("garbage".getBytes(StandardCharsets.UTF_8), "id")).isEmpty();
        assertThat(codec.salvageText(payload, "seq")).isEmpty();
    }

    @Test
    void aMessageTooLargeForTheWireIsNotEncoded() {
        Map<String, Object> detail = Map.of("log", "x".repeat(PayloadCodec.MAX_PAYLOAD_BYTES));

        assertThatThrownBy(() -> codec.encode(new CommandResult(MessageIds.next(), true, detail)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the limit is 8192");
    }

    @Test
    void requiredFieldsCannotBeLeftOutWhenBuildingMessagesInCode() {
        assertThatThrownBy(() -> new AlarmReport("01JDB6Y8Q3K5W9Z2N4P6R8T0VX", null, null, AT, 1, 1, false, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("kind");
    }
}
