package org.carecall.hub.api;

import java.util.List;
import java.util.Map;
import org.carecall.hub.http.HttpCall;

/** Lists come in pages: {@code ?limit=} (1 to 500, default 50) and {@code ?offset=}. */
final class Pages {
    private Pages() {
    }

    static int limit(HttpCall call) {
        return call.queryInt("limit", 50, 1, 500);
    }

    static int offset(HttpCall call) {
        return call.queryInt("offset", 0, 0, Integer.MAX_VALUE);
    }

    static Map<String, Object> of(List<?> items, int total, int limit, int offset) {
        return Map.of("items", items, "total", total, "limit", limit, "offset", offset);
    }
}
