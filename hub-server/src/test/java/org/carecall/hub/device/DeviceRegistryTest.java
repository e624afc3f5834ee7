package org.carecall.hub.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Clock;
import org.carecall.hub.store.Database;
import org.carecall.hub.support.NewerNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two registries on one store stand for two hub nodes: what one enrols, the other finds when it asks the store. */
class DeviceRegistryTest {
    private Database database;
    private DeviceRegistry nodeA;
    private DeviceRegistry nodeB;

    @BeforeEach
    void given() throws Exception {
        database = Database.open(Files.createTempDirectory("carecall-device-registry-"));
        nodeA = new DeviceRegistry(database, Clock.systemUTC(), 10, 60);
        nodeB = new DeviceRegistry(database, Clock.systemUTC(), 10, 60);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void aUnitEnrolledOnAnotherNodeIsReadFromTheStoreOnAMissAndKeptInMemory() {
        String unit = nodeA.create("bed-0001", "bed", null).join().deviceId();

        assertThat(nodeB.find(unit)).as("not yet in node B's memory").isEmpty();
        assertThat(nodeB.findOrRead(unit)).get().extracting(Device::label).isEqualTo("bed");
        assertThat(nodeB.find(unit)).as("kept after the read").isPresent();
        assertThat(nodeB.findOrRead("bed-0002")).isEmpty();
    }

    @Test
    void settingsANewerNodeStoredInAUnitsConfigAreReadPastAndKeptWhenThisNodeChangesTheConfig() throws Exception {
        String unit = nodeA.create("bed-0001", "bed", null).join().deviceId();
        NewerNode.writes(database, "UPDATE device SET config_json = REPLACE(config_json, '\"heartbeatS\"',"
                + " '\"nightLight\":{\"level\":3},\"heartbeatS\"') WHERE id = '" + unit + "'");

        Device read = nodeB.findOrRead(unit).orElseThrow();
        nodeB.updateConfig(unit, read.config()).join();

        String stored = database.read(connection -> {
            try (var query = connection.prepareStatement("SELECT config_json FROM device WHERE id = ?")) {
                query.setString(1, unit);
                try (var rows = query.executeQuery()) {
                    return rows.next() ? rows.getString(1) : null;
                }
            }
        });
        assertThat(stored).contains("\"nightLight\":{\"level\":3}").contains("\"version\":" + (read.config().version() + 1));
    }
}
