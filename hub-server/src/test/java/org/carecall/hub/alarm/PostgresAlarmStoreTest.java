package org.carecall.hub.alarm;

import org.carecall.hub.store.Database;
import org.carecall.hub.store.StoreSettings;
import org.carecall.hub.support.TestPostgres;

/** The alarm store's contract on PostgreSQL: Debian's server, a fresh database for each test. */
class PostgresAlarmStoreTest extends AlarmStoreContract {
    private Database database;

    @Override
    protected AlarmStore open() throws Exception {
        database = Database.postgres(new StoreSettings(TestPostgres.shared().newDatabase(), TestPostgres.USER,
                TestPostgres.PASSWORD));
        return new SqlAlarmStore(database);
    }

    @Override
    protected void close() {
        database.close();
    }
}
