package org.carecall.hub.care;

import java.nio.file.Files;
import org.carecall.hub.store.Database;

/** The care rounds on the embedded store: a real SQLite file in a temporary directory. */
class SqliteCareRoundsTest extends CareRoundsContract {
    @Override
    protected Database open() throws Exception {
        return Database.open(Files.createTempDirectory("carecall-care-"));
    }
}
