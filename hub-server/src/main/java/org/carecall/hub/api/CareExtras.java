package org.carecall.hub.api;

import java.util.List;
import java.util.Map;
import org.carecall.hub.care.Visit;
import org.carecall.hub.community.Area;
import org.carecall.hub.http.HttpCall;

/**
 * What other parts of everyday care add to the rounds' routes: after a visit is posted (each post, the first
 * and any repeat, so what it opens is opened once by its own keys even if the hub stopped in between), and the
 * sections they add to the caller's Today.
 */
public interface CareExtras {
    CareExtras NONE = new CareExtras() {
    };

    /** A visit was posted (stored now or before); the caller and origin are the post's. */
    default void visitPosted(Visit visit, HttpCall call) throws Exception {
    }

    /** Sections of the caller's Today for these grids, by name ("workOrders", "followUps"). */
    default Map<String, List<?>> today(HttpCall call, List<Area> grids) throws Exception {
        return Map.of();
    }
}
