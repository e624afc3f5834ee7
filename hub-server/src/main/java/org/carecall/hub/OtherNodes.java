package org.carecall.hub;

import java.util.Set;
import org.carecall.hub.cluster.NodeGroup;
import org.carecall.hub.events.HubEvent;
import org.carecall.hub.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this node does with the other hub nodes' news, and what it tells them of itself. Only a group of
 * nodes on one database calls it; the store was written by the node the news happened on, so nothing
 * here writes it again.
 */
final class OtherNodes implements NodeGroup.Here {
    private static final Logger log = LoggerFactory.getLogger(OtherNodes.class);

    private final Hub hub;

    OtherNodes(Hub hub) {
        this.hub = hub;
    }

    @Override
    public Set<String> consolesOpen() {
        return hub.live().staffOpen();
    }

    @Override
    public int unitsConnected() {
        return hub.units().sessions().count();
    }

    /**
     * On the feed's thread: the event goes to this node's escalation (who is ringing) and consoles, in order
     * with this node's own events.
     */
    @Override
    public void event(HubEvent event) {
        hub.calls().events().run(() -> {
            if (event instanceof HubEvent.DeviceStatusChanged changed) {
                if (hub.units().sessions().connected(changed.status().deviceId())) {
                    return; // held here: this node knows better than the one it left
                }
                hub.units().presence().fromOtherNode(changed.status());
            }
            hub.calls().events().deliverFromOtherNode(event);
        });
    }

    @Override
    public void recordsChanged(String what) {
        try {
            hub.units().devices().reload(); // first: a unit revoked or re-keyed there is cut off here at once
            hub.people().staff().reload();
            hub.live().closeEnded();
            hub.people().community().forget();
            hub.people().policies().forget();
            hub.care().policies().forget();
            log.debug("records read again after {} on another hub node", what);
        } catch (StoreException e) {
            log.error("could not read the records another hub node changed ({}): {}", what, e.getMessage());
        }
    }

    /**
     * Its units are given a full window to reappear before they count as silent, who rings is read again
     * from the store, and the consoles here are sent their boards again from it: the store has every call
     * and every ring that node committed, whether or not its news was written.
     */
    @Override
    public void nodeLost() {
        hub.units().supervision().graceFrom(hub.clock().instant());
        hub.calls().events().run(() -> {
            hub.calls().escalation().recover();
            hub.live().sendBoardAgain();
        });
    }
}
