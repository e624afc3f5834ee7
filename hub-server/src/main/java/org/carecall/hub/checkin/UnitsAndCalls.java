package org.carecall.hub.checkin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.carecall.hub.alarm.Alarm;
import org.carecall.hub.alarm.AlarmIntake;
import org.carecall.hub.alarm.AlarmLifecycle;
import org.carecall.hub.device.DeviceCommands;
import org.carecall.hub.presence.DevicePresence;
import org.carecall.hub.presence.DeviceStatus;
import org.carecall.protocol.AlarmKind;
import org.carecall.protocol.CommandName;
import org.carecall.protocol.SpokenPrompt;
import org.carecall.protocol.message.Speak;

/**
 * The check-in's hand-offs to the hub's parts: presence says whether a unit is online (connected here, or
 * seen within the supervision window on any node), commands carry the spoken reminder, and the alarm intake
 * and lifecycle raise and resolve the CHECK_IN_MISSED call like any call the hub raises on a unit's behalf.
 */
public final class UnitsAndCalls implements CheckInUnits {
    private final DevicePresence presence;
    private final DeviceCommands commands;
    private final AlarmIntake intake;
    private final AlarmLifecycle lifecycle;
    private final Duration offlineAfter;
    private final Clock clock;

    public UnitsAndCalls(DevicePresence presence, DeviceCommands commands, AlarmIntake intake, AlarmLifecycle lifecycle,
                         Duration offlineAfter, Clock clock) {
        this.presence = presence;
        this.commands = commands;
        this.intake = intake;
        this.lifecycle = lifecycle;
        this.offlineAfter = offlineAfter;
        this.clock = clock;
    }

    @Override
    public boolean online(String deviceId) {
        Optional<DeviceStatus> status = presence.status(deviceId);
        return status.isPresent() && (status.get().online() || status.get().lastSeenAt() != null
                && status.get().lastSeenAt().isAfter(clock.instant().minus(offlineAfter)));
    }

    @Override
    public CompletableFuture<?> remind(String deviceId) {
        return commands.send(deviceId, CommandName.SPEAK, Speak.of(SpokenPrompt.CHECKIN_REMIND).args());
    }

    @Override
    public CompletableFuture<String> ring(String deviceId, String callId, String note) {
        return intake.raise(deviceId, AlarmKind.CHECK_IN_MISSED, note, callId).thenApply(Alarm::id);
    }

    @Override
    public CompletableFuture<?> closeCall(String alarmId, String note) {
        return lifecycle.resolveByHub(alarmId, "checked-in", note, "check-in");
    }

    @Override
    public Optional<Instant> lastActivity(String deviceId) {
        return presence.status(deviceId).map(DeviceStatus::lastMotionAt);
    }
}
