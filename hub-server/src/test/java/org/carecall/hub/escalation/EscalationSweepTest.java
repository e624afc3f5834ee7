package org.carecall.hub.escalation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carecall.hub.escalation.Calls.T0;
import static org.carecall.hub.escalation.Calls.call;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.carecall.hub.alarm.Alarm;
import org.carecall.hub.alarm.AlarmStore;
import org.carecall.hub.community.Area;
import org.carecall.hub.events.HubEvents;
import org.carecall.hub.support.MutableClock;
import org.carecall.protocol.AlarmKind;
import org.carecall.protocol.AlarmState;
import org.junit.jupiter.api.Test;

/**
 * The sweep under a busy store, with plain fakes: a claim that waits behind other writes is not made again
 * by the sweeps that come meanwhile, a stuck one is retried after a minute, and a backlog is read in batches.
 */
class EscalationSweepTest {
    private final MutableClock clock = new MutableClock(T0.plusSeconds(40));
    private final List<Alarm> due = new ArrayList<>();
    private final List<CompletableFuture<AlarmStore.Claimed<AlarmStore.Claim>>> claims = new ArrayList<>();
    private final List<Integer> limits = new ArrayList<>();
    private final EscalationEngine engine = engine();

    @Test
    void aCallWhoseClaimIsQueuedIsNotClaimedAgainUntilTheStoreAnswers() {
        due.add(call(AlarmState.NOTIFIED, 1, T0.plusSeconds(30)));

        CompletableFuture<Void> first = engine.sweep();
        engine.sweep();
        engine.sweep();
        assertThat(claims).as("one claim, however many sweeps come while it waits").hasSize(1);
        assertThat(first).isNotDone();

        claims.getFirst().complete(new AlarmStore.Claimed<>(AlarmStore.Claim.LOST, null));
        assertThat(first).isDone();
        engine.sweep();
        assertThat(claims).as("answered, the call is the sweep's again").hasSize(2);
    }

    @Test
    void aClaimNeverAnsweredIsMadeAgainAfterAMinute() {
        due.add(call(AlarmState.NOTIFIED, 1, T0.plusSeconds(30)));
        engine.sweep();
        clock.advance(Duration.ofSeconds(59));
        engine.sweep();
        assertThat(claims).hasSize(1);

        clock.advance(Duration.ofSeconds(2));
        engine.sweep();
        assertThat(claims).as("a call is never left behind by a lost answer").hasSize(2);
    }

    @Test
    void eachSweepReadsOneBatchOfTheBacklog() {
        for (int i = 0; i < 3; i++) {
            due.add(call("unit-" + i, AlarmKind.CALL_BUTTON, AlarmState.NOTIFIED, 1,
                    T0.plusSeconds(30)));
        }
        engine.sweep();
        assertThat(limits).containsExactly(EscalationEngine.SWEEP_BATCH);
        assertThat(claims).as("every call read is claimed").hasSize(3);
    }

    private EscalationEngine engine() {
        AlarmStore store = (AlarmStore) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {AlarmStore.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "dueForEscalation" -> {
                        limits.add((Integer) args[1]);
                        yield due.stream().limit((Integer) args[1]).toList();
                    }
                    case "claimEscalation" -> {
                        CompletableFuture<AlarmStore.Claimed<AlarmStore.Claim>> claim = new CompletableFuture<>();
                        claims.add(claim);
                        yield claim;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        People nobody = People.nobody();
        EscalationChains chains = new EscalationChains(call -> Optional.<Area>empty(), siteId -> EscalationPolicy.defaults());
        EscalationPlanner planner = new EscalationPlanner(chains, nobody, nobody, false, Duration.ofSeconds(20));
        TimelineNotes notes = new TimelineNotes(nobody, false, Duration.ofMinutes(1), clock);
        // A lost claim fires nothing, so nothing is announced: the announcer's other parts are never asked.
        Announcer announcer = new Announcer(new Ringing(), null, null, null, store, notes, null, null);
        return new EscalationEngine(store, planner, announcer, notes, new HubEvents(), Duration.ofMinutes(1), clock);
    }
}
