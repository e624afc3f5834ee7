package org.carecall.hub.escalation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Set;
import org.carecall.hub.community.Community;
import org.carecall.hub.community.Site;
import org.carecall.hub.store.Database;
import org.carecall.hub.support.NewerNode;
import org.junit.jupiter.api.Test;

/** A community's escalation policy as a newer hub node stored it, read on a real SQLite file by this node. */
class EscalationPoliciesFromANewerNodeTest {
    @Test
    void anAudienceAndAFieldANewerNodeWroteAreLeftOutAndTheRestOfThePolicyHolds() throws Exception {
        try (Database database = Database.open(Files.createTempDirectory("carecall-policies-"))) {
            Site site = new Community(database, Clock.systemUTC()).addSite("Xincheng", ZoneId.of("Asia/Shanghai"));
            NewerNode.writes(database, "INSERT INTO escalation_policy (site_id, policy_json, updated_at) VALUES ('"
                    + site.id() + "', '{\"care\":[{\"afterS\":0,\"audiences\":[\"GRID_DUTY\",\"DRONE_V9\"]},"
                    + "{\"afterS\":30,\"audiences\":[\"SUPERVISORS\"],\"quietHours\":true}],\"technical\":[{\"afterS\":0,"
                    + "\"audiences\":[\"TECHNICIANS\"]}],\"onSiteTimeoutS\":600,\"followMe\":\"v9\"}', 0)");

            EscalationPolicy policy = new EscalationPolicies(database, Clock.systemUTC()).forSite(site.id());

            assertThat(policy.care()).extracting(EscalationPolicy.Step::audiences)
                    .containsExactly(Set.of(Audience.GRID_DUTY), Set.of(Audience.SUPERVISORS));
            assertThat(policy.onSiteTimeoutS()).isEqualTo(600);
        }
    }
}
