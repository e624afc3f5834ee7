package org.carecall.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageIdsTest {

    @Test
    void idsMadeInTheSameMillisecondSortInTheOrderTheyWereMade() {
        long now = System.currentTimeMillis();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(MessageIds.next(now));
        }

        assertThat(ids).isSorted().doesNotHaveDuplicates();
        assertThat(new HashSet<>(ids)).hasSize(10_000);
    }

    @Test
    void laterIdsSortAfterEarlierOnes() {
        String earlier = MessageIds.next(1_000_000L);
        String later = MessageIds.next(1_000_001L);

        assertThat(earlier).isLessThan(later);
    }

    @Test
    void anIdCarriesTheTimeItWasMade() {
        Instant at = Instant.parse("2026-11-22T08:15:30.125Z");

        String id = MessageIds.next(at.toEpochMilli());

        assertThat(id).hasSize(26);
        assertThat(MessageIds.timeOf(id)).isEqualTo(at);
        assertThat(MessageIds.isValid(id)).isTrue();
    }

    @Test
    void ulidsAndUuidsAreAcceptedAndNothingElse() {
        assertThat(MessageIds.isValid("01JDB6Y8Q3K5W9Z2N4P6R8T0VX")).isTrue();
        assertThat(MessageIds.isValid("0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b")).isTrue();
        assertThat(MessageIds.isValid("01JDB6Y8Q3K5W9Z2N4P6R8T0V")).isFalse();   // 25 characters
        assertThat(MessageIds.isValid("01JDB6Y8Q3K5W9Z2N4P6R8T0VU")).isFalse();  // U is not Crockford
        assertThat(MessageIds.isValid("81JDB6Y8Q3K5W9Z2N4P6R8T0VX")).isFalse();  // beyond 48 bits of time
        assertThat(MessageIds.isValid("press-1")).isFalse();
        assertThat(MessageIds.isValid(null)).isFalse();
    }
}
