package org.carecall.hub.store;

import java.sql.SQLException;

/**
 * A read or write the hub's store could not do, whichever engine holds it. The store's own classes speak
 * JDBC inside; everything above them hears of a failure as this, and of whether the store itself failed
 * (a full disk, a database gone away: worth a 503 and the "cannot store calls" alarm) or only one request
 * did (a constraint it broke, a row that cannot be read).
 */
public final class StoreException extends Exception {
    private final boolean unavailable;

    public StoreException(String message, Throwable cause, boolean unavailable) {
        super(message, cause);
        this.unavailable = unavailable;
    }

    /** The failure of one JDBC call, told apart by the engine it came from. */
    static StoreException of(Engine engine, SQLException failure) {
        boolean unavailable = engine.storageFailure(failure);
        String message = unavailable
                ? "the store cannot be reached or written: " + failure.getMessage()
                : failure.getMessage();
        return new StoreException(message, failure, unavailable);
    }

    /** True when the store itself failed rather than the request: trying again later may work. */
    public boolean unavailable() {
        return unavailable;
    }
}
