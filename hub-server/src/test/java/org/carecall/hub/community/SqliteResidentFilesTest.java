package org.carecall.hub.community;

import java.nio.file.Files;
import org.carecall.hub.store.Database;

/** Residents' files from a newer node on the embedded store: a real SQLite file in a temporary directory. */
class SqliteResidentFilesTest extends ResidentFilesContract {
    @Override
    protected Database open() throws Exception {
        return Database.open(Files.createTempDirectory("carecall-files-"));
    }
}
