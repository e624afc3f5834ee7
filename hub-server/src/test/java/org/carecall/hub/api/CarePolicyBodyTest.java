package org.carecall.hub.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.carecall.hub.care.CarePolicy;
import org.junit.jupiter.api.Test;

/** The care policy as sent to PUT /api/care-policies/{siteId}: what it leaves out, and what is refused. */
class CarePolicyBodyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aCheckInPolicySentWithoutSomeTimesKeepsTheDefaultsForThem() throws Exception {
        CarePolicy.CheckIn checkIn = CarePolicyApi.policy(JSON.readTree("{\"checkIn\":{\"listAfterMin\":30}}")).checkIn();

        assertThat(checkIn.listAfterMin()).isEqualTo(30);
        assertThat(checkIn.ringAfterMin()).as("the call does not come at the deadline").isEqualTo(120);
        assertThat(checkIn.familyAfterMin()).isEqualTo(180);
        assertThat(checkIn.remindAfterMin()).containsExactly(0, 10);
    }

    @Test
    void aReminderBeforeTheDeadlineIsRefused() {
        assertThatThrownBy(() -> CarePolicyApi.policy(JSON.readTree("{\"checkIn\":{\"remindAfterMin\":[-10, 0]}}")))
                .hasMessageContaining("checkIn.remindAfterMin");
    }
}
