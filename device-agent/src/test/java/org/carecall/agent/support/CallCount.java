package org.carecall.agent.support;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.carecall.agent.Agent;
import org.carecall.agent.outbox.OutboxEntry;
import org.carecall.hub.alarm.AlarmStore;
import org.carecall.hub.store.StoreException;
import org.carecall.hub.support.ReliabilityLedger;

/**
 * Counts every call the units raised, by its id, against what the hub stored, what the units heard as
 * RECEIVED and what a staff console was shown: the figures of one fault scenario.
 */
public final class CallCount {

    private CallCount() {
    }

    public static ReliabilityLedger.Scenario of(String name, String fault, AlarmStore store, List<Agent> agents,
                                                Set<String> shownToStaff, String figures) throws SQLException, StoreException {
        return of(name, fault, store, agents, shownToStaff, figures, call -> true);
    }

    /** The same, of the calls {@code which} picks (those pressed during one fault of several, say). */
    public static ReliabilityLedger.Scenario of(String name, String fault, AlarmStore store, List<Agent> agents,
                                                Set<String> shownToStaff, String figures, Predicate<OutboxEntry> which)
            throws SQLException, StoreException {
        List<OutboxEntry> calls = new ArrayList<>();
        for (Agent agent : agents) {
            calls.addAll(agent.onLoop(() -> agent.outbox().all().stream().filter(OutboxEntry::isAlarm).filter(which)
                    .toList()));
        }
        int stored = 0;
        int lost = 0;
        int doubled = 0;
        for (OutboxEntry call : calls) {
            int copies = store.countById(call.id());
            stored += Math.min(copies, 1);
            lost += copies == 0 ? 1 : 0;
            doubled += Math.max(0, copies - 1);
        }
        int received = (int) calls.stream().filter(OutboxEntry::received).count();
        int notified = (int) calls.stream().map(OutboxEntry::id).filter(shownToStaff::contains).count();
        return new ReliabilityLedger.Scenario(name, fault, calls.size(), stored, received, notified, lost, doubled,
                figures);
    }
}
