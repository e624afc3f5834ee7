package org.carecall.hub.family;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.nio.file.Files;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.carecall.hub.community.Area;
import org.carecall.hub.community.Community;
import org.carecall.hub.community.Resident;
import org.carecall.hub.community.Site;
import org.carecall.hub.staff.Role;
import org.carecall.hub.store.StoreSettings;
import org.carecall.hub.support.MutableClock;
import org.carecall.hub.support.TestConsole;
import org.carecall.hub.support.TestHub;

/**
 * A whole hub on the test clock for the family's stories, with a real SMTP server (GreenMail) on loopback:
 * 新城社区 (Asia/Shanghai), grid 1 worked by 王强 (138 0000 1111), and 张敏 with health notes and medicines,
 * her son 张伟 (news in Chinese) and her daughter Zhang Li (news in English), both with consent, and a
 * neighbour with an e-mail address who gave none.
 */
record FamilyHubs(TestHub hub, GreenMail smtp, MutableClock clock, Site site, Area grid, Resident zhang)
        implements AutoCloseable {
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final String SON = "wei@example.cn";
    static final String DAUGHTER = "li.zhang@example.com";
    static final String NEIGHBOUR = "li.hua@example.cn";

    static FamilyHubs start(String name, String startsAt) throws Exception {
        return start(name, startsAt, null);
    }

    /** The same, on a database other hub nodes share (null: a store of its own). */
    static FamilyHubs start(String name, String startsAt, StoreSettings shared) throws Exception {
        GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        smtp.start();
        MutableClock clock = new MutableClock(at(startsAt));
        TestHub hub = node(name, smtp, clock, shared);
        Community community = hub.hub().people().community();
        Site site = community.addSite("新城社区", SHANGHAI);
        Area grid = community.addArea(site.id(), "Grid 1");
        hub.hub().people().staff().create("wang", "王强", Role.DUTY, site.id(), "138 0000 1111", "wang-password-1",
                List.of(grid.id()), false).join();
        long consent = clock.millis();
        Resident zhang = community.saveResident(new Resident(null, grid.id(), "张敏", "Zhang Min", "3 Hongqi Lane",
                "2-101", "139 1111 0000", null, List.of("zh-CN"), "insulin at 8:00", "metformin", "walks with a stick",
                List.of(new Resident.Contact("张伟", "儿子", "139 0000 0001", SON, true, "zh-CN", consent, "admin"),
                        new Resident.Contact("Zhang Li", "daughter", "139 0000 0003", DAUGHTER, true, "en", consent,
                                "admin"),
                        new Resident.Contact("Li Hua", "neighbour", "139 0000 0002", NEIGHBOUR, false, "en", null, null)),
                Resident.RiskLevel.HIGH, false));
        return new FamilyHubs(hub, smtp, clock, site, grid, zhang);
    }

    /** Wang's console, logged in now: the clock jumps days, past a session's end. */
    TestConsole wang() throws Exception {
        return TestConsole.login(hub.hub().httpPort(), "wang", "wang-password-1");
    }

    /** A hub node mailing through the story's SMTP server, on the story's clock. */
    static TestHub node(String name, GreenMail smtp, MutableClock clock, StoreSettings shared) throws Exception {
        return TestHub.start(Files.createTempDirectory("carecall-" + name + "-"), clock, config -> {
            if (shared != null) {
                config.store.url = shared.url();
                config.store.user = shared.user();
                config.store.password = shared.password();
            }
            config.family.smtpHost = "127.0.0.1";
            config.family.smtpPort = smtp.getSmtp().getPort();
            config.family.smtpFrom = "carecall@xincheng.example.cn";
            config.family.firstRetryMs = 50;
            config.family.sweepMs = 50;
        });
    }

    /** A local time in Xincheng, "2026-12-07T13:00". */
    static java.time.Instant at(String localTime) {
        return LocalDateTime.parse(localTime).atZone(SHANGHAI).toInstant();
    }

    void moveTo(String localTime) {
        clock.advance(Duration.between(clock.instant(), at(localTime)));
    }

    /** Her messages as the file's list has them, newest first. */
    List<JsonNode> messages() throws Exception {
        List<JsonNode> found = new ArrayList<>();
        wang().get("/api/residents/" + zhang.id() + "/family-messages").body().forEach(found::add);
        return found;
    }

    boolean allDelivered(int count) throws Exception {
        List<JsonNode> all = messages();
        return all.size() == count && all.stream().allMatch(message -> message.path("delivery").asText().equals("DELIVERED"));
    }

    @Override
    public void close() throws Exception {
        hub.close();
        smtp.stop();
    }
}
