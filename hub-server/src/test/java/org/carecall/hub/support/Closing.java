package org.carecall.hub.support;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Stops what a test started, in the order given, skipping what never started; every part is closed even
 * when one fails, and the first failure is thrown afterwards.
 */
public final class Closing {

    private Closing() {
    }

    public static void all(Object... parts) throws Exception {
        List<AutoCloseable> closeables = new ArrayList<>();
        for (Object part : parts) {
            if (part instanceof Collection<?> many) {
                many.forEach(one -> closeables.add((AutoCloseable) one));
            } else if (part != null) {
                closeables.add((AutoCloseable) part);
            }
        }
        Exception first = null;
        for (AutoCloseable closeable : closeables) {
            try {
                closeable.close();
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
