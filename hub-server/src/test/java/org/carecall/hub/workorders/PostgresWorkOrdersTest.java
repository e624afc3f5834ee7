package org.carecall.hub.workorders;

import org.carecall.hub.store.Database;
import org.carecall.hub.store.StoreSettings;
import org.carecall.hub.support.TestPostgres;

/** Work orders on PostgreSQL, a fresh database for each test. */
class PostgresWorkOrdersTest extends WorkOrdersContract {
    @Override
    protected Database open() throws Exception {
        return Database.postgres(new StoreSettings(TestPostgres.shared().newDatabase(), TestPostgres.USER,
                TestPostgres.PASSWORD));
    }
}
