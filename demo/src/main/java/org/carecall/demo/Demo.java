package org.carecall.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.carecall.agent.Agent;
import org.carecall.agent.config.AgentConfig;
import org.carecall.hub.Hub;
import org.carecall.hub.care.CareRounds;
import org.carecall.hub.care.ResidentEvent;
import org.carecall.hub.care.Visit;
import org.carecall.hub.community.Area;
import org.carecall.hub.community.Community;
import org.carecall.hub.community.Resident;
import org.carecall.hub.community.Site;
import org.carecall.hub.config.HubConfig;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.staff.Role;
import org.carecall.hub.staff.Staff;
import org.carecall.hub.store.StoreException;
import org.carecall.protocol.MessageIds;
import org.carecall.protocol.message.DeviceConfig;

/**
 * The whole system on one machine: a hub with its database under the data directory, a community with
 * two grids, staff on duty, six residents, and for each resident a bedside unit run by the real agent
 * code on mock pins. The first start seeds everything; later starts find it again.
 */
public final class Demo implements AutoCloseable {
    /** The demo's logins: fixed passwords are acceptable here and nowhere else. */
    public static final Map<String, String> LOGINS = Map.of(
            "admin", "admin-carecall", "wang", "wang-carecall", "lina", "lina-carecall", "chen", "chen-carecall",
            "zhou", "zhou-carecall");

    private static final List<String[]> RESIDENTS = List.of(
            new String[] {"Zhang Min", "张敏", "3 Hongqi Lane 红旗巷3号", "2-101", "1941-03-08", "早晚8点打胰岛素 · insulin at 08:00 and 18:00", "Zhang Wei 张伟|儿子 son|13800000001", "0571-86000101"},
            new String[] {"Liu Fang", "刘芳", "3 Hongqi Lane 红旗巷3号", "2-204", "1938-11-20", "戴助听器，说话请慢 · hearing aid; speak slowly", "Liu Yang 刘洋|女儿 daughter|13800000002", "0571-86000204"},
            new String[] {"Wang Jun", "王军", "5 Hongqi Lane 红旗巷5号", "1-102", "1945-06-01", "心脏病，硝酸甘油在抽屉里 · heart condition, nitroglycerin in drawer", "Wang Hua 王华|儿子 son|13800000003", "0571-86000102"},
            new String[] {"Zhao Li", "赵丽", "12 Minzu Road 民族路12号", "3-301", "1940-01-15", "用助行架走路 · walks with a frame", "Zhao Qiang 赵强|侄子 nephew|13800000004", "0571-86000301"},
            new String[] {"Sun Ping", "孙平", "12 Minzu Road 民族路12号", "4-402", "1936-09-09", "轻度认知障碍，钥匙在邻居4-401家 · mild dementia; key with neighbour 4-401", "Sun Min 孙敏|女儿 daughter|13800000005", "0571-86000402"},
            new String[] {"Chen Hong", "陈红", "18 Minzu Road 民族路18号", "1-101", "1943-04-30", "糖尿病 · diabetic", "Chen Gang 陈刚|儿子 son|13800000006", "0571-86000111"});

    private final Hub hub;
    private final List<Agent> agents = new ArrayList<>();
    private final Map<String, String> residentNames = new LinkedHashMap<>();
    private final java.util.concurrent.ScheduledExecutorService panelPush =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("demo-panel").daemon(true).factory());

    private Demo(Hub hub) {
        this.hub = hub;
    }

    /** Starts the demo under {@code dataDir} on the given ports (0 picks free ones). */
    public static Demo start(Path dataDir, int mqttPort, int httpPort) throws Exception {
        HubConfig defaults = new HubConfig();
        // a demo on free ports (the tests') takes free TLS ports too
        return start(dataDir, mqttPort, httpPort, httpPort == 0 ? 0 : defaults.mqtt.tlsPort,
                httpPort == 0 ? 0 : defaults.http.tlsPort);
    }

    /** The demo on the given ports: plain MQTT and HTTP on this machine, MQTT over TLS and HTTPS for phones. */
    public static Demo start(Path dataDir, int mqttPort, int httpPort, int mqttTlsPort, int httpsPort) throws Exception {
        HubConfig config = new HubConfig();
        config.dataDir = dataDir.resolve("hub").toString();
        config.mqtt.host = "127.0.0.1";
        config.mqtt.port = mqttPort;
        config.http.port = httpPort; // on this machine: http://localhost:8080/
        config.mqtt.tlsPort = mqttTlsPort;
        config.http.tlsPort = httpsPort;
        config.console.adminPassword = LOGINS.get("admin");
        config.console.extraScripts.add("/demo/panel.js");
        DemoPanel panel = new DemoPanel();
        Hub hub = Hub.start(config, Clock.systemUTC(), panel::register);
        Demo demo = new Demo(hub);
        panel.attach(demo);
        demo.pushPanel(panel);
        try {
            Map<String, DeviceRegistry.Enrolled> units = demo.seed(dataDir);
            demo.startUnits(dataDir, units);
        } catch (Exception e) {
            demo.close();
            throw e;
        }
        return demo;
    }

    /** Seeds the community on a first start; returns each unit's id and secret. */
    private Map<String, DeviceRegistry.Enrolled> seed(Path dataDir) throws Exception {
        Path secrets = dataDir.resolve("units.properties");
        Properties known = new Properties();
        if (Files.exists(secrets)) {
            try (var in = Files.newInputStream(secrets)) {
                known.load(in);
            }
        }
        Map<String, DeviceRegistry.Enrolled> units = new LinkedHashMap<>();
        if (!hub.people().community().sites().isEmpty()) {
            for (String id : known.stringPropertyNames()) {
                units.put(id, new DeviceRegistry.Enrolled(id, known.getProperty(id)));
            }
            remember(units.keySet());
            return units;
        }
        Site site = hub.people().community().addSite("Xincheng Community 新城社区", ZoneId.of("Asia/Shanghai"));
        Area grid1 = hub.people().community().addArea(site.id(), "Grid 1 一网格");
        Area grid2 = hub.people().community().addArea(site.id(), "Grid 2 二网格");
        Staff wang = staff("wang", "Wang Li 王丽", Role.DUTY, site);
        Staff lina = staff("lina", "Li Na 李娜", Role.DUTY, site);
        staff("chen", "Chen Jie 陈杰", Role.SUPERVISOR, site);
        staff("zhou", "Zhou Bo 周波", Role.TECHNICIAN, site);
        hub.people().roster().toggle(wang.id(), true, grid1.id());
        hub.people().roster().toggle(lina.id(), true, grid2.id());
        for (int i = 0; i < RESIDENTS.size(); i++) {
            String[] row = RESIDENTS.get(i);
            String[] contact = row[6].split("\\|");
            // Her own phone (a cancelled call is confirmed by phoning her), notes and relations in both languages.
            Resident resident = hub.people().community().saveResident(new Resident(null, i < 3 ? grid1.id() : grid2.id(),
                    row[0] + " " + row[1], null, row[2], row[3], row[7], LocalDate.parse(row[4]), List.of("zh-CN"),
                    row[5], null, null, List.of(new Resident.Contact(contact[0], contact[1], contact[2])),
                    i % 2 == 0 ? Resident.RiskLevel.HIGH : Resident.RiskLevel.MEDIUM, false));
            String id = "unit-%02d".formatted(i + 1);
            DeviceRegistry.Enrolled unit = hub.units().devices().create(id, "bedside, " + row[3], resident.id()).join();
            units.put(id, unit);
            known.setProperty(id, unit.secret());
        }
        seedVisits(site);
        Files.createDirectories(dataDir);
        try (var out = Files.newOutputStream(secrets)) {
            known.store(out, "CareCall demo units: id = secret (demo only)");
        }
        remember(units.keySet());
        return units;
    }

    /**
     * A few weeks of home visits, so that Today and the monthly report have something to show: the weekly
     * (HIGH) residents were seen every week until a week and more ago, so they are overdue now; one was not
     * home two days ago (a retry is due); the monthly ones were seen five weeks or ten days ago; one had a
     * fall 26 hours ago (the visit due within 24 hours of it is a little late, so Today lists it at any hour
     * of the demo's day). Each visit as if entered on the day it was made.
     */
    private void seedVisits(Site site) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Instant now = Instant.now();
        List<Resident> residents = hub.people().community().residents(Community.Search.all(), 100, 0);
        for (int i = 0; i < residents.size(); i++) {
            Resident resident = residents.get(i);
            CareRounds.Plan plan = new CareRounds.Plan(resident.id(), resident.riskLevel(), site.timezone(),
                    hub.care().policies().forSite(site.id()));
            int[] daysAgo = resident.riskLevel() == Resident.RiskLevel.HIGH ? new int[] {29, 22, 15, 9}
                    : i % 4 == 1 ? new int[] {36} : new int[] {40, 10};
            for (int days : daysAgo) {
                Instant at = now.minus(Duration.ofDays(days)).minus(Duration.ofHours(2 + i));
                ObjectNode domains = json.createObjectNode();
                for (String domain : Visit.DOMAINS) {
                    domains.putObject(domain).put("status", days == 15 && domain.equals("safety") ? "CONCERN" : "OK")
                            .put("note", days == 15 && domain.equals("safety") ? "燃气软管老化 gas hose worn" : "");
                }
                hub.care().rounds().record(new Visit(MessageIds.next(), resident.id(), at, at, i % 3 == 0 ? "PHONE" : "HOME",
                        "SEEN", "Wang Li 王丽", null, domains, json.createArrayNode(), "", null), plan).join();
            }
            if (i == 0) {
                Instant at = now.minus(Duration.ofDays(2));
                hub.care().rounds().record(new Visit(MessageIds.next(), resident.id(), at, at, "HOME", "NOT_HOME",
                        "Wang Li 王丽", null, json.createObjectNode(), json.createArrayNode(), "敲门无人 nobody answered",
                        null), plan).join();
            }
            if (i == 3) {
                hub.care().rounds().recordEvent(new ResidentEvent(MessageIds.next(), resident.id(), "FALL",
                        "在家跌倒，已就医 fell at home, seen by a doctor", now.minus(Duration.ofHours(26)), null), plan).join();
            }
        }
    }

    private void remember(Iterable<String> unitIds) throws StoreException {
        for (String id : unitIds) {
            String residentId = hub.units().devices().find(id).orElseThrow().residentId();
            residentNames.put(id, hub.people().community().resident(residentId).map(Resident::name).orElse(id));
        }
    }

    private Staff staff(String username, String name, Role role, Site site) {
        return hub.people().staff().create(username, name, role, site.id(), null, LOGINS.get(username)).join();
    }

    private void startUnits(Path dataDir, Map<String, DeviceRegistry.Enrolled> units) throws java.sql.SQLException {
        for (DeviceRegistry.Enrolled unit : units.values()) {
            AgentConfig config = new AgentConfig();
            config.device.id = unit.deviceId();
            config.device.secret = unit.secret();
            config.hub.uri = "tcp://127.0.0.1:" + hub.mqttPort();
            config.dataDir = dataDir.resolve("agents").resolve(unit.deviceId()).toString();
            config.gpio.provider = "mock";
            config.feedback.player = "";
            config.timing.retryInitialMs = 500;
            config.timing.retryMaxMs = 5000;
            config.timing.inactivityWarningS = 20; // a visitor waits 20 s, not a minute, for the inactivity call
            agents.add(Agent.start(config, Clock.systemDefaultZone()));
            // In the demo every hour is night for the door and inactivity is watched all day, so that
            // each input on the panel shows what it does.
            hub.configure(unit.deviceId(), new DeviceConfig(0, 60,
                    new DeviceConfig.Inactivity(true, 12, LocalTime.MIDNIGHT, LocalTime.MIDNIGHT),
                    new DeviceConfig.NightDoor(true, LocalTime.MIDNIGHT, LocalTime.MIDNIGHT),
                    new DeviceConfig.Feedback("zh-CN", 80)));
        }
    }

    /**
     * The panel updates live: the units' lamps and voice are looked at here, in the process, ten times a
     * second, and every change is pushed to the consoles over their live link (the browser never polls).
     */
    private void pushPanel(DemoPanel panel) {
        String[] last = {""};
        panelPush.scheduleWithFixedDelay(() -> {
            try {
                var units = panel.units();
                String now = units.toString();
                if (!now.equals(last[0])) {
                    last[0] = now;
                    hub.live().broadcast(Map.of("type", "demo.units", "units", units));
                }
            } catch (RuntimeException e) {
                // a unit stopping while it is looked at: the next look sees the rest
            }
        }, 100, 100, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    public Hub hub() {
        return hub;
    }

    public List<Agent> units() {
        return List.copyOf(agents);
    }

    public String residentOf(String unitId) {
        return residentNames.getOrDefault(unitId, unitId);
    }

    @Override
    public void close() {
        panelPush.shutdownNow();
        agents.forEach(Agent::close);
        hub.close();
    }
}
