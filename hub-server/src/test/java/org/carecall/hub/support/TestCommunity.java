package org.carecall.hub.support;

import java.time.ZoneId;
import java.util.List;
import org.carecall.hub.Hub;
import org.carecall.hub.community.Area;
import org.carecall.hub.community.Resident;
import org.carecall.hub.community.Site;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.staff.Role;
import org.carecall.hub.staff.Staff;

/**
 * The community most tests take place in: Xincheng (Asia/Shanghai), grid 3, Zhang Min in room 2-101 of
 * 3 Hongqi Lane, and her bedside unit bed-0001.
 */
public record TestCommunity(Hub hub, Site site, Area grid, Resident zhang, DeviceRegistry.Enrolled unit) {

    public static TestCommunity create(Hub hub) throws Exception {
        Site site = hub.people().community().addSite("Xincheng", ZoneId.of("Asia/Shanghai"));
        Area grid = hub.people().community().addArea(site.id(), "Grid 3");
        Resident zhang = hub.people().community().saveResident(new Resident(null, grid.id(), "Zhang Min", "3 Hongqi Lane",
                "2-101", null, "zh-CN", "insulin at 8:00", List.of(), Resident.RiskLevel.HIGH));
        DeviceRegistry.Enrolled unit = hub.units().devices().create("bed-0001", "bedroom", zhang.id()).join();
        return new TestCommunity(hub, site, grid, zhang, unit);
    }

    /** A member of staff of this community; the password is the user name followed by "-password-1". */
    public Staff staff(String username, String displayName, Role role) {
        return hub.people().staff().create(username, displayName, role, site.id(), null, password(username)).join();
    }

    /** The same, on duty in grid 3 from now on. */
    public Staff onDuty(String username, String displayName) {
        Staff member = staff(username, displayName, Role.DUTY);
        hub.people().roster().toggle(member.id(), true, grid.id());
        return member;
    }

    public TestConsole console(String username) throws Exception {
        return TestConsole.login(hub.httpPort(), username, password(username));
    }

    public TestDevice connectUnit() throws Exception {
        return TestDevice.connect("tcp://127.0.0.1:" + hub.mqttPort(), unit.deviceId(), unit.secret());
    }

    private static String password(String username) {
        return username + "-password-1";
    }
}
