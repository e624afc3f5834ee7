package org.carecall.hub.family;

import java.nio.file.Files;
import org.carecall.hub.store.Database;

/** The family outbox on the embedded store: a real SQLite file in a temporary directory. */
class SqliteFamilyOutboxTest extends FamilyOutboxContract {
    @Override
    protected Database open() throws Exception {
        return Database.open(Files.createTempDirectory("carecall-family-"));
    }
}
