package org.carecall.hub;

import org.carecall.hub.device.DeviceCommands;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.device.UnitConfigs;
import org.carecall.hub.fleet.WeeklyTests;
import org.carecall.hub.inbox.DeviceInbox;
import org.carecall.hub.mqtt.DeviceSessions;
import org.carecall.hub.presence.DevicePresence;
import org.carecall.hub.presence.Supervision;

/**
 * The units' wing of a hub: who they are, when they were seen, their connections, commands and tests, and
 * their configs ({@code configs}: the only way a unit's {@code down/config} changes, with its everyday keys).
 */
public record Units(DeviceRegistry devices, DevicePresence presence, DeviceSessions sessions, DeviceCommands commands,
                    Supervision supervision, DeviceInbox inbox, WeeklyTests weeklyTests, UnitConfigs configs) {
}
