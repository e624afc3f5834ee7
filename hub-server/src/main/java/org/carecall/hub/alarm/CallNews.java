package org.carecall.hub.alarm;

import org.carecall.hub.store.News;

/**
 * What the alarm path tells of a call, and where. The store tells the other hub nodes inside the write
 * that made the change; the intake and the lifecycle tell this node's parts once it is committed, in the
 * order the commits happened ({@link #tell}, {@link #run}).
 */
public interface CallNews {
    /** A new call was stored. */
    News raised(Alarm call);

    /** A repeat press was counted on the unit's open call. */
    News pressedAgain(Alarm call);

    /** A move or a line on the timeline, named by the timeline's word for it ("ACKNOWLEDGED"...). */
    News updated(Alarm call, String action);

    /** Tells this node's parts; only of a committed change. */
    void tell(News news);

    /** Runs work where this node's news is told, in order with it. */
    void run(Runnable work);
}
