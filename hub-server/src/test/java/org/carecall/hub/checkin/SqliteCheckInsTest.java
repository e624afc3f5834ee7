package org.carecall.hub.checkin;

import java.nio.file.Files;
import org.carecall.hub.store.Database;

/** The check-in on the embedded store: a real SQLite file in a temporary directory. */
class SqliteCheckInsTest extends CheckInsContract {
    @Override
    protected Database open() throws Exception {
        return Database.open(Files.createTempDirectory("carecall-check-in-"));
    }
}
