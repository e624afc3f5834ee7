package org.carecall.hub.inbox;

import java.util.concurrent.CompletableFuture;
import org.carecall.protocol.message.DeviceEvent;

/**
 * Where the resident's two everyday keys go once the inbox has read them: the green 平安 key and the
 * service key, each to the part of the hub that owns what it means.
 *
 * <p>Guarantees asked of each {@link Key}:
 * <ul>
 *   <li>the returned future completes only when what the press means is committed (a check-in closed, a
 *       work order opened or counted); the MQTT endpoint acknowledges the press then, and the unit speaks
 *       its thanks only after that;</li>
 *   <li>a resend of the same event id has no second effect;</li>
 *   <li>a future that fails means "not stored": the unit keeps it and sends it again.</li>
 * </ul>
 */
public record KeyPresses(Key checkIn, Key serviceRequest) {

    /** One key's meaning. */
    @FunctionalInterface
    public interface Key {
        CompletableFuture<Void> pressed(String deviceId, DeviceEvent press, String origin);
    }

    /** For a key this hub does not serve yet: never acknowledged, so the unit keeps the press. */
    public static final Key NOT_SERVED = (deviceId, press, origin) -> CompletableFuture.failedFuture(
            new IllegalStateException(press.kind() + " is not served by this hub"));
}
