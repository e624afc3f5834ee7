package org.carecall.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AlarmKindTest {

    @Test
    void theIndustryCodesMatchTheContract() {
        assertThat(AlarmKind.CALL_BUTTON.contactIdEvent()).isEqualTo(101);
        assertThat(AlarmKind.CALL_BUTTON.scaipDeviceType()).contains("0003");
        assertThat(AlarmKind.CALL_BUTTON.scaipStatusCode()).isEqualTo("0010");
        assertThat(AlarmKind.PULL_CORD.scaipDeviceType()).contains("0004");
        assertThat(AlarmKind.SMOKE.contactIdEvent()).isEqualTo(111);
        assertThat(AlarmKind.LOW_BATTERY.contactIdEvent()).isEqualTo(302);
        assertThat(AlarmKind.LOW_BATTERY.scaipStatusCode()).isEqualTo("0016");
        assertThat(AlarmKind.POWER_FAILURE.scaipStatusCode()).isEqualTo("0085");
        assertThat(AlarmKind.TEST.contactIdEvent()).isEqualTo(602);
        assertThat(AlarmKind.TEST.scaipStatusCode()).isEqualTo("0102");
        assertThat(AlarmKind.DEVICE_OFFLINE.scaipStatusCode()).isEqualTo("0023");
    }

    @Test
    void everyKindHasACodeInBothVocabularies() {
        for (AlarmKind kind : AlarmKind.values()) {
            assertThat(kind.contactIdEvent()).as(kind.name()).isBetween(100, 999);
            assertThat(kind.scaipStatusCode()).as(kind.name()).matches("\\d{4}");
            kind.scaipDeviceType().ifPresent(type -> assertThat(type).matches("\\d{4}"));
        }
    }

    @Test
    void lifeSafetyCallsGoToCareStaffAndTechnicalAlarmsToTechnicians() {
        assertThat(AlarmKind.CALL_BUTTON.alarmClass()).isEqualTo(AlarmClass.LIFE_SAFETY);
        assertThat(AlarmKind.PULL_CORD.alarmClass()).isEqualTo(AlarmClass.LIFE_SAFETY);
        assertThat(AlarmKind.FALL.alarmClass()).isEqualTo(AlarmClass.LIFE_SAFETY);
        assertThat(AlarmKind.SMOKE.alarmClass()).isEqualTo(AlarmClass.LIFE_SAFETY);
        assertThat(AlarmKind.GAS.alarmClass()).isEqualTo(AlarmClass.LIFE_SAFETY);
        assertThat(AlarmKind.UNKNOWN.alarmClass()).isEqualTo(AlarmClass.LIFE_SAFETY);
        assertThat(AlarmKind.INACTIVITY.alarmClass()).isEqualTo(AlarmClass.WELLNESS);
        assertThat(AlarmKind.DOOR_AT_NIGHT.alarmClass()).isEqualTo(AlarmClass.WELLNESS);
        assertThat(AlarmKind.CHECK_IN_MISSED.alarmClass()).isEqualTo(AlarmClass.WELLNESS);
        assertThat(AlarmKind.CHECK_IN_MISSED.contactIdEvent()).isEqualTo(102); // "fail to report in"
        for (AlarmKind technical : new AlarmKind[] {AlarmKind.TAMPER, AlarmKind.POWER_FAILURE,
                AlarmKind.LOW_BATTERY, AlarmKind.DEVICE_OFFLINE}) {
            assertThat(technical.alarmClass().forCareStaff()).as(technical.name()).isFalse();
        }
        assertThat(AlarmClass.LIFE_SAFETY).isLessThan(AlarmClass.WELLNESS).isLessThan(AlarmClass.TECHNICAL);
    }

    @Test
    void kindsOnlyTheHubRaisesAreNotAcceptedFromDevices() {
        assertThat(AlarmKind.UNKNOWN.sentByDevices()).isFalse();
        assertThat(AlarmKind.DEVICE_OFFLINE.sentByDevices()).isFalse();
        assertThat(AlarmKind.CHECK_IN_MISSED.sentByDevices()).isFalse();
        assertThat(AlarmKind.CALL_BUTTON.sentByDevices()).isTrue();
    }
}
