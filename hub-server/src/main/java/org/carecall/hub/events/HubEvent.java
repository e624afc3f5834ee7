package org.carecall.hub.events;

import org.carecall.hub.alarm.Alarm;
import org.carecall.hub.presence.DeviceStatus;
import org.carecall.hub.store.News;

/** Something that happened in the hub that escalation, the console or a bridge may want to know. */
public sealed interface HubEvent extends News {

    /** A new call was stored. */
    record AlarmRaised(Alarm alarm) implements HubEvent {
    }

    /** A stored call changed: a repeat press, a new state, a note. {@code what} says which, in a word. */
    record AlarmUpdated(Alarm alarm, String what) implements HubEvent {
        /** The change a timeline row tells of, in the row's word: "acknowledged", "cancelled", "confirmed". */
        public static AlarmUpdated after(Alarm alarm, String action) {
            return new AlarmUpdated(alarm, action.toLowerCase(java.util.Locale.ROOT));
        }
    }

    /**
     * A call found nobody on duty where it should have rung: the roster has a gap that a supervisor must
     * fill. {@code where} names the grid or community.
     */
    record RosterGap(Alarm alarm, String where) implements HubEvent {
    }

    /**
     * A call rang more people: an escalation step fired. {@code rang} is who it rang (staff ids) and
     * {@code everyone} whether every console rings, so that every hub node's consoles ring alike.
     * {@code audiences} is "unreached" when every step reached nobody.
     */
    record AlarmEscalated(Alarm alarm, int step, String audiences, java.util.Set<String> rang, boolean everyone)
            implements HubEvent {
        public static final String UNREACHED = "unreached";

        public boolean unreached() {
            return UNREACHED.equals(audiences);
        }
    }

    /** A device came online, went offline or reported new health figures. */
    record DeviceStatusChanged(DeviceStatus status) implements HubEvent {
    }

    /**
     * The store started failing to commit (a full disk, an I/O error) or commits again. While it fails,
     * new calls cannot be stored: units keep them and retry, and staff must be told to use the phone.
     */
    record StoreHealthChanged(boolean ok, String problem) implements HubEvent {
    }
}
