package org.carecall.hub.family;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.IntStream;
import org.carecall.hub.community.Area;
import org.carecall.hub.community.Community;
import org.carecall.hub.community.Resident;
import org.carecall.hub.store.Database;
import org.carecall.hub.support.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The family outbox on a real store, with the test clock: Zhang Min's son is written to. */
abstract class FamilyOutboxContract {
    static final Duration LEASE = Duration.ofMinutes(2);
    final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T02:00:00Z"));
    Database database;
    FamilyOutbox outbox;
    Resident zhang;

    protected abstract Database open() throws Exception;

    @BeforeEach
    void given() throws Exception {
        database = open();
        outbox = new FamilyOutbox(database, clock);
        Community community = new Community(database, clock);
        Area grid = community.addArea(community.addSite("Xincheng", ZoneId.of("Asia/Shanghai")).id(), "Grid 1");
        zhang = community.saveResident(new Resident(null, grid.id(), "Zhang Min", "3 Hongqi Lane", "2-101", null,
                "zh-CN", null, List.of(), Resident.RiskLevel.HIGH));
    }

    @AfterEach
    void close() {
        database.close();
    }

    FamilyMessage message(String id) {
        return FamilyMessage.decided(id, zhang.id(), FamilyMessage.Kind.UPDATE, FamilyMessage.Channel.EMAIL,
                "Zhang Wei", "son", "wei@example.cn", "zh-CN", "张敏的近况", "今天见到了她。", "wang", clock.millis());
    }

    void store(int count) {
        outbox.store(IntStream.range(0, count).mapToObj(i -> message("m-" + i)).toList()).join();
    }

    @Test
    void aStoredMessageIsClaimedOnceAndMarkedDeliveredByItsClaimer() throws Exception {
        store(1);

        List<FamilyMessage> claimed = outbox.claimDue("node-a", 10, LEASE).join();
        assertThat(claimed).extracting(FamilyMessage::id).containsExactly("m-0");
        assertThat(claimed.getFirst().attempts()).isEqualTo(1);
        assertThat(outbox.claimDue("node-b", 10, LEASE).join()).isEmpty();
        assertThat(outbox.delivered("m-0", "node-b").join()).isFalse();
        assertThat(outbox.delivered("m-0", "node-a").join()).isTrue();

        FamilyMessage stored = outbox.ofResident(zhang.id(), 10).getFirst();
        assertThat(stored.state()).isEqualTo(FamilyMessage.State.DELIVERED);
        assertThat(stored.deliveredAt()).isEqualTo(clock.millis());
        assertThat(stored.body()).isEqualTo("今天见到了她。");
        clock.advance(Duration.ofHours(1));
        assertThat(outbox.claimDue("node-a", 10, LEASE).join()).isEmpty();
    }

    @Test
    void aFailedMessageWaitsUntilItsRetryAndIsGivenUpWhenToldSo() throws Exception {
        store(1);
        outbox.claimDue("node-a", 10, LEASE).join();
        assertThat(outbox.failed("m-0", "node-a", "550 mailbox unavailable",
                clock.millis() + Duration.ofMinutes(1).toMillis()).join()).isTrue();

        assertThat(outbox.claimDue("node-a", 10, LEASE).join()).isEmpty();
        clock.advance(Duration.ofMinutes(1));
        List<FamilyMessage> again = outbox.claimDue("node-a", 10, LEASE).join();
        assertThat(again).extracting(FamilyMessage::attempts).containsExactly(2);
        assertThat(again.getFirst().lastError()).isEqualTo("550 mailbox unavailable");

        outbox.failed("m-0", "node-a", "550 mailbox unavailable", null).join();
        clock.advance(Duration.ofDays(1));
        assertThat(outbox.claimDue("node-a", 10, LEASE).join()).isEmpty();
        assertThat(outbox.message("m-0").orElseThrow().state()).isEqualTo(FamilyMessage.State.GIVEN_UP);
    }

    @Test
    void aClaimWhoseNodeDiedIsClaimedAgainWithTheSameKeyAndTheDeadNodeMayNoLongerMarkIt() throws Exception {
        store(1);
        outbox.claimDue("node-a", 10, LEASE).join(); // node-a sends, then dies before marking
        clock.advance(LEASE.minusSeconds(1));
        assertThat(outbox.claimDue("node-b", 10, LEASE).join()).isEmpty();
        clock.advance(Duration.ofSeconds(1));

        assertThat(outbox.claimDue("node-b", 10, LEASE).join()).extracting(FamilyMessage::id).containsExactly("m-0");
        assertThat(outbox.delivered("m-0", "node-a").join()).isFalse();
        assertThat(outbox.delivered("m-0", "node-b").join()).isTrue();
    }

    @Test
    void aKeyIsStoredOnceHoweverOftenItIsDecidedAndTheGivenUpAreListed() throws Exception {
        assertThat(outbox.store(List.of(message("monthly-1"), message("monthly-2"))).join()).hasSize(2);
        assertThat(outbox.store(List.of(message("monthly-1"), message("monthly-3"))).join())
                .as("a second sweep stores only what is new").extracting(FamilyMessage::id).containsExactly("monthly-3");
        assertThat(outbox.ofResident(zhang.id(), 10)).hasSize(3);
        assertThat(outbox.known(List.of("monthly-1", "monthly-3", "monthly-9"))).containsExactlyInAnyOrder("monthly-1",
                "monthly-3");

        outbox.claimDue("node-a", 10, LEASE).join();
        outbox.failed("monthly-1", "node-a", "the gateway answered 500", null).join();
        assertThat(outbox.givenUp(10)).extracting(FamilyMessage::id).containsExactly("monthly-1");
        assertThat(outbox.givenUp(10).getFirst().lastError()).isEqualTo("the gateway answered 500");
    }
}
