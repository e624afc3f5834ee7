package org.carecall.hub.store;

/**
 * News of a change, which a write may tell the other hub nodes inside its own transaction
 * ({@link StoreWriter#tell}) and the node that made it tells its own parts once committed.
 */
public interface News {
}
