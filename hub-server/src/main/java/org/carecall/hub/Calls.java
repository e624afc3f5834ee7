package org.carecall.hub;

import org.carecall.hub.alarm.AlarmIntake;
import org.carecall.hub.alarm.AlarmLifecycle;
import org.carecall.hub.alarm.AlarmStore;
import org.carecall.hub.escalation.EscalationEngine;
import org.carecall.hub.events.HubEvents;

/** The calls' wing of a hub: where calls are stored, taken in, moved, escalated, and told of. */
public record Calls(AlarmStore alarms, AlarmIntake intake, AlarmLifecycle lifecycle, EscalationEngine escalation,
                    HubEvents events) {
}
