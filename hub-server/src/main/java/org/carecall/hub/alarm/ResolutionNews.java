package org.carecall.hub.alarm;

import java.time.Instant;
import org.carecall.hub.store.Alongside;
import org.carecall.hub.store.StoreException;

/**
 * What a call's resolution stores beside it, in its own transaction: the family's news of the call, where
 * her community asked for it. Decided from the call as it stands before the move; stored only if the move
 * is made, so a call resolved once is told once, whichever node resolved it.
 */
@FunctionalInterface
public interface ResolutionNews {
    /** Nobody is told (a hub without the family's wing, the lifecycle's own tests). */
    ResolutionNews NONE = (call, at) -> Alongside.NONE;

    Alongside decide(Alarm call, Instant resolvedAt) throws StoreException;
}
