package org.carecall.agent.support;

import java.time.LocalTime;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.carecall.hub.Hub;
import org.carecall.hub.inbox.KeyPresses;
import org.carecall.protocol.message.DeviceConfig;
import org.carecall.protocol.message.DeviceEvent;

/**
 * A hub whose two everyday keys are served by this stand-in for the check-in and work-order parts: each
 * press is "stored" by being kept here, and acknowledged at once, or when the test opens the gate.
 */
public final class ServedKeys {
    public static final DeviceConfig.CheckIn TEN = new DeviceConfig.CheckIn(true, LocalTime.of(10, 0));

    private final List<DeviceEvent> presses = new CopyOnWriteArrayList<>();
    private Hub hub;
    private volatile CompletableFuture<Void> gate = CompletableFuture.completedFuture(null);

    /** Serves both keys on the hub and enables them in every unit's config. */
    public static ServedKeys on(Hub hub) {
        ServedKeys keys = new ServedKeys();
        keys.hub = hub;
        hub.units().inbox().serveKeys(new KeyPresses(keys::pressed, keys::pressed));
        hub.units().configs().answerCheckIn(deviceId -> TEN);
        hub.units().configs().answerServiceKey(deviceId -> true);
        return keys;
    }

    /** The unit's config says so: a new version with both keys, sent at once or after its hello. */
    public ServedKeys enable(String deviceId) {
        hub.units().configs().keysChanged(deviceId).join();
        return this;
    }

    private CompletableFuture<Void> pressed(String deviceId, DeviceEvent press, String origin) {
        return gate.thenRun(() -> presses.add(press));
    }

    /** From now on presses wait for {@link #open()} before they are stored and acknowledged. */
    public void close() {
        gate = new CompletableFuture<>();
    }

    public void open() {
        gate.complete(null);
    }

    /** The presses stored, in the order they came (a resend of one id would be here twice). */
    public List<DeviceEvent> presses() {
        return List.copyOf(presses);
    }
}
