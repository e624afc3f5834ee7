package org.carecall.hub.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Clock;
import org.carecall.hub.store.Database;
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
}
