package org.carecall.hub.alarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.carecall.hub.device.DeviceCommands;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.events.HubEvent;
import org.carecall.protocol.CommandName;
import org.carecall.protocol.message.Command;
import org.carecall.protocol.message.CommandResult;
import org.carecall.hub.support.TestDevice;
import org.carecall.hub.support.TestHub;
import org.carecall.protocol.AlarmKind;
import org.carecall.protocol.AlarmState;
import org.carecall.protocol.Channel;
import org.carecall.protocol.MessageIds;
import org.carecall.protocol.message.AlarmReport;
import org.carecall.protocol.message.Cancel;
import org.carecall.protocol.message.Receipt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A device's alarm reaches the store once and the device hears RECEIVED, over a real MQTT connection. */
class AlarmIntakeTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private TestHub hub;
    private TestDevice device;

    @BeforeEach
    void startHubAndConnectADevice() throws Exception {
        hub = TestHub.start();
        DeviceRegistry.Enrolled unit = hub.enrol("bed-0001");
        device = TestDevice.connect(hub.mqttUri(), unit.deviceId(), unit.secret());
    }

    @AfterEach
    void stop() throws Exception {
        device.close();
        hub.close();
    }

    @Test
    void aPressIsStoredOnceAndTheDeviceHearsReceived() throws Exception {
        AlarmReport press = device.newAlarm();

        device.send(press);

        Receipt receipt = device.next(Receipt.class, WAIT);
        assertThat(receipt).isNotNull();
        assertThat(receipt.alarmId()).isEqualTo(press.id());
        assertThat(receipt.state()).isEqualTo(AlarmState.RECEIVED);
        Alarm stored = hub.hub().calls().alarms().find(press.id()).orElseThrow();
        assertThat(stored.kind()).isEqualTo(AlarmKind.CALL_BUTTON);
        assertThat(stored.deviceId()).isEqualTo("bed-0001");
        assertThat(stored.raisedAt()).isEqualTo(press.raisedAt());
        assertThat(hub.hub().calls().alarms().timeline(press.id())).extracting(AlarmStore.TimelineEntry::action)
                .first().isEqualTo("RECEIVED");
    }

    @Test
    void aUnitThatSendsAnotherUnitsAlarmIdHasItsOwnCallStoredAndHearsOnlyOfIt() throws Exception {
        AlarmReport first = device.newAlarm();
        device.send(first);
        assertThat(device.receipt(WAIT, AlarmState.RECEIVED).alarmId()).isEqualTo(first.id());
        org.carecall.hub.staff.Staff wang = new org.carecall.hub.staff.Staff("s-wang", "wang", "Wang Li",
                org.carecall.hub.staff.Role.DUTY, null, null, false);
        hub.hub().calls().lifecycle().acknowledge(first.id(), wang, "test");
        assertThat(device.receipt(WAIT, AlarmState.ACKNOWLEDGED).alarmId()).isEqualTo(first.id());
        DeviceRegistry.Enrolled neighbour = hub.enrol("bed-0002");

        try (TestDevice other = TestDevice.connect(hub.mqttUri(), neighbour.deviceId(), neighbour.secret())) {
            AlarmReport sameId = new AlarmReport(first.id(), AlarmKind.FALL, "fall", first.raisedAt(), 1, 1, false, null);
            other.send(sameId);

            Receipt receipt = other.next(Receipt.class, WAIT);
            assertThat(receipt.alarmId()).as("its own id").isEqualTo(first.id());
            assertThat(receipt.state()).as("its own call, not the neighbour's taken one").isEqualTo(AlarmState.RECEIVED);
            List<Alarm> its = hub.hub().calls().alarms().openAlarmsOf("bed-0002");
            assertThat(its).singleElement().satisfies(call -> {
                assertThat(call.kind()).isEqualTo(AlarmKind.FALL);
                assertThat(call.unitAlarmId()).isEqualTo(first.id());
            });
            hub.hub().calls().lifecycle().acknowledge(its.getFirst().id(), wang, "test");
            Receipt taken = other.receipt(WAIT, AlarmState.ACKNOWLEDGED);
            assertThat(taken.alarmId()).as("what staff do with it reaches the unit by its own id").isEqualTo(first.id());
            assertThat(hub.hub().calls().alarms().find(first.id()).orElseThrow().deviceId()).isEqualTo("bed-0001");
        }
    }

    @Test
    void aRehearsalOfTheAlarmPathKeepsNothingAndTellsNobody() throws Exception {
        List<HubEvent> heard = new CopyOnWriteArrayList<>();
        hub.hub().calls().events().subscribe(heard::add);

        hub.hub().calls().intake().rehearse("bed-0001", 50, 20);

        java.util.Set<AlarmKind> every = java.util.EnumSet.allOf(AlarmKind.class);
        assertThat(hub.hub().calls().alarms().count(false, every)).isZero();
        assertThat(hub.hub().calls().alarms().openAlarmsOf("bed-0001")).isEmpty();
        assertThat(device.next(Receipt.class, Duration.ofMillis(300))).isNull();
        hub.hub().calls().events().probe().join(); // whatever the rehearsal might have told has been dispatched
        assertThat(heard).noneMatch(event -> event instanceof HubEvent.AlarmRaised
                || event instanceof HubEvent.AlarmEscalated);
        // The path still takes a real call afterwards.
        AlarmReport press = device.newAlarm();
        device.send(press);
        assertThat(device.next(Receipt.class, WAIT).state()).isEqualTo(AlarmState.RECEIVED);
        assertThat(hub.hub().calls().alarms().count(false, every)).isEqualTo(1);
    }

    @Test
    void theSameAlarmSentFiveTimesIsStoredOnce() throws Exception {
        AlarmReport press = device.newAlarm();

        for (int attempt = 0; attempt < 5; attempt++) {
            device.send(press);
            press = press.resent();
        }

        // Each send is answered with the call's state at that moment: RECEIVED, or NOTIFIED once escalation rang.
        for (int i = 0; i < 5; i++) {
            Receipt receipt = device.next(Receipt.class, WAIT);
            assertThat(receipt).as("receipt %d", i).isNotNull();
            assertThat(receipt.alarmId()).isEqualTo(press.id());
            assertThat(receipt.state()).isIn(AlarmState.RECEIVED, AlarmState.NOTIFIED);
        }
        assertThat(hub.hub().calls().alarms().countById(press.id())).isEqualTo(1);
        assertThat(hub.hub().calls().alarms().openAlarmsOf("bed-0001")).hasSize(1);
        assertThat(hub.hub().calls().alarms().find(press.id()).orElseThrow().pressCount()).isEqualTo(1);
    }

    @Test
    void aRepeatPressWhileTheCallIsOpenIsCountedOnIt() throws Exception {
        AlarmReport first = device.newAlarm();
        device.send(first);
        device.next(Receipt.class, WAIT);
        AlarmReport again = new AlarmReport(MessageIds.next(), AlarmKind.CALL_BUTTON, "call-button",
                first.raisedAt().plusSeconds(3), first.seq() + 1, 1, false, first.id());

        device.send(again);
        device.send(again.resent());

        Receipt merged = mergedReceipt();
        assertThat(merged.alarmId()).isEqualTo(again.id());
        assertThat(merged.mergedInto()).isEqualTo(first.id());
        Receipt resent = mergedReceipt();
        assertThat(resent.mergedInto()).isEqualTo(first.id());
        assertThat(hub.hub().calls().alarms().openAlarmsOf("bed-0001")).hasSize(1);
        assertThat(hub.hub().calls().alarms().find(first.id()).orElseThrow().pressCount()).isEqualTo(2);
        assertThat(hub.hub().calls().alarms().countById(again.id())).isZero();
    }

    @Test
    void aRepeatPressAfterTheCallWasClosedIsANewCall() throws Exception {
        AlarmReport first = device.newAlarm();
        device.send(first);
        device.next(Receipt.class, WAIT);
        device.send(new Cancel(first.id(), first.raisedAt().plusSeconds(5)));
        assertThat(device.receipt(WAIT, AlarmState.CANCELLED)).isNotNull();
        AlarmReport again = new AlarmReport(MessageIds.next(), AlarmKind.CALL_BUTTON, "call-button",
                first.raisedAt().plusSeconds(9), first.seq() + 1, 1, false, first.id());

        device.send(again);

        Receipt receipt = device.receipt(WAIT, AlarmState.RECEIVED);
        while (receipt != null && !receipt.alarmId().equals(again.id())) {
            receipt = device.receipt(WAIT, AlarmState.RECEIVED);
        }
        assertThat(receipt).isNotNull();
        assertThat(receipt.mergedInto()).isNull();
        assertThat(hub.hub().calls().alarms().countById(again.id())).isEqualTo(1);
    }

    @Test
    void invalidJsonOnTheAlarmChannelIsStillRaisedAsUnknown() throws Exception {
        device.publish(Channel.ALARM, "{\"v\":1,\"id\":\"01JDB6Y8Q3K5W9Z2N4P6R8T0VX\",\"kind\":\"PANIC!!\"");

        Receipt receipt = device.next(Receipt.class, WAIT);
        assertThat(receipt).isNotNull();
        assertThat(receipt.state()).isEqualTo(AlarmState.RECEIVED);
        Alarm raised = hub.hub().calls().alarms().openAlarmsOf("bed-0001").getFirst();
        assertThat(raised.kind()).isEqualTo(AlarmKind.UNKNOWN);
        assertThat(raised.problem()).contains("not valid JSON");
        assertThat(raised.id()).isEqualTo(receipt.alarmId());
    }

    @Test
    void anUnreadableAlarmKeepsTheDevicesOwnIdSoItsResendsAreStoredOnce() throws Exception {
        String payload = "{\"v\":1,\"id\":\"01JDB6Y8Q3K5W9Z2N4P6R8T0VX\",\"kind\":\"PANIC\",\"seq\":1}";

        device.publish(Channel.ALARM, payload);
        device.publish(Channel.ALARM, payload);

        assertThat(device.next(Receipt.class, WAIT).alarmId()).isEqualTo("01JDB6Y8Q3K5W9Z2N4P6R8T0VX");
        assertThat(device.next(Receipt.class, WAIT).alarmId()).isEqualTo("01JDB6Y8Q3K5W9Z2N4P6R8T0VX");
        Alarm raised = hub.hub().calls().alarms().find("01JDB6Y8Q3K5W9Z2N4P6R8T0VX").orElseThrow();
        assertThat(raised.kind()).isEqualTo(AlarmKind.UNKNOWN);
        assertThat(raised.problem()).contains("field 'kind' must be one of");
        assertThat(hub.hub().calls().alarms().openAlarmsOf("bed-0001")).hasSize(1);
    }

    @Test
    void aPayloadOverTheContractsLimitOnTheAlarmChannelIsRaisedAsUnknown() throws Exception {
        String padded = "{\"v\":1,\"pad\":\"" + "x".repeat(8300) + "\"}";

        device.publish(Channel.ALARM, padded);

        assertThat(device.next(Receipt.class, WAIT)).isNotNull();
        Alarm raised = hub.hub().calls().alarms().openAlarmsOf("bed-0001").getFirst();
        assertThat(raised.kind()).isEqualTo(AlarmKind.UNKNOWN);
        assertThat(raised.problem()).contains("at most 8192");
    }

    @Test
    void aCancelClosesTheCallAndIsWrittenInItsTimeline() throws Exception {
        AlarmReport press = device.newAlarm();
        device.send(press);
        device.next(Receipt.class, WAIT);

        device.send(new Cancel(press.id(), press.raisedAt().plusSeconds(4)));

        Receipt cancelled = device.receipt(WAIT, AlarmState.CANCELLED);
        assertThat(cancelled).isNotNull();
        assertThat(hub.hub().calls().alarms().find(press.id()).orElseThrow().state()).isEqualTo(AlarmState.CANCELLED);
        assertThat(hub.hub().calls().alarms().timeline(press.id())).extracting(AlarmStore.TimelineEntry::action)
                .filteredOn(action -> action.equals("RECEIVED") || action.equals("CANCELLED"))
                .containsExactly("RECEIVED", "CANCELLED");
    }

    @Test
    void aDeviceCannotCancelAnotherDevicesCall() throws Exception {
        DeviceRegistry.Enrolled other = hub.enrol("bed-0002");
        AlarmReport press = device.newAlarm();
        device.send(press);
        device.next(Receipt.class, WAIT);

        try (TestDevice intruder = TestDevice.connect(hub.mqttUri(), other.deviceId(), other.secret())) {
            intruder.send(new Cancel(press.id(), press.raisedAt()));
            assertThat(intruder.receipt(Duration.ofMillis(500), AlarmState.CANCELLED)).isNull();
        }
        assertThat(hub.hub().calls().alarms().find(press.id()).orElseThrow().state()).isIn(AlarmState.RECEIVED, AlarmState.NOTIFIED);
    }

    @Test
    void subscribersToTheEventStreamHearOfANewCallAfterItIsStored() throws Exception {
        List<HubEvent> heard = new CopyOnWriteArrayList<>();
        hub.hub().calls().events().subscribe(heard::add);
        AlarmReport press = device.newAlarm();

        device.send(press);
        device.send(new AlarmReport(MessageIds.next(), AlarmKind.CALL_BUTTON, "call-button", press.raisedAt(),
                press.seq() + 1, 1, false, press.id()));

        await().atMost(WAIT).untilAsserted(() -> assertThat(heard).anySatisfy(event ->
                assertThat(event).isInstanceOfSatisfying(HubEvent.AlarmUpdated.class, updated -> {
                    assertThat(updated.alarm().pressCount()).isEqualTo(2);
                    assertThat(updated.what()).isEqualTo("pressed again");
                })));
        assertThat(heard.getFirst()).isInstanceOfSatisfying(HubEvent.AlarmRaised.class,
                raised -> assertThat(raised.alarm().id()).isEqualTo(press.id()));
    }

    @Test
    void aCommandReachesTheDeviceAndItsResultIsRecorded() throws Exception {
        Command sent = hub.hub().units().commands().send("bed-0001", CommandName.SELFTEST, Map.of()).join();

        Command received = device.next(Command.class, WAIT);
        assertThat(received).isEqualTo(sent);
        device.send(new CommandResult(sent.id(), true, Map.of("leds", "ok", "outbox", 0)));

        await().atMost(WAIT).untilAsserted(() -> {
            DeviceCommands.Sent stored = hub.hub().units().commands().find(sent.id()).orElseThrow();
            assertThat(stored.ok()).isTrue();
            assertThat(stored.detailJson()).contains("\"leds\":\"ok\"");
        });
    }

    /** The next receipt for a repeat press (one that names the call it was counted on). */
    private Receipt mergedReceipt() throws InterruptedException {
        Receipt receipt;
        do {
            receipt = device.next(Receipt.class, WAIT);
        } while (receipt != null && receipt.mergedInto() == null);
        assertThat(receipt).isNotNull();
        return receipt;
    }

    @Test
    void afterAHelloTheDeviceHearsTheStateOfEachOpenCallAgain() throws Exception {
        AlarmReport press = device.newAlarm();
        device.send(press);
        device.next(Receipt.class, WAIT);

        device.send(new org.carecall.protocol.message.Hello("0.4.0", "rpi4b", "boot-2", 1, 0, java.time.Instant.now()));

        // Escalation may have told the unit NOTIFIED already; the hello brings the current state again.
        AlarmState current = hub.hub().calls().alarms().find(press.id()).orElseThrow().state();
        Receipt again = device.next(Receipt.class, WAIT);
        while (again != null && again.state() != current) {
            again = device.next(Receipt.class, WAIT);
        }
        assertThat(again).isNotNull();
        assertThat(again.alarmId()).isEqualTo(press.id());
        await().atMost(WAIT).until(() -> "0.4.0".equals(hub.hub().units().presence().status("bed-0001").orElseThrow().fw()));
    }
}
