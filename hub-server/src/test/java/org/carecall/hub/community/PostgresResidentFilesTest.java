package org.carecall.hub.community;

import org.carecall.hub.store.Database;
import org.carecall.hub.store.StoreSettings;
import org.carecall.hub.support.TestPostgres;

/** Residents' files from a newer node on PostgreSQL, a fresh database for each test. */
class PostgresResidentFilesTest extends ResidentFilesContract {
    @Override
    protected Database open() throws Exception {
        return Database.postgres(new StoreSettings(TestPostgres.shared().newDatabase(), TestPostgres.USER,
                TestPostgres.PASSWORD));
    }
}
