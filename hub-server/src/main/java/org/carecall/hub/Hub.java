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
import java.util.function.Consumer;
import org.carecall.hub.access.Scope;
import org.carecall.hub.alarm.AlarmIntake;
import org.carecall.hub.alarm.AlarmLifecycle;
import org.carecall.hub.alarm.AlarmStore;
import org.carecall.hub.alarm.SqlAlarmStore;
import org.carecall.hub.audit.AuditLog;
import org.carecall.hub.board.AlarmViews;
import org.carecall.hub.care.CarePolicies;
import org.carecall.hub.checkin.CommunityHomes;
import org.carecall.hub.checkin.DailyCheckIn;
import org.carecall.hub.checkin.UnitsAndCalls;
import org.carecall.hub.cluster.Cluster;
import org.carecall.hub.cluster.NodeGroup;
import org.carecall.hub.community.Community;
import org.carecall.hub.config.HubConfig;
import org.carecall.hub.config.Ports;
import org.carecall.hub.config.TestHours;
import org.carecall.hub.device.Device;
import org.carecall.hub.device.DeviceCommands;
import org.carecall.hub.device.DeviceLink;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.device.UnitConfigs;
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
import org.carecall.hub.fleet.UnitZones;
import org.carecall.hub.fleet.WeeklyTests;
import org.carecall.hub.http.HttpEndpoint;
import org.carecall.hub.http.HttpRoutes;
import org.carecall.hub.inbox.DeviceInbox;
import org.carecall.hub.inbox.KeyPresses;
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

    private final HubConfig config;
    private final Clock clock;
    private final TlsIdentity tls;
    private final HubLock lock;
    private final Database database;
    private final HubEvents events = new HubEvents();
    private final HubMetrics metrics = new HubMetrics();
    private final Calls calls;
    private final Units units;
    private final People people;
    private final Care care;
    private final Family family;
    private final LiveConsoles live;
    private final NodeGroup nodes;
    private final String firstAdminPassword;
    private HttpRoutes routes = new HttpRoutes();
    private final MqttEndpoint mqtt = new MqttEndpoint();
    private final HttpEndpoint http = new HttpEndpoint();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("hub-timers").daemon(true).factory());
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
        config.checkOutsideChannel();
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
        AuditLog audit = new AuditLog(database, metrics, clock);
        DeviceRegistry devices = new DeviceRegistry(database, clock, config.limits.failedLoginsPerMinute,
                config.supervision.heartbeatS);
        AlarmStore alarms = new SqlAlarmStore(database, events);
        DevicePresence presence = new DevicePresence(database,
                status -> events.publish(new HubEvent.DeviceStatusChanged(status)), clock);
        DeviceSessions sessions = new DeviceSessions(config.limits.messageBurst, config.limits.messagesPerSecond);
        // On PostgreSQL other hub nodes may share the database: this node tells them its news and hears theirs.
        this.nodes = NodeGroup.of(database, config.node(), clock);
        DeviceLink link = nodes.link(sessions);
        DeviceCommands commands = new DeviceCommands(database, link, clock);
        StaffDirectory staff = new StaffDirectory(database, audit, clock, Duration.ofHours(config.console.sessionHours),
                config.limits.failedLoginsPerMinute);
        Community community = new Community(database, clock);
        DutyRoster roster = new DutyRoster(database, staff, community, clock);
        EscalationPolicies policies = new EscalationPolicies(database, clock);
        this.people = new People(staff, community, roster, policies, audit);
        CarePolicies carePolicies = new CarePolicies(database, clock);

        OutsideChannel outside = new OutsideChannel(config.escalation.webhookUrl, config.escalation.webhookSecret,
                config.escalation.webhookAttempts, Duration.ofSeconds(2));
        // The family's wing before the lifecycle: a call's resolution stores the family's news of it.
        this.family = Family.of(config, database, outside, clock, people, new Family.Sources(devices, carePolicies),
                metrics);

        // Escalation's reads come first: the lifecycle, the consoles and the intake are each handed what they use.
        EscalationChains chains = new EscalationChains(Whereabouts.of(devices, community), policies);
        AlarmLifecycle lifecycle = new AlarmLifecycle(alarms, events, link, clock, metrics, chains::onSiteCheck,
                family.told().resolvedCalls());
        Sightings sightings = new Sightings(alarms, lifecycle, chains);
        Ringing ringing = new Ringing();
        AlarmViews views = new AlarmViews(devices, community, ringing, presence, Scope.of(community, devices, staff));
        this.live = new LiveConsoles(staff, alarms, views, audit, sightings::seen);
        Staffing staffing = Staffing.of(roster, staff);
        Duration unreachedRetry = Duration.ofSeconds(config.escalation.unreachedRetryS);
        EscalationPlanner planner = new EscalationPlanner(chains, staffing, nodes.consoles(live, staff, views),
                outside.configured(), Duration.ofSeconds(config.escalation.displayTimeoutS));
        TimelineNotes notes = new TimelineNotes(staffing, outside.configured(), unreachedRetry, clock);
        EscalationEngine escalation = new EscalationEngine(alarms, planner,
                new Announcer(ringing, outside, link, events, alarms, notes, sightings, metrics), notes, events,
                unreachedRetry, clock);
        AlarmIntake intake = new AlarmIntake(alarms, events, metrics, clock, escalation::firstSteps);
        this.calls = new Calls(alarms, intake, lifecycle, escalation, events);

        Supervision supervision = new Supervision(presence, intake, alarms, clock,
                Duration.ofSeconds(config.supervision.offlineAfterS));
        UnitConfigs configs = new UnitConfigs(devices, link);
        DailyCheckIn checkIns = DailyCheckIn.wire(database, clock, new CommunityHomes(community, carePolicies, devices,
                clock), new UnitsAndCalls(presence, commands, intake, lifecycle,
                Duration.ofSeconds(config.supervision.offlineAfterS), clock), configs, family.told().missedCheckIns(),
                background);
        this.care = Care.of(database, clock, carePolicies, checkIns, community, devices, commands, audit);
        DeviceInbox inbox = new DeviceInbox(intake, alarms,
                new DeviceInbox.Units(devices, presence, commands, sessions),
                new KeyPresses(checkIns.desk(), care.serviceKey()), audit, metrics, clock, background);
        WeeklyTests weeklyTests = new WeeklyTests(devices, presence, commands, alarms, lifecycle,
                new WeeklyTests.Settings(Duration.ofDays(config.fleet.testEveryDays),
                        Duration.ofMinutes(config.fleet.testAnswerMinutes), Duration.ofMinutes(config.fleet.testRetryMinutes),
                        config.fleet.testsPerSweep, TestHours.parse(config.fleet.testHours)),
                new UnitZones(devices, community), clock);
        this.units = new Units(devices, presence, sessions, commands, supervision, inbox, weeklyTests,
                configs);
        care.serviceKey().serve(configs, background);

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
        StoreTrouble.watch(database.writer(), events, sessions, nodes, timers);

        // The ports were found free before anything was made, so this account's password is of use; a
        // generated one is kept in a file at once, so that even a start that fails after this locks nobody out.
        // It exists before the console answers, so a login right after the first start finds it.
        this.firstAdminPassword = AdminPasswordFile.ensureAdmin(staff, config.console.adminPassword, config.dataPath())
                .orElse(null);
        staff.onSessionsEnded(member -> live.closeEnded());
        HubGauges.register(metrics, this, database.writer(), clock);

        try {
            log.info("{} residents' files read into memory", community.readAllResidents());
        } catch (StoreException e) {
            log.warn("could not read the residents' files at start ({}); each is read at its first call", e.getMessage());
        }
        intake.rehearseAtStart(devices.all().stream().map(Device::id).findFirst().orElse(null));
        // Among other nodes before serving: a console's board read from now on misses no other node's call.
        nodes.start(new OtherNodes(this));
        try {
            mqtt.start(config, connectionRate("connect.rate-limited"), devices, sessions, inbox, audit, metrics,
                    tls.mqtt());
            HttpRoutes routes = new HubRoutes(this, database, views, planner, ScrapeAccess.load(config.http.metricsToken,
                    config.dataPath(), config.http.metricsFromLoopback), http, mqtt).all();
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

        HubTimers.start(this, timers, sessionChecks);
    }

    /** New connections per source for one endpoint, each one turned away counted as a refusal. */
    private ConnectionRate connectionRate(String refusal) {
        HubConfig.Limits limits = config.limits;
        return new ConnectionRate(limits.connectionBurstPerAddress, limits.connectionsPerSecondPerAddress,
                limits.limitLoopbackConnections, System::nanoTime,
                address -> people.audit().record(refusal, null, address.getHostAddress(),
                        "more new connections than the limit per address"));
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

    /** The hub's scrape token file (when the token was not given in the settings). */
    public Path metricsTokenFile() {
        return ScrapeAccess.tokenFile(config.dataPath());
    }

    /** Stores new behaviour settings for a device (its keys as answered) and sends them at once if it is connected. */
    public CompletableFuture<DeviceConfig> configure(String deviceId, DeviceConfig settings) {
        return units.configs().configure(deviceId, settings);
    }

    /** Every HTTP route the hub answers, with who may call it. */
    public List<HttpRoutes.Listed> routeList() {
        return routes.list();
    }

    /** The calls' wing: the store, the intake, the lifecycle, escalation and the hub's events. */
    public Calls calls() {
        return calls;
    }

    /** The units' wing: registry, presence, connections, commands, supervision, the inbox and weekly tests. */
    public Units units() {
        return units;
    }

    /** The people's wing: staff, the community's files and grids, the roster, policies and the audit trail. */
    public People people() {
        return people;
    }

    /** The everyday care's wing: care policies, visits and their tasks, the visit sweep. */
    public Care care() {
        return care;
    }

    /** The family's wing: the outbox of news to residents' families, what decides it, the sender. */
    public Family family() {
        return family;
    }

    public LiveConsoles live() {
        return live;
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

    /** This node's part among hub nodes on one database; null on the embedded store. */
    public Cluster cluster() {
        return nodes instanceof Cluster cluster ? cluster : null;
    }

    /** This node among the nodes that share its store (alone on the embedded store). */
    public NodeGroup nodes() {
        return nodes;
    }

    public HubMetrics metrics() {
        return metrics;
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
        care.sweep().close();
        care.checkIns().sweep().close();
        family.told().close();
        family.sender().close();
        mqtt.close();
        live.closeAll();
        http.close();
        units.presence().flush().join();
        background.shutdown();
        nodes.close();
        events.close();
        database.close();
        lock.close();
    }
}
