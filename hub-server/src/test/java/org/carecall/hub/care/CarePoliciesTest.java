package org.carecall.hub.care;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.carecall.hub.community.Community;
import org.carecall.hub.community.Resident.RiskLevel;
import org.carecall.hub.community.Site;
import org.carecall.hub.store.Database;
import org.carecall.hub.support.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A community's care policy over a real SQLite file: the spec's defaults, what is saved, what a newer node wrote. */
class CarePoliciesTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));
    private Database database;
    private CarePolicies policies;
    private Site site;

    @BeforeEach
    void open() throws Exception {
        database = Database.open(Files.createTempDirectory("carecall-care-policy-"));
        policies = new CarePolicies(database, clock);
        site = new Community(database, clock).addSite("Xincheng", ZoneId.of("Asia/Shanghai"));
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void aCommunityThatSetNothingHasTheSpecsDefaults() throws Exception {
        CarePolicy policy = policies.forSite(site.id());

        assertThat(policy.daysFor(RiskLevel.HIGH)).isEqualTo(7);
        assertThat(policy.daysFor(RiskLevel.MEDIUM)).isEqualTo(30);
        assertThat(policy.daysFor(RiskLevel.LOW)).isEqualTo(90);
        assertThat(policy.notHomeRetryDays()).isEqualTo(2);
        assertThat(policy.eventVisitHours()).isEqualTo(24);
        assertThat(policy.checkIn().listAfterMin()).isEqualTo(15);
        assertThat(policy.workOrders().followUpHours()).isEqualTo(48);
    }

    @Test
    void aSavedPolicyIsReadBackAfterTheNodeForgetsIt() throws Exception {
        policies.save(site.id(), new CarePolicy(Map.of(RiskLevel.HIGH, 5, RiskLevel.MEDIUM, 14, RiskLevel.LOW, 60), 1, 12,
                null, null, new CarePolicy.Family(true)));
        policies.forget();

        CarePolicy read = new CarePolicies(database, clock).forSite(site.id());
        assertThat(read.daysFor(RiskLevel.HIGH)).isEqualTo(5);
        assertThat(read.daysFor(RiskLevel.LOW)).isEqualTo(60);
        assertThat(read.notHomeRetryDays()).isEqualTo(1);
        assertThat(read.family().callResolved()).as("told to the family, as the community chose").isTrue();
        assertThat(read.eventVisitHours()).isEqualTo(12);
    }

    @Test
    void aPolicyANewerNodeWroteWithFieldsAndTiersThisOneDoesNotKnowIsStillRead() throws Exception {
        database.writer().routine(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO care_policy (site_id, policy_json, updated_at) VALUES (?, ?, 0)")) {
                insert.setString(1, site.id());
                insert.setString(2, "{\"visitDays\":{\"HIGH\":6,\"MEDIUM\":20,\"LOW\":80,\"CRITICAL\":1},"
                        + "\"notHomeRetryDays\":3,\"eventVisitHours\":24,\"futureField\":{\"x\":1}}");
                return insert.executeUpdate();
            }
        }).join();

        CarePolicy read = policies.forSite(site.id());
        assertThat(read.daysFor(RiskLevel.HIGH)).isEqualTo(6);
        assertThat(read.notHomeRetryDays()).isEqualTo(3);
        assertThat(read.checkIn()).isEqualTo(CarePolicy.CheckIn.defaults());
    }

    @Test
    void aPolicyThatVisitsAHigherTierLessOftenOrOutOfBoundsIsRefusedByField() {
        CarePolicy upsideDown = new CarePolicy(Map.of(RiskLevel.HIGH, 60, RiskLevel.MEDIUM, 30, RiskLevel.LOW, 0), 0, 24,
                null, null, null);

        assertThat(upsideDown.problems()).extracting(CarePolicy.Problem::field)
                .contains("visitDays.LOW", "visitDays.HIGH", "notHomeRetryDays");
        assertThat(CarePolicy.defaults().problems()).isEmpty();
        assertThat(CarePolicy.defaults().family().callResolved()).as("a resolved call is told only if the community says so")
                .isFalse();
    }

    @Test
    void aCheckInLadderWithAStepBeforeTheDeadlineOrADayLateIsRefusedByField() {
        CarePolicy early = new CarePolicy(null, 2, 24, new CarePolicy.CheckIn(List.of(-5, 10), 15, 120,
                CarePolicy.CheckIn.MAX_MINUTES + 1), null, null);

        assertThat(early.problems()).extracting(CarePolicy.Problem::field)
                .containsExactly("checkIn.remindAfterMin", "checkIn.familyAfterMin");
        assertThat(new CarePolicy(null, 2, 24, new CarePolicy.CheckIn(null, 15, 120, 180), null, null).checkIn()
                .remindAfterMin()).as("no reminders rather than a ladder that breaks").isEmpty();
    }
}
