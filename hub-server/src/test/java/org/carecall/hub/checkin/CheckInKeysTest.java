package org.carecall.hub.checkin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.carecall.hub.care.CarePolicy;
import org.carecall.protocol.message.DeviceConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What her unit's config says of the green key, and when the unit configs are told it changed. */
class CheckInKeysTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private final List<String> told = new ArrayList<>();
    /** Each resident's unit is "u-" and her id, except Wu's, who has none, and those given another here. */
    private final Map<String, String> unitOf = new HashMap<>();
    private final Homes homes = new Homes() {
        @Override
        public Optional<Home> of(String residentId) {
            return Optional.of(new Home(residentId, residentId, SHANGHAI, CarePolicy.CheckIn.defaults(),
                    unitOf.getOrDefault(residentId, residentId.equals("r-wu") ? null : "u-" + residentId)));
        }

        @Override
        public Optional<String> residentOf(String deviceId) {
            return unitOf.entrySet().stream().filter(entry -> deviceId.equals(entry.getValue())).map(Map.Entry::getKey)
                    .findFirst().or(() -> deviceId.startsWith("u-") ? Optional.of(deviceId.substring(2)) : Optional.empty());
        }
    };

    private static CheckInPlan plan(String residentId, boolean enabled, String deadline) {
        return new CheckInPlan(residentId, enabled, LocalTime.parse(deadline), null, null, Instant.EPOCH, Instant.EPOCH, "wang");
    }

    private CheckInKeys keys(Map<String, CheckInPlan> plans) {
        CheckInKeys keys = new CheckInKeys(homes, plans);
        keys.tellUnitsThrough(deviceId -> {
            told.add(deviceId);
            return CompletableFuture.completedFuture(null);
        });
        return keys;
    }

    @BeforeEach
    void clear() {
        told.clear();
        unitOf.clear();
    }

    @Test
    void herPlanOnMeansHerUnitsKeyOnWithHerDeadlineAndOffMeansOff() throws Exception {
        CheckInKeys keys = keys(Map.of("zhang", plan("zhang", true, "09:30")));
        assertThat(keys.checkIn("u-zhang")).isEqualTo(new DeviceConfig.CheckIn(true, LocalTime.of(9, 30)));
        assertThat(keys.checkIn("u-li")).isEqualTo(DeviceConfig.CheckIn.OFF); // no plan
        assertThat(keys.checkIn("unassigned")).isEqualTo(DeviceConfig.CheckIn.OFF);

        keys.planChanged(plan("zhang", true, "10:30")).join();
        assertThat(keys.checkIn("u-zhang").deadline()).isEqualTo(LocalTime.of(10, 30));
        keys.planChanged(plan("zhang", false, "10:30")).join();
        assertThat(keys.checkIn("u-zhang")).isEqualTo(DeviceConfig.CheckIn.OFF);
        assertThat(told).containsExactly("u-zhang", "u-zhang");
    }

    @Test
    void anAwayPeriodLeavesTheKeyOn() throws Exception {
        CheckInPlan away = new CheckInPlan("zhang", true, LocalTime.of(10, 0), LocalDate.of(2026, 12, 1),
                LocalDate.of(2026, 12, 20), Instant.EPOCH, Instant.EPOCH, "wang");
        CheckInKeys keys = keys(Map.of());
        keys.planChanged(away).join();
        assertThat(keys.checkIn("u-zhang").enabled()).isTrue();
    }

    @Test
    void aResidentWithoutAUnitTellsNoUnit() throws Exception {
        keys(Map.of()).planChanged(plan("r-wu", true, "10:00")).join();
        assertThat(told).isEmpty();
    }

    @Test
    void theFirstRefreshLooksAtEveryPlannedUnitThenOnlyAtPlansChangedElsewhere() throws Exception {
        CheckInKeys keys = keys(Map.of("zhang", plan("zhang", true, "10:00"), "li", plan("li", true, "09:00")));
        keys.refresh(Map.of("zhang", plan("zhang", true, "10:00"), "li", plan("li", true, "09:00")));
        assertThat(told).containsExactlyInAnyOrder("u-zhang", "u-li"); // plans made before an upgrade
        told.clear();

        keys.refresh(Map.of("zhang", plan("zhang", true, "10:00"), "li", plan("li", true, "09:00")));
        assertThat(told).isEmpty(); // nothing changed: nobody told

        keys.refresh(Map.of("zhang", plan("zhang", true, "08:45"), "chen", plan("chen", true, "10:00")));
        assertThat(told).containsExactlyInAnyOrder("u-zhang", "u-li", "u-chen"); // moved, switched off, new
        assertThat(keys.checkIn("u-li")).isEqualTo(DeviceConfig.CheckIn.OFF);
        assertThat(keys.checkIn("u-zhang").deadline()).isEqualTo(LocalTime.of(8, 45));
    }

    @Test
    void aUnitGivenToAResidentWithAPlanIsToldAtTheNextRefreshAndHerOldOneToo() throws Exception {
        Map<String, CheckInPlan> plans = Map.of("r-wu", plan("r-wu", true, "10:00"));
        CheckInKeys keys = keys(plans);
        keys.planChanged(plans.get("r-wu")).join();
        keys.refresh(plans);
        assertThat(told).isEmpty(); // Wu has no unit yet

        unitOf.put("r-wu", "bed-0007");
        keys.refresh(plans);
        assertThat(told).containsExactly("bed-0007");
        assertThat(keys.checkIn("bed-0007").enabled()).isTrue();

        told.clear();
        unitOf.put("r-wu", "bed-0008"); // her unit replaced: the old one is told as well, and now answers off
        keys.refresh(plans);
        assertThat(told).containsExactlyInAnyOrder("bed-0007", "bed-0008");
        assertThat(keys.checkIn("bed-0007")).isEqualTo(DeviceConfig.CheckIn.OFF);
    }
}
