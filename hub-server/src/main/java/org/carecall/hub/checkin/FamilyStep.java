package org.carecall.hub.checkin;

import org.carecall.hub.store.Alongside;
import org.carecall.hub.store.StoreException;

/**
 * The family step of a day's ladder: who of her family is told, decided before the step is claimed and
 * written inside the claim's own transaction, so that the step and its messages are stored together or
 * not at all, once in the district. The family's wing answers it; the check-in knows nothing of channels.
 */
@FunctionalInterface
public interface FamilyStep {
    /** Nobody is told: a hub without the family's wing, and the ladder's own tests. */
    FamilyStep NOBODY = day -> Alongside.NONE;

    /** The messages for a day that reached its family step (none for a resident nobody gets news of). */
    Alongside decide(CheckInDay day) throws StoreException;
}
