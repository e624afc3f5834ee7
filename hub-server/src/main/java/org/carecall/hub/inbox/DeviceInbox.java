package org.carecall.hub.inbox;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.carecall.hub.alarm.Alarm;
import org.carecall.hub.alarm.AlarmIntake;
import org.carecall.hub.alarm.AlarmStore;
import org.carecall.hub.audit.AuditLog;
import org.carecall.hub.device.DeviceCommands;
import org.carecall.hub.device.DeviceLink;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.metrics.HubMetrics;
import org.carecall.hub.presence.DevicePresence;
import org.carecall.hub.store.StoreException;
import org.carecall.protocol.Channel;
import org.carecall.protocol.EventKind;
import org.carecall.protocol.ProtocolException;
import org.carecall.protocol.message.Cancel;
import org.carecall.protocol.message.CommandResult;
import org.carecall.protocol.message.DeviceEvent;
import org.carecall.protocol.message.Heartbeat;
import org.carecall.protocol.message.Hello;
import org.carecall.protocol.message.Message;
import org.carecall.protocol.message.PayloadCodec;
import org.carecall.protocol.message.Receipt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything an authenticated device sends, whatever transport brought it: the MQTT endpoint calls
 * {@link #accept} for each PUBLISH and acknowledges it to the device only when the returned future
 * completes. For an alarm that is after the commit; a future that fails means "not stored, do not
 * acknowledge", and the device will send it again.
 *
 * <p>An unreadable message on any channel but the alarm channel is audited and acknowledged: resending
 * the same bytes would not make them readable.
 */
public final class DeviceInbox {
    private static final Logger log = LoggerFactory.getLogger(DeviceInbox.class);

    private final AlarmIntake intake;
    private final AlarmStore alarms;
    private final DevicePresence presence;
    private final DeviceRegistry registry;
    private final DeviceCommands commands;
    private final DeviceLink link;
    private volatile KeyPresses keys;
    private final AuditLog audit;
    private final HubMetrics metrics;
    private final Clock clock;
    private final Executor background;
    private final PayloadCodec codec = new PayloadCodec();

    /** The units as the inbox meets them: who they are, when they were seen, their commands, the way down. */
    public record Units(DeviceRegistry registry, DevicePresence presence, DeviceCommands commands, DeviceLink link) {
    }

    public DeviceInbox(AlarmIntake intake, AlarmStore alarms, Units units, KeyPresses keys, AuditLog audit,
                       HubMetrics metrics, Clock clock, Executor background) {
        this.intake = intake;
        this.alarms = alarms;
        this.presence = units.presence();
        this.registry = units.registry();
        this.commands = units.commands();
        this.link = units.link();
        this.keys = keys;
        this.audit = audit;
        this.metrics = metrics;
        this.clock = clock;
        this.background = background;
    }

    public CompletableFuture<Void> accept(String deviceId, Channel channel, byte[] payload, String origin) {
        metrics.message(channel.suffix());
        presence.seen(deviceId);
        if (channel == Channel.ALARM) {
            return intake.report(deviceId, payload, origin).thenAccept(receipt -> link.send(deviceId, receipt));
        }
        Message message;
        try {
            message = codec.decode(channel, payload);
        } catch (ProtocolException unreadable) {
            audit.record("message.invalid", deviceId, origin, unreadable.getMessage());
            return CompletableFuture.completedFuture(null);
        }
        return switch (message) {
            case Hello hello -> hello(deviceId, hello);
            case Heartbeat beat -> {
                presence.heartbeat(deviceId, beat);
                yield CompletableFuture.completedFuture(null);
            }
            case Cancel cancel -> intake.cancel(deviceId, cancel, origin)
                    .thenAccept(receipt -> receipt.ifPresent(r -> link.send(deviceId, r)));
            case DeviceEvent event when event.kind() == EventKind.CHECK_IN ->
                    keys.checkIn().pressed(deviceId, event, origin);
            case DeviceEvent event when event.kind() == EventKind.SERVICE_REQUEST ->
                    keys.serviceRequest().pressed(deviceId, event, origin);
            case DeviceEvent event -> presence.event(deviceId, event);
            case CommandResult result -> commands.result(deviceId, result).thenAccept(known -> {
                if (!known) {
                    audit.record("message.unknown-command", deviceId, origin, "a result for command " + result.cmdId()
                            + " that was never sent to this device");
                }
            });
            default -> {
                audit.record("message.wrong-direction", deviceId, origin, channel.suffix() + " is not sent by devices");
                yield CompletableFuture.completedFuture(null);
            }
        };
    }

    /**
     * Gives the two everyday keys other meanings than the hub was wired with: for tests of the unit and
     * for a demo, which stand in for the parts that own them. The hub's own wiring passes them at start.
     */
    public void serveKeys(KeyPresses keys) {
        this.keys = java.util.Objects.requireNonNull(keys, "keys");
    }

    public void connected(String deviceId, String origin) {
        presence.connected(deviceId, origin);
    }

    public void disconnected(String deviceId) {
        presence.disconnected(deviceId);
    }

    /** After every hello: the configuration if the device is behind, and the state of each open call. */
    private CompletableFuture<Void> hello(String deviceId, Hello hello) {
        presence.hello(deviceId, hello);
        background.execute(() -> {
            registry.find(deviceId)
                    .filter(device -> device.config().version() > hello.configVersion())
                    .ifPresent(device -> link.send(deviceId, device.config()));
            try {
                for (Alarm alarm : alarms.openAlarmsOf(deviceId)) {
                    link.send(deviceId, Receipt.of(alarm.unitAlarmId(), alarm.state(), clock.instant(),
                            alarm.unhandled()));
                }
            } catch (StoreException e) {
                log.error("could not read open alarms of {} after its hello: {}", deviceId, e.getMessage());
            }
        });
        return CompletableFuture.completedFuture(null);
    }
}
