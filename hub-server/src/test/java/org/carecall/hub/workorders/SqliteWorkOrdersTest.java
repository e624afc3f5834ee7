package org.carecall.hub.workorders;

import java.nio.file.Files;
import org.carecall.hub.store.Database;

/** Work orders on the embedded store: a real SQLite file in a temporary directory. */
class SqliteWorkOrdersTest extends WorkOrdersContract {
    @Override
    protected Database open() throws Exception {
        return Database.open(Files.createTempDirectory("carecall-orders-"));
    }
}
