package org.carecall.hub.community;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.carecall.hub.store.Database;
import org.carecall.hub.support.MutableClock;
import org.carecall.hub.support.NewerNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A resident's file on a real store, as a newer hub node left it: a contact with a field this node does not
 * know, a tier it does not know. The file stays readable here, and editing it here loses neither.
 */
abstract class ResidentFilesContract {
    final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T02:00:00Z"));
    Database database;
    Community community;
    Resident zhang;

    protected abstract Database open() throws Exception;

    @BeforeEach
    void given() throws Exception {
        database = open();
        community = new Community(database, clock);
        Site site = community.addSite("Xincheng", ZoneId.of("Asia/Shanghai"));
        Area grid = community.addArea(site.id(), "Grid 1");
        zhang = community.saveResident(new Resident(null, grid.id(), "Zhang Min", "3 Hongqi Lane", "2-101", null,
                "zh-CN", null, List.of(new Resident.Contact("Li Wei", "son", "13800000001")), Resident.RiskLevel.LOW));
        NewerNode.writes(database, "UPDATE resident SET risk_level = 'VERY_HIGH', contacts_json = '[{\"name\":\"Li Wei\","
                + "\"relation\":\"son\",\"phone\":\"13800000001\",\"updates\":false,\"wechat\":\"li-wei-88\"}]'"
                + " WHERE id = '" + zhang.id() + "'");
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void aFileANewerNodeWroteIsReadHereWithItsContactAndATierUnknownHereAsHigh() throws Exception {
        Resident read = fresh().resident(zhang.id()).orElseThrow();

        assertThat(read.name()).isEqualTo("Zhang Min");
        assertThat(read.riskLevel()).isEqualTo(Resident.RiskLevel.HIGH); // visited most often until a newer node says
        assertThat(read.emergencyContacts()).extracting(Resident.Contact::name, Resident.Contact::phone)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Li Wei", "13800000001"));
        assertThat(fresh().residents(read.areaId(), 10, 0)).extracting(Resident::id).containsExactly(zhang.id());
    }

    @Test
    void editingTheFileHereKeepsTheFieldAndTheTierTheNewerNodeWrote() throws Exception {
        Resident read = fresh().resident(zhang.id()).orElseThrow();
        Resident.Contact son = read.emergencyContacts().getFirst();
        Resident.Contact edited = new Resident.Contact(son.name(), son.relation(), "13800000002", null, false, null,
                null, null).keeping(son.more());

        fresh().saveResident(new Resident(read.id(), read.areaId(), "Zhang Min", read.nameLatin(), "5 Hongqi Lane",
                read.room(), read.phone(), read.dateOfBirth(), read.languages(), read.healthNotes(), read.medicines(),
                read.mobility(), List.of(edited), read.riskLevel(), false));

        assertThat(stored("contacts_json")).contains("\"wechat\":\"li-wei-88\"").contains("13800000002");
        assertThat(stored("risk_level")).isEqualTo("VERY_HIGH");
        assertThat(stored("address")).isEqualTo("5 Hongqi Lane");
        Resident again = fresh().resident(zhang.id()).orElseThrow();
        fresh().saveResident(new Resident(again.id(), again.areaId(), again.name(), again.nameLatin(), again.address(),
                again.room(), again.phone(), again.dateOfBirth(), again.languages(), again.healthNotes(),
                again.medicines(), again.mobility(), again.emergencyContacts(), Resident.RiskLevel.MEDIUM, false));
        assertThat(stored("risk_level")).isEqualTo("MEDIUM"); // a tier chosen here wins
    }

    /** A community with nothing kept in memory, as on a node that reads the file for the first time. */
    private Community fresh() {
        return new Community(database, clock);
    }

    private String stored(String column) throws Exception {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT " + column + " FROM resident WHERE id = ?")) {
                query.setString(1, zhang.id());
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next() ? rows.getString(1) : null;
                }
            }
        });
    }
}
