package org.carecall.hub.workorders;

import java.util.List;
import org.carecall.hub.device.Device;
import org.carecall.hub.device.DeviceCommands;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.protocol.CommandName;
import org.carecall.protocol.SpokenPrompt;
import org.carecall.protocol.message.Speak;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the resident at her unit how her order goes, with {@code SPEAK} from the unit's fixed prompts:
 * who will come (service-assigned), that it is done (service-done), and the evening before an agreed visit
 * (service-appointment). The unit her key pressed, or else each unit placed with her; a resident with no unit
 * hears nothing. A command is stored and sent if the unit is connected; a failure to send is logged, never the
 * move's failure (the order has moved; the unit's voice is a courtesy).
 */
public final class UnitVoice {
    private static final Logger log = LoggerFactory.getLogger(UnitVoice.class);

    private final DeviceRegistry devices;
    private final DeviceCommands commands;

    public UnitVoice(DeviceRegistry devices, DeviceCommands commands) {
        this.devices = devices;
        this.commands = commands;
    }

    public void assigned(WorkOrder order) {
        speak(order, SpokenPrompt.SERVICE_ASSIGNED, order.assigneeName());
    }

    public void done(WorkOrder order) {
        speak(order, SpokenPrompt.SERVICE_DONE, order.assigneeName());
    }

    public void appointment(WorkOrder order) {
        speak(order, SpokenPrompt.SERVICE_APPOINTMENT, order.assigneeName());
    }

    /** The units that speak for her: the one her key pressed if still hers, else every unit placed with her. */
    List<String> unitsOf(WorkOrder order) {
        if (order.deviceId() != null && devices.findOrRead(order.deviceId())
                .filter(unit -> !unit.revoked() && order.residentId().equals(unit.residentId())).isPresent()) {
            return List.of(order.deviceId());
        }
        return devices.all().stream().filter(unit -> !unit.revoked() && order.residentId().equals(unit.residentId()))
                .map(Device::id).toList();
    }

    private void speak(WorkOrder order, SpokenPrompt prompt, String name) {
        // A name too long to speak is left out: the prompt is still said, plainly.
        boolean speakable = name != null && !name.isBlank() && name.length() <= Speak.MAX_NAME_CHARS;
        var args = new Speak(prompt, speakable ? name : null).args();
        for (String unit : unitsOf(order)) {
            commands.send(unit, CommandName.SPEAK, args).exceptionally(failure -> {
                log.warn("could not tell unit {} '{}' for work order {}: {}", unit, prompt.wire(), order.id(),
                        failure.getMessage());
                return null;
            });
        }
    }
}
