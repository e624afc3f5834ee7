package org.carecall.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.carecall.agent.outbox.OutboxEntry;
import org.carecall.agent.support.CallCount;
import org.carecall.agent.support.TestAgents;
import org.carecall.hub.support.Closing;
import org.carecall.hub.support.ReliabilityLedger;
import org.carecall.hub.support.TestHub;
import org.carecall.hub.support.TestLiveConsole;
import org.carecall.hub.support.TestPostgres;
import org.carecall.hub.support.TestPostgresCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The database's primary dies under a storm of calls. Given a hub on a three-server PostgreSQL cluster
 * (one primary, two synchronous standbys, any one of which confirms a commit) reached through a
 * multi-host URL, when the primary is killed with kill -9 and, after a failover manager's detection time,
 * the most advanced standby is promoted, then the hub raises "cannot store calls", finds the new primary by
 * itself and clears it, every call a unit heard RECEIVED for is on the new primary, and every call is
 * stored once and RECEIVED in the end.
 */
@Tag("chaos")
class DatabasePrimaryKilledTest {
    private static final int UNITS = ReliabilityLedger.pick(3, 8);
    private static final Duration BEFORE_KILL = Duration.ofMillis(ReliabilityLedger.pick(2000, 10_000));
    private static final Duration DETECTION = Duration.ofMillis(ReliabilityLedger.pick(1000, 10_000));
    private static final Duration AFTER_FAILOVER = Duration.ofMillis(ReliabilityLedger.pick(2000, 10_000));
    private static final Duration WRITES_BACK = Duration.ofSeconds(30);
    private static final Duration WAIT = Duration.ofSeconds(60);

    private TestPostgresCluster database;
    private TestHub hub;
    private TestLiveConsole console;
    private final List<Agent> agents = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        Closing.all(agents, console, hub, database);
    }

    @Test
    void noAcknowledgedCallIsLostWhenThePrimaryIsKilledAndAStandbyPromoted() throws Exception {
        database = TestPostgresCluster.start();
        String url = database.newDatabase();
        hub = TestHub.start(Files.createTempDirectory("carecall-hub-"), Clock.systemUTC(), config -> {
            config.store.url = url;
            config.store.user = TestPostgres.USER;
            config.store.password = TestPostgres.PASSWORD;
        });
        TestAgents.startUnits(hub, UNITS, agents, WAIT);
        console = new TestLiveConsole(hub.hub().httpPort());
        console.auth(hub.admin().token());
        assertThat(console.next("ready", WAIT).path("system").path("storeOk").asBoolean()).isTrue();

        AtomicBoolean storming = new AtomicBoolean(true);
        List<Thread> residents = TestAgents.storm(agents, storming);
        Thread.sleep(BEFORE_KILL.toMillis());
        long receivedBeforeKill = received();
        Instant killed = database.killPrimary();

        JsonNode raised = console.next("system.status", WAIT);
        assertThat(raised).as("the \"cannot store calls\" alarm").isNotNull();
        assertThat(raised.path("system").path("storeOk").asBoolean()).isFalse();
        Instant noticed = Instant.now();
        // Reads on the event thread must not each wait out the pool's timeout while the server is gone.
        assertThat(Duration.between(killed, noticed)).as("the alarm on the console").isLessThan(Duration.ofSeconds(5));
        Thread.sleep(DETECTION.toMillis());
        database.promoteMostAdvanced();
        Instant promoted = Instant.now();

        JsonNode cleared = console.next("system.status", WAIT);
        assertThat(cleared).as("the alarm clears").isNotNull();
        assertThat(cleared.path("system").path("storeOk").asBoolean()).isTrue();
        Instant writing = Instant.now();
        Thread.sleep(AFTER_FAILOVER.toMillis());
        TestAgents.endStorm(storming, residents, agents, WAIT);
        Instant allIn = Instant.now();

        List<String> raisedAfterFailover = TestAgents.callsRaisedAfter(agents, writing);
        await().atMost(WAIT).until(() -> console.callsShown().containsAll(raisedAfterFailover));
        long writesBackMs = Duration.between(killed, writing).toMillis();
        ReliabilityLedger.Scenario counted = CallCount.of("database-primary-killed", "the primary of three PostgreSQL"
                + " servers (ANY 1 of 2 synchronous standbys) killed (kill -9) while residents press; the most"
                + " advanced standby promoted", hub.hub().calls().alarms(), agents, console.callsShown(), ("%d units; %d calls"
                + " RECEIVED before the kill, all on the new primary; alarm raised %d ms after the kill; standby"
                + " promoted %d ms after it (a failover manager's detection time of %d ms); writes back %d ms after"
                + " the kill; every call RECEIVED %d ms after it").formatted(UNITS, receivedBeforeKill,
                Duration.between(killed, noticed).toMillis(), Duration.between(killed, promoted).toMillis(),
                DETECTION.toMillis(), writesBackMs, Duration.between(killed, allIn).toMillis()));
        ReliabilityLedger.record(counted);
        assertThat(receivedBeforeKill).as("calls acknowledged before the kill").isPositive();
        assertThat(counted.lost()).as("RECEIVED calls missing on the new primary").isZero();
        assertThat(counted.doubled()).isZero();
        assertThat(counted.received()).isEqualTo(counted.pressed());
        assertThat(writesBackMs).as("writes back after the kill, ms").isLessThan(WRITES_BACK.toMillis());
        assertThat(raisedAfterFailover).isNotEmpty();
    }

    /** Calls the units have heard RECEIVED (or more) for. */
    private long received() {
        return agents.stream().mapToLong(agent -> agent.onLoop(() -> agent.outbox().all()).stream()
                .filter(OutboxEntry::isAlarm).filter(OutboxEntry::received).count()).sum();
    }
}
