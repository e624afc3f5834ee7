package org.carecall.hub.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.carecall.hub.alarm.Alarm;
import org.carecall.hub.community.Resident;
import org.carecall.hub.staff.Role;
import org.carecall.hub.staff.Staff;
import org.junit.jupiter.api.Test;

/**
 * The rules of who reaches what, on plain maps: North with grids n1 and n2, South with grid s1; Zhang in n1
 * (unit bed-n), Liu in s1 (unit bed-s), and a unit placed with nobody.
 */
class ScopeTest {
    private static final Map<String, String> SITE_OF_AREA = Map.of("n1", "north", "n2", "north", "s1", "south");
    private static final Map<String, String> AREA_OF_RESIDENT = Map.of("zhang", "n1", "liu", "s1");
    private static final Map<String, String> RESIDENT_OF_DEVICE = Map.of("bed-n", "zhang", "bed-s", "liu");
    private static final Map<String, List<String>> GRIDS = Map.of("north-duty-1", List.of("n1"),
            "north-duty-2", List.of("n2"));

    private final Scope scope = new Scope(new Scope.Places() {
        @Override
        public Optional<String> siteOfArea(String areaId) {
            return Optional.ofNullable(areaId == null ? null : SITE_OF_AREA.get(areaId));
        }

        @Override
        public Optional<String> areaOfResident(String residentId) {
            return Optional.ofNullable(AREA_OF_RESIDENT.get(residentId));
        }

        @Override
        public Optional<String> residentOfDevice(String deviceId) {
            return Optional.ofNullable(RESIDENT_OF_DEVICE.get(deviceId));
        }

        @Override
        public List<String> gridsOf(String staffId) {
            return GRIDS.getOrDefault(staffId, List.of());
        }
    });

    private static Staff staff(String id, Role role, String site) {
        return new Staff(id, id, id, role, site, null, false);
    }

    private static final Staff NORTH_DUTY_1 = staff("north-duty-1", Role.DUTY, "north");
    private static final Staff NORTH_DUTY_2 = staff("north-duty-2", Role.DUTY, "north");
    private static final Staff NORTH_SUPERVISOR = staff("north-sup", Role.SUPERVISOR, "north");
    private static final Staff NORTH_TECHNICIAN = staff("north-tech", Role.TECHNICIAN, "north");
    private static final Staff SOUTH_DUTY = staff("south-duty", Role.DUTY, "south");
    private static final Staff SOUTH_SUPERVISOR = staff("south-sup", Role.SUPERVISOR, "south");
    private static final Staff SOUTH_ADMIN = staff("south-admin", Role.ADMIN, "south");
    private static final Staff DISTRICT = staff("admin", Role.ADMIN, null);
    private static final Staff NOBODYS = staff("loose", Role.SUPERVISOR, null);

    private static final Resident ZHANG = resident("zhang", "n1");
    private static final Resident LIU = resident("liu", "s1");

    private static Resident resident(String id, String area) {
        return new Resident(id, area, id, "1 Lane", "101", null, "zh-CN", "diabetic", List.of(), Resident.RiskLevel.HIGH);
    }

    private static Alarm call(String deviceId, org.carecall.protocol.AlarmKind kind, String takenBy) {
        Alarm.Handling handling = new Alarm.Handling(null, takenBy == null ? null : Instant.now(), takenBy, takenBy,
                null, null, null, 1, null);
        return new Alarm("a-" + deviceId, deviceId, kind, "x", org.carecall.protocol.AlarmState.RECEIVED, Instant.now(),
                Instant.now(), 1, false, 1, null, null, Instant.now(), handling);
    }

    @Test
    void staffReachOnlyTheirOwnCommunitysFiles() {
        assertThat(scope.maySeeResident(NORTH_DUTY_1, ZHANG)).isTrue();
        assertThat(scope.maySeeResident(NORTH_DUTY_1, LIU)).isFalse();
        assertThat(scope.maySeeResident(SOUTH_SUPERVISOR, ZHANG)).isFalse();
        assertThat(scope.maySeeResident(SOUTH_ADMIN, ZHANG)).isFalse();
        assertThat(scope.maySeeResident(DISTRICT, ZHANG)).isTrue();
        assertThat(scope.maySeeResident(DISTRICT, LIU)).isTrue();
        assertThat(scope.maySeeResident(NOBODYS, ZHANG)).as("an account of no community reaches none").isFalse();
        assertThat(Scope.siteFilter(NORTH_DUTY_1)).isEqualTo("north");
        assertThat(Scope.siteFilter(DISTRICT)).isNull();
        assertThat(Scope.siteFilter(NOBODYS)).isEmpty();
    }

    @Test
    void healthNotesGoToHerGridAndHerSupervisorsOthersBreakTheGlass() {
        assertThat(scope.mayReadHealth(NORTH_DUTY_1, ZHANG)).isTrue();
        assertThat(scope.mayReadHealth(NORTH_DUTY_2, ZHANG)).as("duty of another grid").isFalse();
        assertThat(scope.mayBreakGlass(NORTH_DUTY_2, ZHANG)).isTrue();
        assertThat(scope.mayReadHealth(NORTH_SUPERVISOR, ZHANG)).isTrue();
        assertThat(scope.mayReadHealth(NORTH_TECHNICIAN, ZHANG)).isFalse();
        assertThat(scope.mayBreakGlass(NORTH_TECHNICIAN, ZHANG)).as("a technician never").isFalse();
        assertThat(Scope.mayReadPersonalDetails(NORTH_TECHNICIAN)).isFalse();
        assertThat(scope.mayReadHealth(SOUTH_SUPERVISOR, ZHANG)).isFalse();
        assertThat(scope.mayBreakGlass(SOUTH_SUPERVISOR, ZHANG)).as("not even with glass: not her community").isFalse();
    }

    @Test
    void aCallIsItsCommunitysAndATakenCallIsClosedByItsTakerOrItsSupervisors() {
        Alarm north = call("bed-n", org.carecall.protocol.AlarmKind.CALL_BUTTON, null);
        assertThat(scope.maySeeCall(NORTH_DUTY_2, north)).isTrue();
        assertThat(scope.maySeeCall(SOUTH_DUTY, north)).isFalse();
        assertThat(scope.maySeeCall(NORTH_TECHNICIAN, north)).as("a care call is not a technician's").isFalse();
        assertThat(scope.maySeeCall(DISTRICT, north)).isTrue();

        Alarm taken = call("bed-n", org.carecall.protocol.AlarmKind.CALL_BUTTON, "north-duty-1");
        assertThat(scope.mayCloseTaken(NORTH_DUTY_1, taken)).isTrue();
        assertThat(scope.mayCloseTaken(NORTH_DUTY_2, taken)).isFalse();
        assertThat(scope.mayCloseTaken(NORTH_SUPERVISOR, taken)).isTrue();
        assertThat(scope.mayCloseTaken(SOUTH_SUPERVISOR, taken)).isFalse();

        Alarm loose = call("bed-nobody", org.carecall.protocol.AlarmKind.DEVICE_OFFLINE, null);
        assertThat(scope.maySeeCall(SOUTH_DUTY, loose)).as("a unit placed with nobody is nobody's to hide").isTrue();
        assertThat(scope.maySeeDevice(NORTH_TECHNICIAN, "bed-s")).isFalse();
    }

    @Test
    void movingAFileOrGoingOnDutyStaysInsideOnesRights() {
        assertThat(scope.mayPlaceResident(NORTH_SUPERVISOR, "n1", "n2")).isTrue();
        assertThat(scope.mayPlaceResident(SOUTH_SUPERVISOR, "n1", "s1")).isFalse();
        assertThat(scope.mayPlaceResident(NORTH_SUPERVISOR, "n1", "s1")).isFalse();
        assertThat(scope.mayPlaceResident(DISTRICT, "n1", "s1")).as("rights in both").isTrue();

        assertThat(scope.mayGoOnDutyIn(NORTH_DUTY_1, "n1")).isTrue();
        assertThat(scope.mayGoOnDutyIn(NORTH_DUTY_1, "n2")).as("not one of her grids").isFalse();
        assertThat(scope.mayGoOnDutyIn(NORTH_DUTY_1, "s1")).isFalse();
        assertThat(scope.mayGoOnDutyIn(NORTH_SUPERVISOR, "n2")).as("no grids listed: all of North's").isTrue();
        assertThat(scope.mayGoOnDutyIn(NOBODYS, null)).isFalse();

        assertThat(scope.maySeeStaff(SOUTH_SUPERVISOR, NORTH_DUTY_1)).isFalse();
        assertThat(scope.maySeeStaff(DISTRICT, NORTH_DUTY_1)).isTrue();
        assertThat(scope.maySeeStaff(NORTH_SUPERVISOR, DISTRICT)).isFalse();
        assertThat(scope.mayAssignCommunity(SOUTH_ADMIN, "north")).isFalse();
        assertThat(scope.mayAssignCommunity(SOUTH_ADMIN, null)).as("only the district makes district accounts").isFalse();
    }

    @Test
    void visitsAreForHerGridsDutyStaffAndHerCommunitysSupervisorsNeverForTechnicians() {
        assertThat(scope.mayVisit(NORTH_DUTY_1, ZHANG)).as("her grid's worker").isTrue();
        assertThat(scope.mayVisit(NORTH_DUTY_2, ZHANG)).as("another grid's worker").isFalse();
        assertThat(scope.mayVisit(NORTH_SUPERVISOR, ZHANG)).isTrue();
        assertThat(scope.mayVisit(DISTRICT, ZHANG)).isTrue();
        assertThat(scope.mayVisit(NORTH_TECHNICIAN, ZHANG)).as("health information").isFalse();
        assertThat(scope.mayVisit(SOUTH_DUTY, ZHANG)).isFalse();
        assertThat(scope.mayVisit(SOUTH_SUPERVISOR, ZHANG)).isFalse();
    }
}
