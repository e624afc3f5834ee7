package org.carecall.hub.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Rows one part of the hub decided and another part's write stores in its own transaction, so that both are
 * stored together or not at all (the family's messages of a check-in step or of a resolved call). Decided
 * before the write, from what is read outside it; written only if the write goes ahead.
 */
public interface Alongside {
    /** Nothing to store. */
    Alongside NONE = new Alongside() {
        @Override
        public int count() {
            return 0;
        }

        @Override
        public void write(Connection connection) {
        }

        @Override
        public void committed() {
        }
    };

    /** How many rows. */
    int count();

    /** Stores them, inside the owner's transaction. */
    void write(Connection connection) throws SQLException;

    /** The owner's transaction committed: what follows them (sending) may start. */
    void committed();
}
