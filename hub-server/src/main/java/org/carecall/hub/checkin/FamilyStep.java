package org.carecall.hub.checkin;

import java.sql.Connection;
import java.sql.SQLException;
import org.carecall.hub.store.StoreException;

/**
 * The family step of a day's ladder: who of her family is told, decided before the step is claimed and
 * written inside the claim's own transaction, so that the step and its messages are stored together or
 * not at all, once in the district. The family's wing answers it; the check-in knows nothing of channels.
 */
public interface FamilyStep {
    /** Nobody is told: a hub without the family's wing, and the ladder's own tests. */
    FamilyStep NOBODY = day -> Letters.NONE;

    /** The letters for a day that reached its family step (none for a resident nobody gets news of). */
    Letters decide(CheckInDay day) throws StoreException;

    /** Messages decided and not yet stored. */
    interface Letters {
        Letters NONE = new Letters() {
            @Override
            public int count() {
                return 0;
            }

            @Override
            public void write(Connection connection) {
            }

            @Override
            public void stored() {
            }
        };

        int count();

        /** Stores them, inside the transaction that claims the step. */
        void write(Connection connection) throws SQLException;

        /** The claim committed: they may go now. */
        void stored();
    }
}
