package org.carecall.hub.alarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.carecall.hub.store.Database;
import org.carecall.protocol.AlarmKind;
import org.junit.jupiter.api.Test;

/** The alarm store's contract on the embedded engine: a real SQLite file in a temporary directory. */
class SqliteAlarmStoreTest extends AlarmStoreContract {
    private Database database;

    @Override
    protected AlarmStore open() throws Exception {
        database = Database.open(Files.createTempDirectory("carecall-alarms-"));
        return new SqlAlarmStore(database, NEWS);
    }

    @Override
    protected void close() {
        database.close();
    }

    @Override
    protected Database database() {
        return database;
    }

    @Test
    void whoEachStepRangIsKeptAndAStepThatReachedNobodyToo() throws Exception {
        Instant at = Instant.parse("2026-12-03T02:00:00Z");
        store.record(new NewAlarm("a-1", "bed-1", AlarmKind.CALL_BUTTON, "call-button", at, 1, false, null, null, at,
                "127.0.0.1")).join();
        store.recordRinging("a-1", 1, "GRID_DUTY", Set.of("staff-wang"), at, List.of()).join();
        store.recordRinging("a-1", 2, "SITE_DUTY, SUPERVISORS", Set.of(), at.plusSeconds(30), List.of()).join();

        List<String> rows = database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT step, audience, staff_id FROM notification WHERE alarm_id = ? ORDER BY step")) {
                query.setString(1, "a-1");
                List<String> found = new ArrayList<>();
                try (ResultSet result = query.executeQuery()) {
                    while (result.next()) {
                        found.add(result.getInt(1) + " " + result.getString(2) + " " + result.getString(3));
                    }
                }
                return found;
            }
        });
        assertThat(rows).containsExactly("1 GRID_DUTY staff-wang", "2 SITE_DUTY, SUPERVISORS null");
    }
}
