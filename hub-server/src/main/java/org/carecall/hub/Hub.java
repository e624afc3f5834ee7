package org.carecall.hub;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.carecall.hub.access.Scope;
import org.carecall.hub.alarm.AlarmIntake;
import org.carecall.hub.alarm.AlarmLifecycle;
import org.carecall.hub.alarm.AlarmStore;
import org.carecall.hub.alarm.SqlAlarmStore;
import org.carecall.hub.audit.AuditLog;
import org.carecall.hub.board.AlarmViews;
import org.carecall.hub.cluster.Cluster;
import org.carecall.hub.cluster.NodeGroup;
import org.carecall.hub.community.Community;
import org.carecall.hub.config.HubConfig;
import org.carecall.hub.config.Ports;
import org.carecall.hub.device.DeviceCommands;
import org.carecall.hub.device.DeviceLink;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.escalation.Announcer;
import org.carecall.hub.escalation.EscalationChains;
import org.carecall.hub.escalation.EscalationEngine;
import org.carecall.hub.escalation.EscalationPlanner;
import org.carecall.hub.escalation.EscalationPolicies;
import org.carecall.hub.escalation.OutsideChannel;
import org.carecall.hub.escalation.Ringing;
import org.carecall.hub.escalation.Sightings;
import org.carecall.hub.escalation.Staffing;
import org.carecall.hub.escalation.TimelineNotes;
import org.carecall.hub.escalation.Whereabouts;
import org.carecall.hub.events.HubEvent;
import org.carecall.hub.events.HubEvents;
import org.carecall.hub.fleet.WeeklyTests;
import org.carecall.hub.http.HttpEndpoint;
import org.carecall.hub.http.HttpRoutes;
import org.carecall.hub.inbox.DeviceInbox;
import org.carecall.hub.live.LiveConsoles;
import org.carecall.hub.metrics.HubMetrics;
import org.carecall.hub.metrics.ScrapeAccess;
import org.carecall.hub.mqtt.DeviceSessions;
import org.carecall.hub.mqtt.MqttEndpoint;
import org.carecall.hub.presence.DevicePresence;
import org.carecall.hub.presence.Supervision;
import org.carecall.hub.roster.DutyRoster;
import org.carecall.hub.security.ConnectionRate;
import org.carecall.hub.security.TlsIdentity;
import org.carecall.hub.staff.AdminPasswordFile;
import org.carecall.hub.staff.StaffDirectory;
import org.carecall.hub.store.Database;
import org.carecall.hub.store.HubLock;
import org.carecall.hub.store.StoreException;
import org.carecall.hub.watchdog.HubWatchdog;
import org.carecall.hub.watchdog.ServiceManager;
import org.carecall.protocol.message.DeviceConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running hub: the store, the device endpoint, presence and supervision, and the HTTP endpoint,
 * wired together. Tests start it in-process on free ports; {@link HubMain} starts it from the command line.
 */
public final class Hub implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Hub.class);
    // At most this long between writes of when units were seen; other hub nodes supervise from them.
    private static final Duration PRESENCE_FLUSH = Duration.ofSeconds(10);
    /** How often counted refusals are written: a flood of them is a few writes, not one per attempt. */
    private static final Duration REFUSAL_FLUSH = Duration.ofSeconds(2);
    private static final Duration WEEKLY_TEST_SWEEP = Duration.ofMinutes(1);
    // A store failure this long, with other nodes alive, sends this node's units to them.
    private static final Duration HAND_OVER_AFTER = Duration.ofSeconds(5);

    /** Enough rounds for the JIT's first tier to compile the path (it does at 200 calls); the store's are slower. */
    private static final int REHEARSAL_ROUNDS = 300;
    private static final int REHEARSAL_STORE_ROUNDS = 100;

    private final HubConfig config;
    private final TlsIdentity tls;
    private final HubLock lock;
    private final Database database;
    private final HubEvents events = new HubEvents();
    private final HubMetrics metrics = new HubMetrics();
    private final AuditLog audit;
    private final DeviceRegistry devices;
    private final AlarmStore alarms;
    private final AlarmIntake intake;
    private final DevicePresence presence;
    private final DeviceSessions sessions;
    private final DeviceCommands commands;
    private final Supervision supervision;
    private final DeviceInbox inbox;
    private final Clock clock;
    private final StaffDirectory staff;
    private final Community community;
    private final AlarmLifecycle lifecycle;
    private final DutyRoster roster;
    private final EscalationPolicies policies;
    private final EscalationEngine escalation;
    private final EscalationPlanner planner;
    private final AlarmViews views;
    private final WeeklyTests weeklyTests;
    private final LiveConsoles live;
    private final NodeGroup nodes;
    private final DeviceLink link;
    private final String firstAdminPassword;
    private final ScrapeAccess scrapes;
    private HttpRoutes routes = new HttpRoutes();
    private final MqttEndpoint mqtt = new MqttEndpoint();
    private final HttpEndpoint http = new HttpEndpoint();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("hub-timers").daemon(true).factory());
    /** Asks the store whether open consoles' sessions still stand: apart, so a slow store never delays a sweep. */
    private final ScheduledExecutorService sessionChecks = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("hub-session-checks").daemon(true).factory());
    private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();

    static {
        // Read once by the JDK when its TLS classes load; the hub's webhook client may load them first.
        org.carecall.hub.security.ServerTls.refuseClientRenegotiation();
    }

    private Hub(HubConfig config, Clock clock, Consumer<HttpRoutes> extraRoutes) throws Exception {
        this.config = config;
        this.clock = clock;
        List<String> webhookProblems = config.outsideChannelProblems(); // also for a hub configured in code, as the tests'
        if (!webhookProblems.isEmpty()) {
            throw new org.carecall.hub.config.ConfigException("the hub configuration is not usable:\n  - "
                    + String.join("\n  - ", webhookProblems));
        }
        Ports.checkFree(config); // before anything is created: a hub that cannot listen leaves nothing behind
        try {
            this.lock = HubLock.acquire(config.dataPath());
        } catch (IOException e) {
            throw new org.carecall.hub.config.ConfigException("cannot start: " + e.getMessage());
        }
        try {
            this.tls = TlsIdentity.of(config, clock.instant());
        } catch (org.carecall.hub.config.ConfigException e) {
            lock.close();
            throw e;
        }
        try {
            this.database = Database.open(config.dataPath(), config.storeSettings());
        } catch (java.sql.SQLException | RuntimeException e) {
            lock.close(); // a hub that could not open its store holds nothing
            throw e;
        }
        this.audit = new AuditLog(database, metrics, clock);
        this.devices = new DeviceRegistry(database, clock, config.limits.failedLoginsPerMinute,
                config.supervision.heartbeatS);
        this.alarms = new SqlAlarmStore(database, events);
        this.intake = new AlarmIntake(alarms, events, metrics, clock);
        this.presence = new DevicePresence(database,
                status -> events.publish(new HubEvent.DeviceStatusChanged(status)), clock);
        this.sessions = new DeviceSessions(config.limits.messageBurst, config.limits.messagesPerSecond);
        // On PostgreSQL other hub nodes may share the database: this node tells them its news and hears theirs.
        this.nodes = NodeGroup.of(database, config.node(), clock);
        this.link = nodes.link(sessions);
        this.commands = new DeviceCommands(database, link, clock);
        this.supervision = new Supervision(presence, intake, alarms, clock,
                Duration.ofSeconds(config.supervision.offlineAfterS));
        this.inbox = new DeviceInbox(intake, alarms,
                new DeviceInbox.Units(devices, presence, commands, sessions), audit, metrics, clock, background);

        this.staff = new StaffDirectory(database, audit, clock, Duration.ofHours(config.console.sessionHours),
                config.limits.failedLoginsPerMinute);
        this.community = new Community(database, clock);
        this.lifecycle = new AlarmLifecycle(alarms, events, link, clock, metrics);
        this.roster = new DutyRoster(database, staff, community, clock);
        this.policies = new EscalationPolicies(database, clock);
        OutsideChannel outside = new OutsideChannel(config.escalation.webhookUrl, config.escalation.webhookSecret,
                config.escalation.webhookAttempts, Duration.ofSeconds(2));
        Ringing ringing = new Ringing();
        this.views = new AlarmViews(devices, community, ringing, presence,
                Scope.of(community, devices, staff));
        EscalationChains chains = new EscalationChains(Whereabouts.of(devices, community), policies);
        lifecycle.checkOnSiteWith(chains::onSiteCheck);
        Sightings sightings = new Sightings(alarms, lifecycle, chains);
        this.live = new LiveConsoles(staff, alarms, views, audit, sightings::seen);
        Staffing staffing = Staffing.of(roster, staff);
        Duration unreachedRetry = Duration.ofSeconds(config.escalation.unreachedRetryS);
        this.planner = new EscalationPlanner(chains, staffing,
                nodes.consoles(live, staff, views), outside.configured(),
                Duration.ofSeconds(config.escalation.displayTimeoutS));
        TimelineNotes notes = new TimelineNotes(staffing, outside.configured(), unreachedRetry, clock);
        this.escalation = new EscalationEngine(alarms, planner,
                new Announcer(ringing, outside, events, alarms, notes, sightings, metrics), notes, events,
                unreachedRetry, clock);
        intake.planWith(escalation::firstSteps);
        this.weeklyTests = new WeeklyTests(devices, presence, commands, alarms, lifecycle,
                new WeeklyTests.Settings(Duration.ofDays(config.fleet.testEveryDays),
                        Duration.ofMinutes(config.fleet.testAnswerMinutes), Duration.ofMinutes(config.fleet.testRetryMinutes),
                        config.fleet.testsPerSweep), clock);
        events.connect(new HubEvents.Parts(live::onEvent, escalation::onEvent, escalation::onOtherNode,
                weeklyTests::onEvent));
        nodes.follow(events, sessions, supervision);
        // Revoked or re-keyed, here or on another node: the connection made with the old secret ends now.
        // Told on the store writer's thread: closing does not wait, and the audit row is written from elsewhere.
        devices.onCredentialsChanged(deviceId -> {
            if (sessions.closeIfOutdated(deviceId, devices::holds)) {
                background.execute(() -> audit.changed("hub", "connection.credentials-changed", deviceId, null,
                        "revoked or given a new secret while connected; the connection was closed"));
            }
        });
        database.writer().watchHealth(ok -> {
            if (!ok) {
                log.error("SYSTEM ALARM: the store cannot commit ({}); new calls are not being stored",
                        database.writer().lastFailure());
            }
            events.publish(new HubEvent.StoreHealthChanged(ok, ok ? null : database.writer().lastFailure()));
            if (ok) {
                sessions.acceptAgain();
            } else {
                timers.schedule(this::handUnitsOver, HAND_OVER_AFTER.toMillis(), TimeUnit.MILLISECONDS);
            }
        });

        // The ports were found free before anything was made, so this account's password is of use; a
        // generated one is kept in a file at once, so that even a start that fails after this locks nobody out.
        // It exists before the console answers, so a login right after the first start finds it.
        this.firstAdminPassword = AdminPasswordFile.ensureAdmin(staff, config.console.adminPassword, config.dataPath())
                .orElse(null);
        this.scrapes = ScrapeAccess.load(config.http.metricsToken, config.dataPath(), config.http.metricsFromLoopback);
        staff.onSessionsEnded(member -> live.closeEnded());
        HubGauges.register(metrics, this, database.writer(), clock);

        try {
            log.info("{} residents' files read into memory", community.readAllResidents());
        } catch (StoreException e) {
            log.warn("could not read the residents' files at start ({}); each is read at its first call", e.getMessage());
        }
        rehearseTheAlarmPath();
        try {
            mqtt.start(config, connectionRate("connect.rate-limited"), devices, sessions, inbox, audit, metrics,
                    tls.mqtt());
            HttpRoutes routes = new HubRoutes(this, database, views, planner, scrapes, http, mqtt).all();
            extraRoutes.accept(routes);
            routes.watchChanges(route -> nodes.changedThroughApi(route.method(), route.template()));
            this.routes = routes;
            http.start(config.http, connectionRate("http.rate-limited"), config.publicNameInUrl(), tls.https(), routes,
                    staff::caller, live);
        } catch (Exception e) {
            // A port in use, say: stop what did start, or the process would linger half a hub.
            close();
            throw e;
        }

        nodes.start(new OtherNodes(this));
        timers.scheduleWithFixedDelay(this::sweep, config.supervision.sweepS, config.supervision.sweepS, TimeUnit.SECONDS);
        // Sessions ended on another node or from the command line: their consoles here close within moments.
        sessionChecks.scheduleWithFixedDelay(this::closeEndedConsoles, 1, 1, TimeUnit.SECONDS);
        // At once, then periodically: whatever fell due while the hub was down fires now.
        events.run(escalation::recover);
        timers.scheduleWithFixedDelay(() -> events.run(escalation::sweep), 0, config.escalation.sweepMs,
                TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(this::weeklyTestSweep, WEEKLY_TEST_SWEEP.toSeconds(), WEEKLY_TEST_SWEEP.toSeconds(),
                TimeUnit.SECONDS);
        // A third of the silence window at most, so the node in charge never takes a stale row for silence.
        long flushS = Math.max(1, Math.min(PRESENCE_FLUSH.toSeconds(), config.supervision.offlineAfterS / 3));
        timers.scheduleWithFixedDelay(presence::flush, flushS, flushS, TimeUnit.SECONDS);
        timers.scheduleWithFixedDelay(audit::flushRefusals, REFUSAL_FLUSH.toMillis(), REFUSAL_FLUSH.toMillis(),
                TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(() -> audit.forgetRefusalsOlderThan(Duration.ofDays(config.limits.refusalRetentionDays)),
                1, 60, TimeUnit.MINUTES);
    }

    /** New connections per source for one endpoint, each one turned away counted as a refusal. */
    private ConnectionRate connectionRate(String refusal) {
        HubConfig.Limits limits = config.limits;
        return new ConnectionRate(limits.connectionBurstPerAddress, limits.connectionsPerSecondPerAddress,
                limits.limitLoopbackConnections, System::nanoTime,
                address -> audit.record(refusal, null, address.getHostAddress(), "more new connections than the limit per address"));
    }

    /** Where a generated admin password waits, readable only by the hub's user, until admin changes it. */
    public Path adminPasswordFile() {
        return AdminPasswordFile.in(config.dataPath()).file();
    }

    /** Starts a hub with the given settings; the clock is the hub's only source of time. */
    public static Hub start(HubConfig config, Clock clock) throws Exception {
        return new Hub(config, clock, routes -> { });
    }

    /** A hub with more HTTP routes than its own, such as the demo's simulator panel. */
    public static Hub start(HubConfig config, Clock clock, Consumer<HttpRoutes> extraRoutes) throws Exception {
        return new Hub(config, clock, extraRoutes);
    }

    /** Units are asked for their weekly test by one node: the one in charge, when several share the store. */
    private void weeklyTestSweep() {
        if (nodes.inCharge()) {
            weeklyTests.sweep();
        }
    }

    /**
     * The store has failed for a while and other nodes were alive: this node, cut off from the database,
     * lets its units go so they take their calls to a node that can store them. With no other node there
     * is nowhere better to go, and the units stay and wait (their calls are safe in their outboxes).
     */
    private void handUnitsOver() {
        if (!database.writer().healthy() && nodes.othersAlive()) {
            int units = sessions.handOver();
            log.error("this hub node cannot store calls ({}); {} units sent to the other nodes, new ones refused"
                    + " until the store works again", database.writer().lastFailure(), units);
        }
    }

    /** Before the first unit can connect, so that the first call runs on code already loaded and compiled. */
    private void rehearseTheAlarmPath() {
        long started = System.nanoTime();
        try {
            // A registered unit's call, if there is one: its resident, grid and policy are looked up as a real call's.
            String unit = devices.all().stream().map(org.carecall.hub.device.Device::id).findFirst().orElse(null);
            intake.rehearse(unit, REHEARSAL_ROUNDS, REHEARSAL_STORE_ROUNDS);
            log.info("the alarm path was rehearsed {} times in {} ms", REHEARSAL_ROUNDS,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        } catch (org.carecall.protocol.ProtocolException | RuntimeException e) {
            log.warn("could not rehearse the alarm path ({}); the first call will be slower", e.getMessage());
        }
    }

    /** The hub's scrape token file (when the token was not given in the settings). */
    public Path metricsTokenFile() {
        return ScrapeAccess.tokenFile(config.dataPath());
    }

    private void closeEndedConsoles() {
        try {
            live.closeEnded();
        } catch (RuntimeException e) {
            log.error("could not look for consoles whose session ended", e);
        }
    }

    private void sweep() {
        try {
            supervision.sweep();
        } catch (RuntimeException e) {
            log.error("supervision sweep failed", e);
        }
    }

    /** Stores new behaviour settings for a device and sends them at once if it is connected. */
    public CompletableFuture<DeviceConfig> configure(String deviceId, DeviceConfig settings) {
        return devices.updateConfig(deviceId, settings).thenApply(stored -> {
            sessions.send(deviceId, stored);
            return stored;
        });
    }

    /** Every HTTP route the hub answers, with who may call it. */
    public List<HttpRoutes.Listed> routeList() {
        return routes.list();
    }

    public Community community() {
        return community;
    }

    public LiveConsoles live() {
        return live;
    }

    public DutyRoster roster() {
        return roster;
    }

    public EscalationPolicies policies() {
        return policies;
    }

    public WeeklyTests weeklyTests() {
        return weeklyTests;
    }

    public EscalationEngine escalation() {
        return escalation;
    }

    public AlarmLifecycle lifecycle() {
        return lifecycle;
    }

    public StaffDirectory staff() {
        return staff;
    }

    /** The generated password of the first admin account, when this start created it; shown once. */
    public java.util.Optional<String> firstAdminPassword() {
        return java.util.Optional.ofNullable(firstAdminPassword);
    }

    Clock clock() {
        return clock;
    }

    public HubConfig config() {
        return config;
    }

    public DeviceRegistry devices() {
        return devices;
    }

    public AlarmStore alarms() {
        return alarms;
    }

    public AlarmIntake intake() {
        return intake;
    }

    public DevicePresence presence() {
        return presence;
    }

    /** This node's part among hub nodes on one database; null on the embedded store. */
    public Cluster cluster() {
        return nodes instanceof Cluster cluster ? cluster : null;
    }

    /** This node among the nodes that share its store (alone on the embedded store). */
    public NodeGroup nodes() {
        return nodes;
    }

    public DeviceSessions sessions() {
        return sessions;
    }

    public DeviceInbox inbox() {
        return inbox;
    }

    public HubMetrics metrics() {
        return metrics;
    }

    public DeviceCommands commands() {
        return commands;
    }

    public HubEvents events() {
        return events;
    }

    public AuditLog audit() {
        return audit;
    }

    public Supervision supervision() {
        return supervision;
    }

    public int mqttPort() {
        return mqtt.port();
    }

    public int mqttTlsPort() {
        return mqtt.tlsPort();
    }

    public int httpPort() {
        return http.port();
    }

    /** The certificate phones install and units pin (the community CA, unless a certificate is configured). */
    public TlsIdentity tls() {
        return tls;
    }

    /** The console's HTTPS port. */
    public int httpsPort() {
        return http.tlsPort();
    }

    /**
     * The checks before each watchdog ping: both endpoints' event loops, the event thread, and a commit
     * of the store writer (empty, so it costs one small transaction a check).
     */
    public HubWatchdog watchdog(ServiceManager manager) {
        return new HubWatchdog(manager)
                .watch("the MQTT endpoint's event loops", mqtt::probe)
                .watch("the HTTP endpoint's event loops", http::probe)
                .watch("the event thread", events::probe)
                .watch("the store writer", () -> database.writer().urgent(connection -> null));
    }

    /** Stops taking connections, then lets the store finish what it has accepted. */
    @Override
    public void close() {
        timers.shutdownNow();
        sessionChecks.shutdownNow();
        mqtt.close();
        live.closeAll();
        http.close();
        presence.flush().join();
        background.shutdown();
        nodes.close();
        events.close();
        database.close();
        lock.close();
    }
}
