package org.carecall.hub;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.carecall.hub.alarm.AlarmIntake;
import org.carecall.hub.alarm.AlarmStore;
import org.carecall.hub.alarm.SqlAlarmStore;
import org.carecall.hub.audit.AuditLog;
import org.carecall.hub.cluster.Cluster;
import org.carecall.hub.cluster.ClusterConsoles;
import org.carecall.hub.cluster.ClusterLink;
import org.carecall.hub.cluster.HubNodes;
import org.carecall.hub.cluster.NodeNews;
import org.carecall.hub.config.HubConfig;
import org.carecall.hub.config.Ports;
import org.carecall.hub.device.DeviceCommands;
import org.carecall.hub.device.DeviceInbox;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.device.Enrolment;
import org.carecall.hub.device.EnrolmentAddress;
import org.carecall.hub.events.HubEvent;
import org.carecall.hub.events.HubEvents;
import org.carecall.hub.fleet.WeeklyTests;
import org.carecall.hub.http.HttpEndpoint;
import org.carecall.hub.alarm.AlarmLifecycle;
import org.carecall.hub.access.Scope;
import org.carecall.hub.api.AlarmApi;
import org.carecall.hub.api.AuditApi;
import org.carecall.hub.api.AlarmViews;
import org.carecall.hub.api.CareApi;
import org.carecall.hub.api.CommunityApi;
import org.carecall.hub.api.ConsoleFiles;
import org.carecall.hub.api.DeviceApi;
import org.carecall.hub.api.SessionApi;
import org.carecall.hub.api.StaffApi;
import org.carecall.hub.api.ReportApi;
import org.carecall.hub.api.RosterApi;
import org.carecall.hub.care.CarePolicies;
import org.carecall.hub.care.CareReport;
import org.carecall.hub.care.CareRounds;
import org.carecall.hub.care.TodayList;
import org.carecall.hub.care.VisitSweep;
import org.carecall.hub.community.Community;
import org.carecall.hub.escalation.EscalationEngine;
import org.carecall.hub.escalation.EscalationPolicies;
import org.carecall.hub.escalation.OutsideChannel;
import org.carecall.hub.escalation.Ringing;
import org.carecall.hub.report.ResponseTimes;
import org.carecall.hub.roster.DutyRoster;
import org.carecall.hub.http.HttpRoutes;
import org.carecall.hub.http.HttpRoutes.Access;
import org.carecall.hub.security.ConnectionRate;
import org.carecall.hub.staff.AdminPasswordFile;
import org.carecall.hub.staff.StaffDirectory;
import org.carecall.hub.live.LiveConsoles;
import org.carecall.hub.metrics.HubMetrics;
import org.carecall.hub.metrics.ScrapeAccess;
import org.carecall.hub.mqtt.DeviceSessions;
import org.carecall.hub.mqtt.MqttEndpoint;
import org.carecall.hub.presence.DevicePresence;
import org.carecall.hub.presence.DeviceStatus;
import org.carecall.hub.presence.Supervision;
import org.carecall.hub.store.Database;
import org.carecall.hub.store.HubLock;
import org.carecall.hub.security.TlsIdentity;
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
    // Visit tasks are days apart: a file's new tier shows in the tasks within this, a visit's effect at once.
    private static final Duration VISIT_SWEEP_FIRST = Duration.ofSeconds(20);
    private static final Duration VISIT_SWEEP = Duration.ofMinutes(10);
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
    private final CarePolicies carePolicies;
    private final CareRounds careRounds;
    private final VisitSweep visitSweep;
    private final EscalationEngine escalation;
    private final AlarmViews views;
    private final WeeklyTests weeklyTests;
    private final LiveConsoles live;
    private final Cluster cluster; // null: the embedded store, one node
    private final ClusterLink link;
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
        this.alarms = new SqlAlarmStore(database);
        this.intake = new AlarmIntake(alarms, events, metrics, clock);
        this.presence = new DevicePresence(database, events, clock);
        this.sessions = new DeviceSessions(config.limits.messageBurst, config.limits.messagesPerSecond);
        // On PostgreSQL other hub nodes may share the database: this node tells them its news and hears theirs.
        this.cluster = database.engine() == org.carecall.hub.store.Engine.POSTGRESQL
                ? new Cluster(database, config.node(), clock, this::consolesHere, sessions::count, this::nodeLost)
                : null;
        this.link = new ClusterLink(sessions, cluster);
        this.commands = new DeviceCommands(database, link, clock);
        this.supervision = new Supervision(presence, intake, alarms, clock,
                Duration.ofSeconds(config.supervision.offlineAfterS));
        if (cluster != null) {
            supervision.shareWithOtherNodes(cluster.nodes()::inCharge);
        }
        this.inbox = new DeviceInbox(intake, alarms, presence, devices, commands, sessions, audit, metrics,
                clock, background);

        this.staff = new StaffDirectory(database, audit, clock, Duration.ofHours(config.console.sessionHours),
                config.limits.failedLoginsPerMinute);
        this.community = new Community(database, clock);
        this.lifecycle = new AlarmLifecycle(alarms, events, link, clock, metrics);
        this.roster = new DutyRoster(database, staff, community, clock);
        this.policies = new EscalationPolicies(database, clock);
        this.carePolicies = new CarePolicies(database, clock);
        this.careRounds = new CareRounds(database, clock);
        this.visitSweep = new VisitSweep(community, carePolicies, careRounds);
        OutsideChannel outside = new OutsideChannel(config.escalation.webhookUrl, config.escalation.webhookSecret,
                config.escalation.webhookAttempts, Duration.ofSeconds(2));
        Ringing ringing = new Ringing();
        this.views = new AlarmViews(devices, community, ringing, presence,
                Scope.of(community, devices, staff));
        // A console's sighting goes to escalation, which is made just below (escalation asks who is open).
        this.live = new LiveConsoles(staff, alarms, views, audit, this::seen);
        this.escalation = new EscalationEngine(alarms, lifecycle, roster, community, devices, staff, policies,
                ringing, outside, events, cluster == null ? live : new ClusterConsoles(live, cluster.nodes(), staff, views),
                new EscalationEngine.Timing(
                        Duration.ofSeconds(config.escalation.displayTimeoutS),
                        Duration.ofSeconds(config.escalation.unreachedRetryS)), metrics, clock);
        intake.planWith(escalation::firstSteps);
        lifecycle.checkOnSiteWith(escalation::onSiteCheck);
        this.weeklyTests = new WeeklyTests(devices, presence, commands, alarms, lifecycle,
                new WeeklyTests.Settings(Duration.ofDays(config.fleet.testEveryDays),
                        Duration.ofMinutes(config.fleet.testAnswerMinutes), Duration.ofMinutes(config.fleet.testRetryMinutes),
                        config.fleet.testsPerSweep), clock);
        events.connect(new HubEvents.Parts(live::onEvent, escalation::onEvent, escalation::onOtherNode,
                weeklyTests::onEvent));
        if (cluster != null) {
            events.subscribe(cluster.journal()::onEvent);
            sessions.watch(cluster.units());
        }
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
            } else if (cluster != null) {
                timers.schedule(this::handUnitsOver, HAND_OVER_AFTER.toMillis(), TimeUnit.MILLISECONDS);
            }
        });

        // The ports were found free before anything was made, so this account's password is of use; a
        // generated one is kept in a file at once, so that even a start that fails after this locks nobody out.
        // It exists before the console answers, so a login right after the first start finds it.
        this.firstAdminPassword = staff.ensureAdmin(config.console.adminPassword)
                .filter(password -> !password.equals(config.console.adminPassword)).orElse(null);
        if (firstAdminPassword != null) {
            writeAdminPasswordFile(firstAdminPassword);
        }
        this.scrapes = ScrapeAccess.load(config.http.metricsToken, config.dataPath(), config.http.metricsFromLoopback);
        staff.onSessionsEnded(member -> live.closeEnded());
        staff.onPasswordChanged(member -> {
            if (member.username().equals("admin")) {
                removeAdminPasswordFile();
            }
        });
        metrics.gauge("carecall_devices_connected", "Devices with an open MQTT connection", sessions::count);
        metrics.gauge("carecall_store_healthy", "1 while the store commits, 0 while commits fail",
                () -> database.writer().healthy() ? 1 : 0);
        metrics.gauge("carecall_store_queued", "Writes waiting for the store writer", () -> database.writer().queued());
        metrics.gauge("carecall_store_writes", "Writes handed to the store writer since start, by lane", List.of("lane"),
                () -> Map.of(List.of("urgent"), database.writer().writesTaken(true),
                        List.of("routine"), database.writer().writesTaken(false)));
        database.writer().watchCommits(metrics::storeCommit);
        metrics.gauge("carecall_calls_unreached", "Calls whose every escalation step reached nobody, not yet taken",
                () -> ringing.unreachedCount());
        metrics.gauge("carecall_consoles_connected", "Open consoles on /ws, by their person's role", List.of("role"),
                () -> live.countByRole().entrySet().stream().collect(java.util.stream.Collectors.toMap(
                        entry -> List.of(entry.getKey()), Map.Entry::getValue)));
        metrics.gauge("carecall_units", "Registered units by whether they are online", List.of("status"), () -> {
            long online = presence.onlineCount();
            return Map.of(List.of("online"), online, List.of("offline"), Math.max(0, presence.all().size() - online));
        });
        metrics.gauge("carecall_grids_without_duty", "Grids with nobody from the care staff on duty now",
                this::gridsWithoutDuty);
        metrics.gauge("carecall_throttled_sources", "Addresses (alone, or with one id or name) made to wait for wrong secrets or passwords, by what they tried",
                List.of("target"), () -> Map.of(List.of("unit"), devices.throttledSources(),
                        List.of("staff"), staff.throttledSources()));
        metrics.gauge("carecall_data_free_bytes", "Free space on the file system of the data directory",
                () -> config.dataPath().toFile().getUsableSpace());
        metrics.gauge("carecall_backup_age_seconds", "Age of the newest backup in <dataDir>/backups (-1: none)",
                this::backupAgeSeconds);
        metrics.gauge("carecall_open_calls", "Calls not yet closed, by kind and state", List.of("kind", "state"),
                this::openCallsByKindAndState);

        try {
            log.info("{} residents' files read into memory", community.readAllResidents());
        } catch (StoreException e) {
            log.warn("could not read the residents' files at start ({}); each is read at its first call", e.getMessage());
        }
        rehearseTheAlarmPath();
        try {
            mqtt.start(config, connectionRate("connect.rate-limited"), devices, sessions, inbox, audit, metrics,
                    tls.mqtt());
            HttpRoutes routes = routes();
            extraRoutes.accept(routes);
            routes.watchChanges(this::recordsChanged);
            this.routes = routes;
            http.start(config.http, connectionRate("http.rate-limited"), config.publicNameInUrl(), tls.https(), routes,
                    staff::caller, live);
        } catch (Exception e) {
            // A port in use, say: stop what did start, or the process would linger half a hub.
            close();
            throw e;
        }

        if (cluster != null) {
            cluster.start(this::fromOtherNode);
        }
        timers.scheduleWithFixedDelay(this::sweep, config.supervision.sweepS, config.supervision.sweepS, TimeUnit.SECONDS);
        // Sessions ended on another node or from the command line: their consoles here close within moments.
        sessionChecks.scheduleWithFixedDelay(this::closeEndedConsoles, 1, 1, TimeUnit.SECONDS);
        // At once, then periodically: whatever fell due while the hub was down fires now.
        events.run(escalation::recover);
        timers.scheduleWithFixedDelay(() -> events.run(escalation::sweep), 0, config.escalation.sweepMs,
                TimeUnit.MILLISECONDS);
        visitSweep.start(VISIT_SWEEP_FIRST, VISIT_SWEEP);
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

    private void writeAdminPasswordFile(String password) {
        try {
            AdminPasswordFile.in(config.dataPath()).write(password);
            log.warn("the first admin password is in {} (readable only by this user) until admin changes it",
                    adminPasswordFile());
        } catch (IOException | UnsupportedOperationException e) {
            log.error("could not write the first admin password to {}: {}", adminPasswordFile(), e.getMessage());
        }
    }

    private void removeAdminPasswordFile() {
        try {
            if (AdminPasswordFile.in(config.dataPath()).remove()) {
                log.info("admin chose a password; {} removed", adminPasswordFile());
            }
        } catch (IOException e) {
            log.error("could not remove {}: {}", adminPasswordFile(), e.getMessage());
        }
    }

    /** Starts a hub with the given settings; the clock is the hub's only source of time. */
    public static Hub start(HubConfig config, Clock clock) throws Exception {
        return new Hub(config, clock, routes -> { });
    }

    /** A hub with more HTTP routes than its own, such as the demo's simulator panel. */
    public static Hub start(HubConfig config, Clock clock, Consumer<HttpRoutes> extraRoutes) throws Exception {
        return new Hub(config, clock, extraRoutes);
    }

    /**
     * News from another hub node, on the feed's thread. Its events go to this node's escalation (who is
     * ringing) and consoles, in order with this node's own (the fan-out is the events' own); the store was
     * written by the node they happened on, so nothing here writes them again.
     */
    private void fromOtherNode(NodeNews news) {
        switch (news) {
            case NodeNews.Event(HubEvent event) -> events.run(() -> {
                if (event instanceof HubEvent.DeviceStatusChanged changed) {
                    if (sessions.connected(changed.status().deviceId())) {
                        return; // held here: this node knows better than the one it left
                    }
                    presence.fromOtherNode(changed.status());
                }
                events.deliverFromOtherNode(event);
            });
            case NodeNews.UnitLogin login -> {
                if (sessions.takenOver(login.deviceId(), login.epoch())) {
                    log.info("device {} logged in on hub node {} (epoch {}); its older connection here is closed",
                            login.deviceId(), login.node(), login.epoch());
                }
            }
            case NodeNews.UnitLogout logout -> { }
            case NodeNews.UnitMessage message -> link.deliver(message);
            case NodeNews.RecordsChanged changed -> readRecordsAgain(changed.what());
        }
    }

    /** Another node changed records this node keeps copies of: staff, units, the community, policies. */
    private void readRecordsAgain(String what) {
        try {
            devices.reload(); // first: a unit revoked or re-keyed there is cut off here at once
            staff.reload();
            live.closeEnded();
            community.forget();
            policies.forget();
            carePolicies.forget();
            log.debug("records read again after {} on another hub node", what);
        } catch (StoreException e) {
            log.error("could not read the records another hub node changed ({}): {}", what, e.getMessage());
        }
    }

    /**
     * A change through the API other than to a call or a login (those travel as the call's own news, and
     * a session is looked up where it is used) is told to the other nodes, which read their copies again.
     */
    private void recordsChanged(HttpRoutes.Listed route) {
        if (cluster != null && !route.template().startsWith("/api/alarms")
                && !(route.method().equals("POST") && route.template().equals("/api/session"))
                && !CareApi.keptInStoreOnly(route.template())) {
            cluster.journal().tell(new NodeNews.RecordsChanged(route.method() + " " + route.template()));
        }
    }

    /** Units are asked for their weekly test by one node: the one in charge, when several share the store. */
    private void weeklyTestSweep() {
        if (cluster == null || cluster.nodes().inCharge()) {
            weeklyTests.sweep();
        }
    }

    /**
     * The store has failed for a while and other nodes were alive: this node, cut off from the database,
     * lets its units go so they take their calls to a node that can store them. With no other node there
     * is nowhere better to go, and the units stay and wait (their calls are safe in their outboxes).
     */
    private void handUnitsOver() {
        if (!database.writer().healthy() && cluster.nodes().othersAlive()) {
            int units = sessions.handOver();
            log.error("this hub node cannot store calls ({}); {} units sent to the other nodes, new ones refused"
                    + " until the store works again", database.writer().lastFailure(), units);
        }
    }

    /** The staff with a console open on this node, for the other nodes. */
    private java.util.Set<String> consolesHere() {
        return live == null ? java.util.Set.of() : live.staffOpen();
    }

    /**
     * Another node stopped: its units are given a full window to reappear before they count as silent,
     * who rings is read again from the store, and the consoles here are sent their boards again from it:
     * the store has every call and every ring that node committed, whether or not its news was written.
     */
    private void nodeLost(HubNodes.Node node) {
        supervision.graceFrom(clock.instant());
        if (live != null) {
            events.run(() -> {
                escalation.recover();
                live.sendBoardAgain();
            });
        }
    }

    private double gridsWithoutDuty() {
        try {
            var onDuty = roster.onDutyNow().stream().filter(duty -> duty.staff().role() == org.carecall.hub.staff.Role.DUTY
                    || duty.staff().role() == org.carecall.hub.staff.Role.SUPERVISOR).toList();
            return community.areas().stream().filter(area -> onDuty.stream().noneMatch(duty -> duty.covers(area))).count();
        } catch (StoreException | RuntimeException e) {
            return -1;
        }
    }

    /** The package's nightly timer writes into the data directory's backups folder. */
    private double backupAgeSeconds() {
        try (var files = java.nio.file.Files.list(config.dataPath().resolve("backups"))) {
            return files.filter(file -> file.getFileName().toString().endsWith(".db")
                            || file.getFileName().toString().endsWith(org.carecall.hub.store.Backup.SEALED))
                    .mapToLong(file -> file.toFile().lastModified()).max()
                    .stream().mapToDouble(newest -> Math.max(0, clock.millis() - newest) / 1000.0).findFirst().orElse(-1);
        } catch (java.io.IOException e) {
            return -1;
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

    private Map<List<String>, Integer> openCallsByKindAndState() {
        Map<List<String>, Integer> counts = new java.util.HashMap<>();
        try {
            alarms.openCounts().forEach(open -> counts.put(List.of(open.kind().name(), open.state().name()), open.count()));
        } catch (StoreException e) {
            log.warn("metrics: open calls could not be counted: {}", e.getMessage());
        }
        return counts;
    }

    private CompletableFuture<?> seen(org.carecall.hub.alarm.Alarm alarm, org.carecall.hub.staff.Staff by, String origin) {
        return escalation.seen(alarm, by, origin);
    }

    private HttpRoutes routes() {
        HttpRoutes routes = new HttpRoutes()
                .add(HttpMethod.GET, "/healthz", Access.PUBLIC, call -> health())
                .add(HttpMethod.GET, "/metrics", Access.PUBLIC, this::scrape)
                // The certificate phones install and units pin, for anyone: it is public by nature.
                .add(HttpMethod.GET, "/ca.pem", Access.PUBLIC, call -> HttpRoutes.Reply.text(HttpResponseStatus.OK,
                        "application/x-x509-ca-cert", tls.anchorPem()))
                .add(HttpMethod.GET, "/api/tls", Access.PUBLIC, call -> HttpRoutes.Reply.ok(Map.of(
                        "fingerprint", tls.pin(), "publicName", config.publicNames().getFirst(),
                        "publicNames", config.publicNames(), "httpsPort", http.tlsPort(), "mqttTlsPort", mqtt.tlsPort(),
                        "hubMade", tls.hubMade())));
        new ConsoleFiles(config.console.extraScripts).register(routes);
        new SessionApi(staff).register(routes);
        new StaffApi(staff, community, audit, live, views.scope()).register(routes);
        new AuditApi(audit, views.scope(), staff).register(routes);
        new CommunityApi(community, devices, alarms, audit, views.scope()).register(routes);
        new DeviceApi(devices, presence, commands, new Enrolment(database, devices, audit, clock,
                config.limits.failedLoginsPerMinute, id -> presence.status(id).map(DeviceStatus::online).orElse(false)),
                weeklyTests, community, audit, mqtt.port(), mqtt::tlsPort,
                new EnrolmentAddress(config.publicNameInUrl(), http::tlsPort, tls.pin()), this::configure, views.scope())
                .register(routes);
        new AlarmApi(alarms, lifecycle, views, staff, audit).register(routes);
        new RosterApi(roster, policies, escalation, community, staff, audit, clock, views.scope()).register(routes);
        new ReportApi(new ResponseTimes(alarms, devices, community), weeklyTests, clock, views.scope()).register(routes);
        new CareApi(carePolicies, careRounds, new TodayList(community, carePolicies, careRounds),
                new CareReport(database, clock), community, staff, audit, clock, views.scope()).register(routes);
        return routes;
    }

    /** The metrics, for the monitoring system only: with the scrape token, or from this machine. */
    private HttpRoutes.Reply scrape(org.carecall.hub.http.HttpCall call) {
        if (!scrapes.allows(call.peer(), call.header("Authorization"), call.forwarded())) {
            return HttpRoutes.Reply.json(HttpResponseStatus.UNAUTHORIZED, Map.of("error", "unauthenticated",
                    "detail", "send the scrape token as 'Authorization: Bearer <token>'"));
        }
        return HttpRoutes.Reply.text(HttpResponseStatus.OK, HubMetrics.contentType(), metrics.scrape());
    }

    /** The hub's scrape token file (when the token was not given in the settings). */
    public Path metricsTokenFile() {
        return ScrapeAccess.tokenFile(config.dataPath());
    }

    /**
     * Healthy or not, for HAProxy and monitoring, from anywhere: no failure's text (it may name hosts, users
     * or the store's insides); the log and /metrics hold the details.
     */
    private HttpRoutes.Reply health() {
        boolean storeOk = database.writer().healthy();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", storeOk ? "ok" : "unhealthy");
        body.put("store", storeOk ? "ok" : "failing");
        body.put("devicesConnected", sessions.count());
        if (cluster != null) {
            body.put("node", cluster.nodes().id());
            Instant now = clock.instant();
            body.put("nodes", cluster.nodes().all().stream().map(node -> Map.of("id", node.id(),
                    "alive", node.alive(now), "seenAt", node.seenAt().toString(),
                    "devicesConnected", node.units(), "consoles", node.consoles().size())).toList());
        }
        return HttpRoutes.Reply.json(storeOk ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE, body);
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

    public CarePolicies carePolicies() {
        return carePolicies;
    }

    public CareRounds careRounds() {
        return careRounds;
    }

    public VisitSweep visitSweep() {
        return visitSweep;
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
        return cluster;
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
        visitSweep.close();
        mqtt.close();
        live.closeAll();
        http.close();
        presence.flush().join();
        background.shutdown();
        if (cluster != null) {
            cluster.close();
        }
        events.close();
        database.close();
        lock.close();
    }
}
