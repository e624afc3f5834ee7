package org.carecall.hub.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import org.carecall.hub.support.TestPostgres;
import org.junit.jupiter.api.Test;

/** A PostgreSQL store that cannot be used says where it is and what failed, in one sentence. */
class PostgresSettingsTest {

    @Test
    void aWrongPasswordIsNamedWithTheUserAndThePlace() throws Exception {
        String url = TestPostgres.shared().newDatabase();

        assertThatThrownBy(() -> Database.postgres(new StoreSettings(url, TestPostgres.USER, "not-the-password")))
                .hasMessage("cannot use the PostgreSQL database at " + url.substring("jdbc:postgresql://".length())
                        + ": the password of user 'carecall' was refused");
    }

    @Test
    void aDatabaseThatDoesNotExistIsNamed() throws Exception {
        String url = TestPostgres.shared().url("no_such_database");

        assertThatThrownBy(() -> Database.postgres(new StoreSettings(url, TestPostgres.USER, TestPostgres.PASSWORD)))
                .hasMessageContaining("127.0.0.1:" + TestPostgres.shared().port() + "/no_such_database")
                .hasMessageContaining("that database does not exist");
    }

    @Test
    void aPlaceWhereNothingAnswersIsNamed() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort(); // free again once closed: nothing listens there
        }
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/carecall";

        assertThatThrownBy(() -> Database.postgres(new StoreSettings(url, "carecall", "x")))
                .hasMessageStartingWith("cannot use the PostgreSQL database at 127.0.0.1:" + port + "/carecall: nothing answers there");
    }
}
