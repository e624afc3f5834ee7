package org.carecall.hub.device;

import java.time.Instant;
import org.carecall.protocol.message.DeviceConfig;

/** A device the hub knows: who it belongs to, how it proves itself, and the behaviour it should have. */
public record Device(String id, String label, String residentId, String secretHash, Instant createdAt,
                     Instant revokedAt, DeviceConfig config) {

    public boolean revoked() {
        return revokedAt != null;
    }

    Device withSecretHash(String hash) {
        return new Device(id, label, residentId, hash, createdAt, revokedAt, config);
    }

    Device withPlace(String newLabel, String newResidentId) {
        return new Device(id, newLabel, newResidentId, secretHash, createdAt, revokedAt, config);
    }

    Device withRevokedAt(Instant at) {
        return new Device(id, label, residentId, secretHash, createdAt, at, config);
    }

    Device withConfig(DeviceConfig newConfig) {
        return new Device(id, label, residentId, secretHash, createdAt, revokedAt, newConfig);
    }
}
