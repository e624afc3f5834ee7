package org.carecall.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.carecall.agent.Agent;
import org.carecall.agent.config.AgentConfig;
import org.carecall.agent.feedback.Lamps.Lamp;
import org.carecall.agent.feedback.Lamps.Mode;
import org.carecall.protocol.AlarmKind;
import org.carecall.protocol.MessageIds;
import org.carecall.protocol.message.AlarmReport;
import org.carecall.protocol.message.PayloadCodec;
import org.carecall.hub.store.StoreSettings;
import org.carecall.hub.support.TestPostgres;

/** The scenarios of {@code ./carecall bench}; each starts its own hub and swarm and tears them down. */
final class Scenarios {
    private static final int HEARTBEAT_S = 30;
    /** The hub closes a unit that sends more than 20 messages a second; a flooding unit stays under it. */
    private static final long FLOOD_GAP_MS = 100;
    /** The idle scenario's check-in deadline, from the start: far enough that no step falls due in a run. */
    private static final java.time.Duration IDLE_CHECK_IN_LEAD = java.time.Duration.ofHours(2);

    private final boolean quick;
    private final Path out;
    private final Path work;
    private final boolean postgres;

    Scenarios(boolean quick, Path out, Path work, boolean postgres) {
        this.quick = quick;
        this.out = out;
        this.work = work;
        this.postgres = postgres;
    }

    /** The store of the hub under bench: SQLite in its data directory, or a fresh database on Debian's PostgreSQL. */
    private StoreSettings store() throws Exception {
        return postgres ? new StoreSettings(TestPostgres.shared().newDatabase(), TestPostgres.USER, TestPostgres.PASSWORD)
                : StoreSettings.EMBEDDED;
    }

    /** The report's name: the scenario, and the engine when it is not the embedded one. */
    private String named(String scenario) {
        return postgres ? scenario + "-postgresql" : scenario;
    }

    private String profile() {
        return quick ? "quick" : "full";
    }

    /**
     * Many units connected and heartbeating, calls at a steady rate: press to RECEIVED at the unit, press
     * to the event on the duty worker's WebSocket, and the worker's tap to ACKNOWLEDGED at the unit;
     * then the same number of payloads through Mosquitto and of SQLite commits, for the floors.
     */
    Report latency() throws Exception {
        int devices = quick ? 1_000 : 10_000;
        int presses = quick ? 500 : 3_000;
        int perSecond = 100;
        Report report = new Report(named("latency"), profile());
        try (HubUnderBench hub = HubUnderBench.start(work, devices, "1g", store()); Swarm swarm = new Swarm(2)) {
            DeviceSwarm units = connect(hub, swarm, report);
            units.heartbeat(HEARTBEAT_S);
            Latency toScreen = new Latency("press to alarm.raised on a staff WebSocket");
            try (StaffClient staff = StaffClient.login(hub.httpUrl(), HubUnderBench.DUTY_USER,
                    HubUnderBench.DUTY_PASSWORD)) {
                // Wang takes every call as it appears, as a duty worker would; a call nobody takes climbs
                // the escalation chain, and that load belongs to the storm, not to this measurement.
                staff.listen((alarmId, at) -> {
                    Long pressed = units.pressedAt().get(alarmId);
                    if (pressed != null) {
                        toScreen.record(pressed, at);
                        units.taken(alarmId, System.nanoTime());
                        staff.acknowledge(alarmId);
                    }
                });
                List<MqttPeer> connected = units.peers().stream().filter(MqttPeer::connected).toList();
                // Warm-up, not measured: calls until the JIT has compiled their path, as in a hub that has
                // served for a while (the first call after a quiet spell is the idle scenario's business).
                double compiling = untilCompiled(hub, quick ? 1 : 12, () -> {
                    pressAtRate(units, connected, perSecond * (quick ? 2 : 5), perSecond);
                    awaitAll(units, 30);
                });
                report.figure("warm-up: calls before measuring", units.pressedAt().size()); // no call came before
                report.figure("warm-up: JIT compilers in its last round (% of one core)", 100 * compiling);
                Thread.sleep(500);
                units.toReceived().reset();
                units.toAcknowledged().reset();
                toScreen.reset();

                // The units' own traffic (heartbeats, presence) costs the hub CPU without any call: measured
                // alone first, so that a call's own share can be told from it.
                long quietMillis = quick ? 5_000 : 10_000;
                HubUnderBench.Work quiet = hub.work();
                Thread.sleep(quietMillis);
                HubUnderBench.Work before = hub.work();
                double restingCores = (before.cpuSeconds() - quiet.cpuSeconds()) / (quietMillis / 1000.0);
                long measuredFrom = System.nanoTime();
                pressAtRate(units, connected, presses, perSecond);
                awaitAll(units, 30);
                Thread.sleep(1000); // the last acknowledgements
                HubUnderBench.Work after = hub.work();
                workPerCall(report, "", before, after, presses);
                double seconds = (System.nanoTime() - measuredFrom) / 1e9;
                report.figure("hub: CPU with the units connected and no calls (% of one core)", 100 * restingCores);
                report.figure("hub: CPU per call above that (us)",
                        ((after.cpuSeconds() - before.cpuSeconds()) - restingCores * seconds) * 1e6 / presses);
            }
            report.latency(units.toReceived());
            report.latency(toScreen);
            report.latency(units.toAcknowledged());
            countLosses(hub, units, report);
            hubFigures(hub, report);
        }
        floorsAndRatios(report, presses, perSecond);
        return report;
    }

    /**
     * Logins that give nothing away: how long the hub takes to refuse a name that does not exist and a
     * known name with a wrong password, taken in turn, each attempt from a loopback address of its own so
     * that no throttle makes one wait; and the right password, for scale. The two refusals should cost the
     * same (a ratio near 1): one read of the store and one password hash each.
     */
    Report logins() throws Exception {
        int each = quick ? 10 : 30;
        int warmUp = 3;
        Report report = new Report("logins", profile());
        try (HubUnderBench hub = HubUnderBench.start(work, 1, "512m")) {
            Latency unknown = new Latency("unknown name: login refused (401)");
            Latency known = new Latency("known name, wrong password: login refused (401)");
            Latency right = new Latency("known name, right password: logged in (200)");
            int unexpected = 0;
            for (int i = 0; i < warmUp + each; i++) {
                boolean counted = i >= warmUp;
                unexpected += login(hub, "127.0.1." + (i + 1), "nobody-" + i, "guess-password-" + i, 401,
                        counted ? unknown : null);
                unexpected += login(hub, "127.0.2." + (i + 1), HubUnderBench.DUTY_USER, "guess-password-" + i, 401,
                        counted ? known : null);
                unexpected += login(hub, "127.0.3." + (i + 1), HubUnderBench.DUTY_USER, HubUnderBench.DUTY_PASSWORD, 200,
                        counted ? right : null);
            }
            report.latency(unknown);
            report.latency(known);
            report.latency(right);
            report.figure("logins measured of each kind (after " + warmUp + " to warm up)", each);
            report.figure("unknown name p50 (ms)", unknown.millisAt(50));
            report.figure("unknown name p90 (ms)", unknown.millisAt(90));
            report.figure("known name, wrong password p50 (ms)", known.millisAt(50));
            report.figure("known name, wrong password p90 (ms)", known.millisAt(90));
            report.figure("known / unknown, p50", known.millisAt(50) / unknown.millisAt(50));
            report.figure("known / unknown, p90", known.millisAt(90) / unknown.millisAt(90));
            report.figure("answers other than expected", unexpected);
            report.note("One hub on SQLite, PBKDF2-HMAC-SHA256 at 600,000 iterations. The two refusals are taken"
                    + " in turn so that the machine's other work falls on both alike.");
        }
        return report;
    }

    /** One login from the given loopback address; 1 when the status was not the expected one. */
    private static int login(HubUnderBench hub, String from, String username, String password, int expected,
                             Latency into) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .localAddress(java.net.InetAddress.getByName(from)).build();
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(hub.httpUrl() + "/api/session"))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"username\":\"" + username
                        + "\",\"password\":\"" + password + "\"}")).build();
        long started = System.nanoTime();
        int status = http.send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
        long ended = System.nanoTime();
        if (into != null) {
            into.record(started, ended);
        }
        return status == expected ? 0 : 1;
    }

    /**
     * A community that is quiet most of the time: the hub idles (with its units heartbeating and the duty
     * worker's console open) for a spell, then one call comes; press to RECEIVED of that first call against the calls that follow it at once.
     * Several spells, so that the first call's figure is not one sample.
     */
    Report idle(boolean checkInPlans) throws Exception {
        int devices = quick ? 200 : 1_000;
        int spells = quick ? 2 : 4;
        long spellMillis = quick ? 15_000 : 90_000;
        int warmCalls = 20;
        Report report = new Report(named(checkInPlans ? "idle" : "idle-without-plans"), profile());
        // Every resident has a check-in plan due two hours from now: her day is made and waits, and each sweep
        // reads the plans and the open days, but no step of the ladder falls due during the run.
        try (HubUnderBench hub = HubUnderBench.start(work, devices, "1g", store(),
                checkInPlans ? IDLE_CHECK_IN_LEAD : null);
             Swarm swarm = new Swarm(2);
             StaffClient staff = StaffClient.login(hub.httpUrl(), HubUnderBench.DUTY_USER, HubUnderBench.DUTY_PASSWORD)) {
            DeviceSwarm units = connect(hub, swarm, report);
            units.heartbeat(HEARTBEAT_S);
            // Wang on duty with the console open takes each call, as in a community at night.
            staff.listen((alarmId, at) -> {
                if (units.pressedAt().containsKey(alarmId)) {
                    staff.acknowledge(alarmId);
                }
            });
            List<MqttPeer> connected = units.peers().stream().filter(MqttPeer::connected).toList();
            Latency first = new Latency("first call after an idle spell: press to RECEIVED");
            Latency warm = new Latency("the calls right after it: press to RECEIVED");
            HubUnderBench.Work idleBefore = hub.work();
            long idleNanos = 0;
            for (int spell = 0; spell < spells; spell++) {
                long quietFrom = System.nanoTime();
                Thread.sleep(spellMillis);
                idleNanos += System.nanoTime() - quietFrom;
                units.measureInto(first);
                units.press(connected.get(ThreadLocalRandom.current().nextInt(connected.size())));
                awaitAll(units, 30);
                units.measureInto(warm);
                pressAtRate(units, connected, warmCalls, 20);
                awaitAll(units, 30);
            }
            HubUnderBench.Work idleAfter = hub.work();
            report.latency(first);
            report.latency(warm);
            report.figure("idle spells, each (s)", spellMillis / 1000.0);
            report.figure("first call p50 / warm call p50", first.millisAt(50) / warm.millisAt(50));
            report.figure("slowest first call / warm call p50", first.maxMillis() / warm.millisAt(50));
            report.figure("hub: CPU while idle and answering (% of one core)",
                    100 * (idleAfter.cpuSeconds() - idleBefore.cpuSeconds()) / (idleNanos / 1e9));
            // The spells' own upkeep (heartbeats, sweeps) is in these: what a call costs a quiet community all told.
            workPerCall(report, "spells and calls together: ", idleBefore, idleAfter, units.pressedAt().size());
            report.note(checkInPlans ? "Every resident has a daily check-in plan due " + IDLE_CHECK_IN_LEAD.toHours()
                    + " h after the start: the days wait, no reminder falls due. Target: idle CPU within 10 % of the"
                    + " figure without plans (`idle-without-plans`, the same code)." : "No resident has a check-in plan.");
            report.note("Target: after an idle spell, the first call within 2x of a warm call's press to RECEIVED.");
            countLosses(hub, units, report);
            hubFigures(hub, report);
        }
        return report;
    }

    /** 10,000 check-ins due in the same minute: see {@link CheckInRush}. */
    Report checkInRush() throws Exception {
        return new CheckInRush(quick, work).run(store(), named("checkin-rush"), profile());
    }

    /**
     * Every unit presses at once; then a sustained flood in which every unit presses again as soon as its
     * last call is RECEIVED (but no faster than one press per 100 ms, the hub's limit for one unit).
     * Durable alarms per second, RECEIVED latency under load, and every call counted in the hub's database.
     */
    Report storm() throws Exception {
        int devices = quick ? 2_000 : 10_000;
        long floodMillis = quick ? 5_000 : 15_000;
        Report report = new Report(named("storm"), profile());
        try (HubUnderBench hub = HubUnderBench.start(work, devices, "1g", store()); Swarm swarm = new Swarm(2)) {
            DeviceSwarm units = connect(hub, swarm, report);
            List<MqttPeer> connected = units.peers().stream().filter(MqttPeer::connected).toList();
            AtomicLong lastReceived = new AtomicLong();
            units.onReceived((peer, at) -> lastReceived.accumulateAndGet(at, Math::max));

            Latency burst = new Latency("every unit at once: press to RECEIVED");
            units.measureInto(burst);
            HubUnderBench.Work before = hub.work();
            long start = System.nanoTime();
            connected.forEach(units::press);
            boolean allIn = awaitAll(units, 120);
            double burstSeconds = (lastReceived.get() - start) / 1e9;
            report.latency(burst);
            report.figure("burst: calls pressed at once", connected.size());
            report.figure("burst: all RECEIVED within (s)", allIn ? burstSeconds : Double.NaN);
            report.figure("burst: durable alarms per second", connected.size() / burstSeconds);

            Latency flood = new Latency("sustained flood: press to RECEIVED");
            double perSecond = flood(units, connected, floodMillis, flood);
            report.latency(flood);
            report.figure("flood: duration (s)", floodMillis / 1000.0);
            report.figure("flood: durable alarms per second", perSecond);
            workPerCall(report, "", before, hub.work(), units.pressedAt().size());

            // The same flood again once the JIT has compiled its path: what a storm costs a hub that has
            // been serving for a while, against the figures above that include the compiling.
            double compiling = untilCompiled(hub, quick ? 1 : 8,
                    () -> flood(units, connected, 5_000, new Latency("warm-up")));
            report.figure("warm flood: JIT compilers just before it (% of one core)", 100 * compiling);
            Latency warmFlood = new Latency("warm flood: press to RECEIVED");
            HubUnderBench.Work warmBefore = hub.work();
            int pressedBefore = units.pressedAt().size();
            report.figure("warm flood: durable alarms per second", flood(units, connected, floodMillis, warmFlood));
            report.latency(warmFlood);
            workPerCall(report, "warm flood: ", warmBefore, hub.work(), units.pressedAt().size() - pressedBefore);
            countLosses(hub, units, report);
            hubFigures(hub, report);
        }
        return report;
    }

    /**
     * Every unit presses again as soon as its last call is RECEIVED (but no faster than one press per
     * {@link #FLOOD_GAP_MS}) for the given time, RECEIVED times into {@code into}; durable alarms per second.
     */
    private static double flood(DeviceSwarm units, List<MqttPeer> connected, long millis, Latency into)
            throws InterruptedException {
        AtomicLong received = new AtomicLong();
        units.measureInto(into);
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        units.onReceived((peer, at) -> {
            received.incrementAndGet();
            if (at < end) {
                peer.channel().eventLoop().schedule(() -> units.press(peer), FLOOD_GAP_MS, TimeUnit.MILLISECONDS);
            }
        });
        long start = System.nanoTime();
        connected.forEach(units::press);
        Thread.sleep(millis);
        long inWindow = received.get();
        double seconds = (System.nanoTime() - start) / 1e9;
        awaitAll(units, 60);
        return inWindow / seconds;
    }

    /**
     * One, two and three hub nodes on one PostgreSQL database (a fresh one each time), the units spread
     * evenly over them: calls at a steady rate (press to RECEIVED), then every unit flooding (durable alarms
     * per second), with the ratios to one node; then a fleet spread over three nodes, each node's memory and
     * the time for the whole fleet to connect.
     */
    Report nodes() throws Exception {
        int devices = quick ? 600 : 3_000;
        int presses = quick ? 300 : 1_500;
        int perSecond = 50;
        long floodMillis = quick ? 5_000 : 15_000;
        Report report = new Report("nodes", profile());
        report.note("Every node is a hub process of its own on one PostgreSQL database; the two cores of this"
                + " machine are shared by the nodes, PostgreSQL and the swarm, so the ratios say more than the"
                + " absolute figures, and more nodes here cannot mean more cores.");
        double oneNodeRate = Double.NaN;
        double oneNodeP50 = Double.NaN;
        for (int count = 1; count <= 3; count++) {
            List<HubUnderBench> nodes = new ArrayList<>();
            try (Swarm swarm = new Swarm(2)) {
                nodes.add(HubUnderBench.start(work, devices, "1g", postgresStore()));
                while (nodes.size() < count) {
                    nodes.add(nodes.getFirst().anotherNode(nodes.size() + 1));
                }
                DeviceSwarm units = new DeviceSwarm(swarm, nodes.getFirst().secrets());
                int up = units.connect(nodes.stream().map(HubUnderBench::mqttPort).toList(), 500, 300);
                report.figure(count + " node(s): units connected", up + " of " + devices);
                units.heartbeat(HEARTBEAT_S);
                List<MqttPeer> connected = units.peers().stream().filter(MqttPeer::connected).toList();
                pressAtRate(units, connected, presses / 5, perSecond); // warm-up, not measured
                awaitAll(units, 30);
                Latency steady = new Latency(count + " node(s): press to RECEIVED at " + perSecond + " calls/s");
                units.measureInto(steady);
                int pressedBefore = units.pressedAt().size();
                HubUnderBench.Work before = work(nodes);
                pressAtRate(units, connected, presses, perSecond);
                awaitAll(units, 30);
                Latency flooded = new Latency(count + " node(s): press to RECEIVED in the flood");
                double rate = flood(units, connected, floodMillis, flooded);
                report.latency(steady);
                report.latency(flooded);
                report.figure(count + " node(s): durable alarms per second in the flood", rate);
                workPerCall(report, count + " node(s), all nodes: ", before, work(nodes),
                        units.pressedAt().size() - pressedBefore);
                if (count == 1) {
                    oneNodeRate = rate;
                    oneNodeP50 = steady.millisAt(50);
                } else {
                    report.figure(count + " nodes: alarms per second, ratio to one node", rate / oneNodeRate);
                    report.figure(count + " nodes: steady press to RECEIVED p50, ratio to one node",
                            steady.millisAt(50) / oneNodeP50);
                }
                double cpu = 0;
                for (HubUnderBench node : nodes) {
                    cpu += node.figures().cpuSeconds();
                }
                report.figure(count + " node(s): hub CPU time over the run, all nodes (s)", cpu);
                countLosses(nodes.getFirst(), units, report, count + " node(s): ");
            } finally {
                for (HubUnderBench node : nodes) {
                    node.close();
                }
            }
        }
        fleet(report);
        return report;
    }

    /**
     * A fleet over three hub nodes, each node's share connected by a swarm process of its own (one process
     * may open only so many files here): the time until every unit is connected, and each node's memory.
     */
    private void fleet(Report report) throws Exception {
        int wanted = quick ? 3_000 : 50_000;
        int nodeCount = 3;
        long fileLimit = openFileLimit();
        int devices = (int) Math.min(wanted, nodeCount * (fileLimit * 9 / 10 - 1_000));
        if (devices < wanted) {
            report.note("The fleet is capped at " + devices + " units of the " + wanted + " wanted: a process may"
                    + " open only " + fileLimit + " files here.");
        }
        List<HubUnderBench> nodes = new ArrayList<>();
        List<Process> swarms = new ArrayList<>();
        try {
            long enrolStart = System.nanoTime();
            nodes.add(HubUnderBench.start(work, devices, "1g", postgresStore()));
            report.figure("fleet: units enrolled, first node started (s)", (System.nanoTime() - enrolStart) / 1e9);
            while (nodes.size() < nodeCount) {
                nodes.add(nodes.getFirst().anotherNode(nodes.size() + 1));
            }
            List<Map.Entry<String, String>> all = new ArrayList<>(nodes.getFirst().secrets().entrySet());
            long start = System.nanoTime();
            for (int node = 0; node < nodeCount; node++) {
                StringBuilder share = new StringBuilder();
                for (int i = node; i < all.size(); i += nodeCount) {
                    share.append(all.get(i).getKey()).append('\t').append(all.get(i).getValue()).append('\n');
                }
                Path file = work.resolve("fleet-share-" + node + ".tsv");
                Files.writeString(file, share);
                swarms.add(new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx1g",
                        "-cp", System.getProperty("java.class.path"), SwarmMain.class.getName(),
                        String.valueOf(nodes.get(node).mqttPort()), file.toString(), String.valueOf(node + 1))
                        .redirectErrorStream(true).start());
            }
            Pattern done = Pattern.compile("connected (\\d+) of (\\d+) in (\\S+) s");
            int connected = 0;
            for (int node = 0; node < nodeCount; node++) {
                Matcher line = done.matcher(firstMatching(swarms.get(node), done));
                if (line.find()) {
                    connected += Integer.parseInt(line.group(1));
                    report.figure("fleet: node " + (node + 1) + ": its share connected in (s)",
                            Double.parseDouble(line.group(3)));
                }
            }
            report.figure("fleet: units connected over " + nodeCount + " nodes", connected + " of " + devices);
            report.figure("fleet: every unit connected within (s)", (System.nanoTime() - start) / 1e9);
            Thread.sleep(TimeUnit.SECONDS.toMillis(quick ? 5 : 30)); // settled: heartbeats, presence flushes
            for (int node = 0; node < nodeCount; node++) {
                HubUnderBench.ProcessFigures figures = nodes.get(node).figures();
                String name = "fleet: node " + (node + 1) + ": ";
                report.figure(name + "units it holds", nodes.get(node).unitsConnected());
                report.figure(name + "resident memory (MiB)", figures.rssMib());
                report.figure(name + "live heap after a full GC (MiB)", figures.heapMib());
                report.figure(name + "threads", figures.threads());
            }
        } finally {
            for (Process swarm : swarms) {
                swarm.getOutputStream().close();
                if (!swarm.waitFor(30, TimeUnit.SECONDS)) {
                    swarm.destroyForcibly();
                }
            }
            for (HubUnderBench node : nodes) {
                node.close();
            }
        }
    }

    /** The first line of a process's output that matches, or what it said before it ended. */
    private static String firstMatching(Process process, Pattern pattern) throws IOException {
        StringBuilder said = new StringBuilder();
        java.io.BufferedReader lines = process.inputReader();
        String line;
        while ((line = lines.readLine()) != null) {
            if (pattern.matcher(line).find()) {
                return line;
            }
            said.append(line).append('\n');
        }
        throw new IOException("a swarm process ended before its units connected: " + said);
    }

    /** A fresh database on Debian's PostgreSQL, whatever store the other scenarios were asked for. */
    private static StoreSettings postgresStore() throws Exception {
        return new StoreSettings(TestPostgres.shared().newDatabase(), TestPostgres.USER, TestPostgres.PASSWORD);
    }

    /**
     * As many units as the hub is meant to carry, connected and heartbeating once a minute: the connect
     * rate, then the hub's memory, threads and CPU at idle.
     */
    Report scale() throws Exception {
        int wanted = quick ? 5_000 : 50_000;
        long idleS = quick ? 10 : 60;
        Report report = new Report("scale", profile());
        // The hub holds one file per unit, and so does the swarm: a process's open-file limit caps the swarm.
        long fileLimit = openFileLimit();
        int devices = (int) Math.min(wanted, fileLimit * 9 / 10 - 1_000);
        if (devices < wanted) {
            report.note("Capped at " + devices + " units of the " + wanted + " wanted: a process may open only "
                    + fileLimit + " files here (ulimit -Hn), and the hub needs one per connected unit.");
        }
        try (HubUnderBench hub = HubUnderBench.start(work, devices, "1g"); Swarm swarm = new Swarm(2)) {
            DeviceSwarm units = connect(hub, swarm, report);
            units.heartbeat(60);
            double cpuBefore = hub.figures().cpuSeconds();
            long start = System.nanoTime();
            Thread.sleep(TimeUnit.SECONDS.toMillis(idleS));
            HubUnderBench.ProcessFigures after = hub.figures();
            double wall = (System.nanoTime() - start) / 1e9;
            report.figure("idle: seconds measured, heartbeats once a minute", idleS);
            report.figure("hub: CPU at idle (% of one core)", 100 * (after.cpuSeconds() - cpuBefore) / wall);
            hubFigures(hub, report);
        }
        return report;
    }

    /**
     * The hub killed (kill -9) under many connected units, a tenth of which press while it is down, and
     * started again: how long until every unit is back and every waiting call is RECEIVED, and whether the
     * units' backoff with jitter spreads the returning wave instead of a thundering herd.
     */
    Report reconnect() throws Exception {
        return reconnect(quick ? 2_000 : 10_000);
    }

    Report reconnect(int devices) throws Exception {
        long downMillis = 5_000;
        Report report = new Report("reconnect", profile());
        try (HubUnderBench hub = HubUnderBench.start(work, devices, "1g"); Swarm swarm = new Swarm(2)) {
            DeviceSwarm units = connect(hub, swarm, report);
            units.heartbeat(HEARTBEAT_S);
            units.reconnectTo(hub.mqttPort());
            hub.kill();
            List<MqttPeer> all = units.peers();
            for (int i = 0; i < all.size(); i += 10) {
                units.press(all.get(i)); // kept by the unit while the hub is down
            }
            Thread.sleep(downMillis);
            long restarted = System.nanoTime();
            hub.startProcess();
            long healthy = System.nanoTime();
            boolean allBack = waitFor(() -> units.connectedCount() == devices, 180);
            long back = System.nanoTime();
            boolean allReceived = awaitAll(units, 60);
            long received = System.nanoTime();
            report.figure("hub down for (s), kill -9 then start", downMillis / 1000.0);
            report.figure("hub start to /healthz (s)", (healthy - restarted) / 1e9);
            report.figure("units back after the hub was up (s)", allBack ? (back - healthy) / 1e9 : Double.NaN);
            report.figure("every waiting call RECEIVED after the hub was up (s)",
                    allReceived ? (received - healthy) / 1e9 : Double.NaN);
            report.figure("reconnect attempts (all units)", units.reconnectAttempts());
            report.figure("busiest second of reconnections (units)", busiestSecond(units.connectedAt(), healthy));
            countLosses(hub, units, report);
            hubFigures(hub, report);
        }
        return report;
    }

    /** This process's hard limit of open files, from /proc; children inherit it. */
    private static long openFileLimit() throws IOException {
        Matcher limit = Pattern.compile("Max open files\\s+(\\d+)\\s+(\\d+|unlimited)")
                .matcher(Files.readString(Path.of("/proc/self/limits")));
        return limit.find() && !limit.group(2).equals("unlimited") ? Long.parseLong(limit.group(2)) : Long.MAX_VALUE;
    }

    /** The most connections that came up within one second, counting from {@code since}. */
    private static long busiestSecond(List<Long> times, long since) {
        Map<Long, Long> perSecond = new HashMap<>();
        times.stream().filter(at -> at >= since).forEach(at -> perSecond.merge((at - since) / 1_000_000_000L, 1L, Long::sum));
        return perSecond.values().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    /**
     * The real agent on mock pins against a hub process: from the call button's edge to the first light
     * change (amber blinking: the call is stored in the outbox) and to RECEIVED shown (amber steady: the hub
     * has it). Each call is closed from the console before the next press. The agent's debounce is part
     * of both figures and is reported beside them.
     */
    Report agent() throws Exception {
        int presses = quick ? 30 : 200;
        Report report = new Report("agent", profile());
        Path agentData = Files.createTempDirectory(Files.createDirectories(work), "agent-");
        try (HubUnderBench hub = HubUnderBench.start(work, 1, "256m");
             StaffClient wang = StaffClient.login(hub.httpUrl(), HubUnderBench.DUTY_USER, HubUnderBench.DUTY_PASSWORD)) {
            Map.Entry<String, String> unit = hub.secrets().entrySet().iterator().next();
            AgentConfig config = new AgentConfig();
            config.device.id = unit.getKey();
            config.device.secret = unit.getValue();
            config.hub.uri = "tcp://127.0.0.1:" + hub.mqttPort();
            config.dataDir = agentData.toString();
            config.gpio.provider = "mock";
            config.feedback.player = "";
            try (Agent agent = Agent.start(config, Clock.systemUTC())) {
                if (!waitFor(() -> agent.link().connected(), 30)) {
                    throw new IllegalStateException("the agent did not connect to the hub");
                }
                Latency firstLight = new Latency("GPIO edge to the first light change (amber on)");
                Latency shownReceived = new Latency("GPIO edge to RECEIVED shown (amber steady)");
                Latency stored = new Latency("GPIO edge to stored at the hub (1 ms resolution)");
                Map<String, Long> edgeMillis = new HashMap<>();
                for (int i = 0; i < presses; i++) {
                    long edgeWall = System.currentTimeMillis();
                    long edge = System.nanoTime();
                    agent.board().simulate("call-button", true);
                    spinUntil(() -> agent.lamps().lit(Lamp.AMBER));
                    firstLight.record(edge, System.nanoTime());
                    spinUntil(() -> agent.lamps().mode(Lamp.AMBER) == Mode.ON);
                    shownReceived.record(edge, System.nanoTime());
                    agent.board().simulate("call-button", false);
                    String call = agent.onLoop(() -> agent.outbox().openCall().orElseThrow().id());
                    edgeMillis.put(call, edgeWall);
                    wang.acknowledge(call).join(); // only a call someone took may be closed by duty staff
                    wang.resolve(call, "TEST", "agent benchmark").join();
                    waitFor(() -> Arrays.stream(Lamp.values()).noneMatch(lamp -> agent.lamps().lit(lamp)), 10);
                    Thread.sleep(config.timing.minPressGapMs + 20L);
                }
                // The hub stamps received_at with the same machine's clock: edge to stored bounds edge to publish.
                try (Connection db = hub.connect();
                     ResultSet rows = db.createStatement().executeQuery("SELECT id, received_at FROM alarm")) {
                    while (rows.next()) {
                        Long edgeAt = edgeMillis.get(rows.getString(1));
                        if (edgeAt != null) {
                            stored.record(TimeUnit.MILLISECONDS.toNanos(edgeAt),
                                    TimeUnit.MILLISECONDS.toNanos(rows.getLong(2)));
                        }
                    }
                }
                report.latency(firstLight);
                report.latency(stored);
                report.latency(shownReceived);
                report.figure("call button debounce (ms), included above", config.inputs.callButton.debounceMs);
                report.note("The agent's memory and CPU at idle: bench/agent-idle.sh (results in bench/results/).");
            }
        }
        return report;
    }

    private static void spinUntil(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the agent did not show the expected light within 10 s");
            }
            Thread.onSpinWait();
        }
    }

    /** The floors alone: Mosquitto relay and SQLite commit. */
    Report floor() throws Exception {
        Report report = new Report("floor", profile());
        floorsAndRatios(report, quick ? 500 : 3_000, 100);
        return report;
    }

    static DeviceSwarm connect(HubUnderBench hub, Swarm swarm, Report report) throws InterruptedException {
        DeviceSwarm units = new DeviceSwarm(swarm, hub.secrets());
        long start = System.nanoTime();
        int up = units.connect(hub.mqttPort(), 500, 300);
        double seconds = (System.nanoTime() - start) / 1e9;
        report.figure("units connected", up + " of " + hub.secrets().size());
        report.figure("connect rate (units per second)", up / seconds);
        return units;
    }

    /** A stretch of calls that may be repeated. */
    private interface Round {
        void run() throws Exception;
    }

    /**
     * Runs {@code round} until the hub's JIT compilers used under 5 % of one core during each of the last
     * two (one lull is not the end: a path's hottest methods reach C2 only after some thousand calls), or
     * {@code maxRounds} have run; returns the compilers' share of a core in the last round. Measuring a hub
     * while C2 still takes a core of two measures the compiler, not the alarm path.
     */
    private static double untilCompiled(HubUnderBench hub, int maxRounds, Round round) throws Exception {
        double share = Double.NaN;
        int quietRounds = 0;
        for (int done = 0; done < maxRounds && quietRounds < 2; done++) {
            HubUnderBench.Work before = hub.work();
            long start = System.nanoTime();
            round.run();
            HubUnderBench.Work after = hub.work();
            share = after.cpuSecondsByPart(before).get("JIT compilers") / ((System.nanoTime() - start) / 1e9);
            quietRounds = share < 0.05 ? quietRounds + 1 : 0;
        }
        return share;
    }

    static void pressAtRate(DeviceSwarm units, List<MqttPeer> connected, int count, int perSecond) {
        Pacer pacer = new Pacer(perSecond);
        for (int i = 0; i < count; i++) {
            pacer.await(i);
            units.press(connected.get(ThreadLocalRandom.current().nextInt(connected.size())));
        }
    }

    /** Waits until every press has its RECEIVED; false if some had none within the time. */
    static boolean awaitAll(DeviceSwarm units, int seconds) throws InterruptedException {
        return waitFor(() -> units.receivedOnce() >= units.pressed(), seconds);
    }

    static boolean waitFor(BooleanSupplier condition, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** Counts, from the hub's own database, the calls that were pressed but not stored, and those stored twice. */
    static void countLosses(HubUnderBench hub, DeviceSwarm units, Report report) throws SQLException {
        countLosses(hub, units, report, "");
    }

    private static void countLosses(HubUnderBench hub, DeviceSwarm units, Report report, String prefix)
            throws SQLException {
        Set<String> stored = new HashSet<>();
        long rows = 0;
        try (Connection db = hub.connect();
             ResultSet ids = db.createStatement().executeQuery("SELECT id FROM alarm WHERE kind = 'CALL_BUTTON'")) {
            while (ids.next()) {
                stored.add(ids.getString(1));
                rows++;
            }
        }
        Set<String> pressed = units.pressedAt().keySet();
        long lost = pressed.stream().filter(id -> !stored.contains(id)).count();
        long strays = stored.stream().filter(id -> !pressed.contains(id)).count();
        report.figure(prefix + "calls pressed", pressed.size());
        report.figure(prefix + "calls stored by the hub", rows);
        report.figure(prefix + "calls RECEIVED at the unit", units.receivedOnce());
        report.figure(prefix + "lost (pressed, not stored)", lost);
        report.figure(prefix + "doubled (stored rows beyond one per press)", strays + (rows - stored.size()));
        report.figure(prefix + "RECEIVED receipts beyond the first per call", units.repeatedReceipts());
        report.figure(prefix + "receipts saying nobody could be reached", units.unreachedReceipts());
    }

    /** The hub's CPU and heap allocation per call over a stretch of a scenario. */
    private static void workPerCall(Report report, String prefix, HubUnderBench.Work before, HubUnderBench.Work after,
                                    long calls) {
        report.figure(prefix + "hub: CPU per call (us)", after.cpuMicrosPerCall(before, calls));
        report.figure(prefix + "hub: heap allocated per call (KiB)", after.allocatedKibPerCall(before, calls));
        report.figure(prefix + "hub: store writes on the urgent lane per call", after.urgentWritesPerCall(before, calls));
        // Where that CPU went, by the hub's threads: the profile each run carries with its figures.
        Map<String, Double> parts = after.cpuMicrosPerCallByPart(before, calls);
        parts.forEach((part, micros) -> report.figure(prefix + "hub: CPU per call, " + part + " (us)", micros));
        if (!parts.isEmpty()) {
            report.figure(prefix + "hub: CPU per call without the JIT compilers (us)",
                    after.cpuMicrosPerCall(before, calls) - parts.get("JIT compilers"));
        }
    }

    private static HubUnderBench.Work work(List<HubUnderBench> nodes) throws Exception {
        HubUnderBench.Work sum = new HubUnderBench.Work(0, 0, 0, null);
        for (HubUnderBench node : nodes) {
            sum = sum.plus(node.work());
        }
        return sum;
    }

    static void hubFigures(HubUnderBench hub, Report report) throws Exception {
        double intake = hub.meanIntakeMillis();
        if (!Double.isNaN(intake)) { // NaN: no alarm in this scenario
            report.figure("hub: mean time from an alarm's PUBLISH in to its commit (ms)", intake);
        }
        HubUnderBench.ProcessFigures figures = hub.figures();
        report.figure("hub: resident memory (MiB)", figures.rssMib());
        report.figure("hub: live heap after a full GC (MiB)", figures.heapMib());
        report.figure("hub: threads", figures.threads());
        report.figure("hub: CPU time over the run (s)", figures.cpuSeconds());
    }

    private void floorsAndRatios(Report report, int count, int perSecond) throws Exception {
        byte[] payload = new PayloadCodec().encode(new AlarmReport(MessageIds.next(), AlarmKind.CALL_BUTTON,
                "call-button", Instant.now(), 1, 1, false, null));
        Latency relay = Floors.mosquitto(payload, count, perSecond);
        Latency commit = postgres
                ? Floors.postgresCommit(TestPostgres.shared().newDatabase(), TestPostgres.USER, TestPostgres.PASSWORD, count)
                : Floors.sqliteCommit(work, count);
        report.latency(relay);
        report.latency(commit);
        double floor = relay.millisAt(50) + commit.millisAt(50);
        report.figure("floor p50: Mosquitto relay + " + (postgres ? "PostgreSQL" : "SQLite") + " commit (ms)", floor);
        report.latencies().stream().filter(latency -> latency.name().startsWith("press to RECEIVED")).findFirst()
                .ifPresent(received -> {
                    report.figure("press to RECEIVED p50 / floor p50", received.millisAt(50) / floor);
                    report.note("Target: press to RECEIVED p50 within 2x the floor, p99 under 5 ms with 10,000 units.");
                });
    }
}
