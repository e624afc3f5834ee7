package org.carecall.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.carecall.hub.Hub;
import org.carecall.hub.checkin.CheckInPlan;
import org.carecall.hub.community.Area;
import org.carecall.hub.community.Resident;
import org.carecall.hub.community.Site;
import org.carecall.hub.config.HubConfig;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.staff.Role;
import org.carecall.hub.staff.Staff;
import org.carecall.hub.store.StoreSettings;

/**
 * The hub as it runs in production: a JVM of its own (so its memory, threads and CPU are its own), on a
 * fresh data directory that was first filled with the swarm's devices by the hub's own code.
 */
public final class HubUnderBench implements AutoCloseable {
    public static final String ADMIN_PASSWORD = "bench-admin-password";
    /** The duty worker of the bench's one grid, who is rung for every call. */
    public static final String DUTY_USER = "wang";
    public static final String DUTY_PASSWORD = "wang-bench-password";
    /** The bench community's time zone, in which check-in deadlines are read. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private final Path dataDir;
    private final StoreSettings store;
    private int mqttPort;
    private int httpPort;
    private final Map<String, String> secrets;
    private final String heap;
    private Process process;
    private Instant checkInDeadline; // null: no resident has a check-in plan

    private HubUnderBench(Path dataDir, StoreSettings store, int mqttPort, int httpPort, Map<String, String> secrets,
                          String heap) {
        this.dataDir = dataDir;
        this.store = store;
        this.mqttPort = mqttPort;
        this.httpPort = httpPort;
        this.secrets = secrets;
        this.heap = heap;
    }

    /**
     * Creates {@code devices} units (ids dev-00000...), each a resident's in one grid with a duty worker, in
     * a new data directory, and starts the hub on it.
     */
    public static HubUnderBench start(Path workDir, int devices, String heap) throws Exception {
        return start(workDir, devices, heap, StoreSettings.EMBEDDED);
    }

    /** The same, its store the one given: SQLite in the data directory, or a PostgreSQL database. */
    public static HubUnderBench start(Path workDir, int devices, String heap, StoreSettings store) throws Exception {
        return start(workDir, devices, heap, store, null);
    }

    /**
     * The same, every resident with a daily check-in plan switched on, its deadline the first whole minute
     * at least {@code checkInLead} after the plans are saved (in the community's time, Asia/Shanghai); null:
     * no plans. The plans are saved as staff save them, so each unit's config already enables the green key
     * when the hub process starts and the first sweep has no config to change.
     */
    public static HubUnderBench start(Path workDir, int devices, String heap, StoreSettings store, Duration checkInLead)
            throws Exception {
        Path dataDir = Files.createDirectories(workDir).resolve("hub-" + System.currentTimeMillis());
        Map<String, String> secrets = new LinkedHashMap<>();
        Instant deadline = null;
        HubConfig config = config(dataDir, 0, 0);
        config.store.url = store.url();
        config.store.user = store.user();
        config.store.password = store.password();
        try (Hub hub = Hub.start(config, Clock.systemUTC())) {
            // A community as escalation expects it: every unit a resident's, in one grid, with Wang on duty there.
            Site site = hub.people().community().addSite("Bench community", ZONE);
            Area grid = hub.people().community().addArea(site.id(), "Grid 1");
            List<String> residents = new ArrayList<>();
            Staff wang = hub.people().staff().create(DUTY_USER, "Wang Li", Role.DUTY, site.id(), null, DUTY_PASSWORD).join();
            hub.people().roster().toggle(wang.id(), true, grid.id());
            List<CompletableFuture<DeviceRegistry.Enrolled>> created = new ArrayList<>();
            for (int i = 0; i < devices; i++) {
                Resident resident = hub.people().community().saveResident(new Resident(null, grid.id(), "Resident " + i,
                        i + " Bench Road", "1-" + i, null, "zh-CN", null, List.of(), Resident.RiskLevel.MEDIUM));
                created.add(hub.units().devices().create(String.format("dev-%05d", i), null, resident.id()));
                residents.add(resident.id());
            }
            for (var enrolled : created) {
                DeviceRegistry.Enrolled device = enrolled.join();
                secrets.put(device.deviceId(), device.secret());
            }
            if (checkInLead != null) {
                deadline = planCheckIns(hub, residents, checkInLead);
            }
        }
        // Ports below the ephemeral range (32768 and up here): thousands of reconnecting units take their
        // source ports from that range, and one of them could hold the hub's port when it restarts.
        HubUnderBench bench = new HubUnderBench(dataDir, store, quietPort(), quietPort(), secrets, heap);
        bench.checkInDeadline = deadline;
        bench.startProcess();
        return bench;
    }

    /** Every resident's plan on, due by the first whole minute {@code lead} from now: that deadline, today's or tomorrow's. */
    private static Instant planCheckIns(Hub hub, List<String> residents, Duration lead) {
        ZonedDateTime due = ZonedDateTime.now(ZONE).plus(lead).plusMinutes(1).truncatedTo(ChronoUnit.MINUTES);
        LocalTime deadline = due.toLocalTime();
        List<CompletableFuture<CheckInPlan>> saved = new ArrayList<>();
        for (String resident : residents) {
            saved.add(hub.care().checkIns().savePlan(new CheckInPlan(resident, true, deadline, null, null, null, null,
                    "bench")));
        }
        saved.forEach(CompletableFuture::join);
        return due.toInstant();
    }

    /** The residents' check-in deadline, or null when they have no plans. */
    public Instant checkInDeadline() {
        return checkInDeadline;
    }

    /**
     * One more hub node on this hub's PostgreSQL database, with a data directory and a node id of its own:
     * the same units and staff, served by another process.
     */
    public HubUnderBench anotherNode(int number) throws IOException, InterruptedException {
        if (store.embedded()) {
            throw new IllegalStateException("hub nodes share a PostgreSQL database; this hub keeps SQLite");
        }
        Path other = Files.createDirectories(dataDir.resolveSibling(dataDir.getFileName() + "-node" + number));
        HubUnderBench node = new HubUnderBench(other, store, quietPort(), quietPort(), secrets, heap);
        node.checkInDeadline = checkInDeadline;
        node.startProcess();
        return node;
    }

    /** How many units this node says are connected to it, from its health page. */
    public int unitsConnected() throws IOException, InterruptedException {
        String health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(httpUrl() + "/healthz"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher connected = Pattern.compile("\"devicesConnected\"\\s*:\\s*(\\d+)").matcher(health);
        return connected.find() ? Integer.parseInt(connected.group(1)) : -1;
    }

    /** The settings of a hub under load: nothing may be cut off by the limits meant for a misbehaving unit. */
    private static HubConfig config(Path dataDir, int mqttPort, int httpPort) {
        HubConfig config = new HubConfig();
        config.dataDir = dataDir.toString();
        config.nodeId = dataDir.getFileName().toString(); // the node the process started on it will be
        config.mqtt.host = "127.0.0.1";
        config.mqtt.port = mqttPort;
        config.mqtt.tlsPort = 0;
        config.http.host = "127.0.0.1";
        config.http.port = httpPort;
        config.http.tlsPort = 0;
        config.console.adminPassword = ADMIN_PASSWORD;
        config.supervision.offlineAfterS = 3600;
        config.escalation.unreachedRetryS = 3600;
        return config;
    }

    /** Starts (or restarts) the hub process and waits until it answers /healthz. */
    public void startProcess() throws IOException, InterruptedException {
        Path settings = dataDir.resolveSibling(dataDir.getFileName() + ".yaml");
        Files.writeString(settings, """
                dataDir: %s
                nodeId: %s
                mqtt: {host: 127.0.0.1, port: %d, tlsPort: 0}
                http: {host: 127.0.0.1, port: %d, tlsPort: 0}
                supervision: {offlineAfterS: 3600}
                # A storm's calls are never taken: their unreached retries (each open call once a minute by
                # default) would land in the figures of the calls that follow, which measure a call's own cost.
                escalation: {unreachedRetryS: 3600}
                console: {adminPassword: %s}
                """.formatted(dataDir, dataDir.getFileName(), mqttPort, httpPort, ADMIN_PASSWORD)
                + (store.embedded() ? "" : "store: {url: '%s', user: '%s', password: '%s'}%n".formatted(store.url(),
                        store.user(), store.password())));
        String extra = System.getenv("CARECALL_BENCH_HUB_OPTS");
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-Xmx" + heap));
        if (extra == null || !extra.contains("GC ") && !extra.endsWith("GC")) {
            // The collector the hub ships with (the launcher's and packaging/run-jar's HUB_GC).
            command.add("-XX:+UseG1GC");
        }
        // For profiling: CARECALL_BENCH_HUB_OPTS="-XX:StartFlightRecording=filename=/tmp/hub.jfr,settings=profile"
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.carecall.hub.HubMain", "--config",
                settings.toString()));
        Path log = dataDir.resolveSibling(dataDir.getFileName() + ".log");
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Pattern running = Pattern.compile("hub running: MQTT on port (\\d+), HTTP on port (\\d+)");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Matcher ports = running.matcher(Files.exists(log) ? Files.readString(log) : "");
            if (ports.find()) {
                mqttPort = Integer.parseInt(ports.group(1));
                httpPort = Integer.parseInt(ports.group(2));
                if (healthy()) {
                    return;
                }
            }
            if (!process.isAlive()) {
                throw new IOException("the hub exited at start; see " + dataDir + ".log");
            }
            Thread.sleep(100);
        }
        throw new IOException("the hub did not answer /healthz within 60 s");
    }

    private boolean healthy() {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(httpUrl() + "/healthz")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The hub's own mean time from an alarm's PUBLISH arriving to its commit, in ms, from /metrics. */
    public double meanIntakeMillis() throws IOException, InterruptedException {
        String metrics = metrics();
        Matcher sum = Pattern.compile("(?m)^carecall_alarm_receipt_seconds_sum\\S* (\\S+)").matcher(metrics);
        Matcher count = Pattern.compile("(?m)^carecall_alarm_receipt_seconds_count\\S* (\\S+)").matcher(metrics);
        return sum.find() && count.find() ? Double.parseDouble(sum.group(1)) * 1000 / Double.parseDouble(count.group(1))
                : Double.NaN;
    }

    /** The hub's work so far: CPU seconds from /proc; heap bytes allocated and urgent writes from its /metrics. */
    public Work work() throws IOException, InterruptedException {
        ThreadCpu threads = ThreadCpu.of(pid());
        double cpu = cpuSeconds(); // before the scrape, whose own work is not a call's
        String metrics = metrics();
        return new Work(cpu, figure(metrics, "carecall_jvm_allocated_bytes"),
                figure(metrics, "carecall_store_writes\\{lane=\"urgent\"}"), threads);
    }

    private static double figure(String metrics, String name) {
        Matcher value = Pattern.compile("(?m)^" + name + " (\\S+)").matcher(metrics);
        return value.find() ? Double.parseDouble(value.group(1)) : Double.NaN;
    }

    /**
     * CPU seconds, heap bytes allocated and writes on the store's urgent lane, as counted by the hub; and
     * the CPU of each of its threads (none for a sum over several nodes).
     */
    public record Work(double cpuSeconds, double allocatedBytes, double urgentWrites, ThreadCpu threads) {
        public Work plus(Work other) {
            return new Work(cpuSeconds + other.cpuSeconds, allocatedBytes + other.allocatedBytes,
                    urgentWrites + other.urgentWrites, null);
        }

        /** CPU seconds by part of the hub between {@code before} and this; empty for a sum over nodes. */
        public Map<String, Double> cpuSecondsByPart(Work before) {
            return threads == null || before.threads == null ? Map.of()
                    : threads.since(before.threads, cpuSeconds - before.cpuSeconds);
        }

        /** CPU microseconds per call by part of the hub between {@code before} and this; empty for a sum. */
        public Map<String, Double> cpuMicrosPerCallByPart(Work before, long calls) {
            Map<String, Double> parts = new LinkedHashMap<>();
            cpuSecondsByPart(before).forEach((part, seconds) -> parts.put(part, seconds * 1e6 / calls));
            return parts;
        }

        /** Writes on the store's urgent lane per call between {@code before} and this. */
        public double urgentWritesPerCall(Work before, long calls) {
            return (urgentWrites - before.urgentWrites) / calls;
        }

        /** CPU microseconds per call between {@code before} and this. */
        public double cpuMicrosPerCall(Work before, long calls) {
            return (cpuSeconds - before.cpuSeconds) * 1e6 / calls;
        }

        /** KiB allocated per call between {@code before} and this. */
        public double allocatedKibPerCall(Work before, long calls) {
            return (allocatedBytes - before.allocatedBytes) / 1024 / calls;
        }
    }

    private String metrics() throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(httpUrl() + "/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** kill -9, as a power cut would. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** A read-only look at what the hub stored, on whichever engine it runs. */
    public Connection connect() throws SQLException {
        return store.embedded()
                ? DriverManager.getConnection("jdbc:sqlite:file:" + dataDir.resolve("carecall-hub.db") + "?mode=ro")
                : DriverManager.getConnection(store.url(), store.user(), store.password());
    }

    public Map<String, String> secrets() {
        return secrets;
    }

    public int mqttPort() {
        return mqttPort;
    }

    public String httpUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    public long pid() {
        return process.pid();
    }

    /** Resident memory, threads and CPU time so far, from /proc. */
    public ProcessFigures figures() throws IOException, InterruptedException {
        String status = Files.readString(Path.of("/proc/" + pid() + "/status"));
        long rssKb = field(status, "VmRSS:\\s+(\\d+)");
        long threads = field(status, "Threads:\\s+(\\d+)");
        return new ProcessFigures(rssKb / 1024.0, threads, cpuSeconds(), heapAfterGcMib());
    }

    /** User and system CPU time of the hub process so far, from /proc. */
    private double cpuSeconds() throws IOException {
        return ThreadCpu.processSeconds(pid());
    }

    /** The live heap after a full collection, through jcmd of the JDK running the bench. */
    private double heapAfterGcMib() throws IOException, InterruptedException {
        Path jcmd = Path.of(ProcessHandle.current().info().command().orElseThrow()).resolveSibling("jcmd");
        run(jcmd.toString(), "" + pid(), "GC.run");
        String info = run(jcmd.toString(), "" + pid(), "GC.heap_info");
        Matcher used = Pattern.compile("used (\\d+)K").matcher(info);
        return used.find() ? Long.parseLong(used.group(1)) / 1024.0 : Double.NaN;
    }

    /** What the hub process uses: resident MiB, threads, CPU seconds, live heap MiB. */
    public record ProcessFigures(double rssMib, long threads, double cpuSeconds, double heapMib) {
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes());
        jcmd.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    private static long field(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
    }

    /** A free port from 20000 to 29999, where no outgoing connection takes its source port. */
    static int quietPort() throws IOException {
        for (int tries = 0; tries < 200; tries++) {
            int port = 20_000 + ThreadLocalRandom.current().nextInt(10_000);
            try (ServerSocket socket = new ServerSocket(port)) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no free port between 20000 and 29999");
    }


    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
