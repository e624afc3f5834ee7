package org.carecall.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TopicTest {

    @Test
    void topicsAreBuiltAndParsedTheSameWay() throws ProtocolException {
        for (Channel channel : Channel.values()) {
            Topic topic = Topic.of("dev-0001", channel);
            assertThat(Topic.parse(topic.toString())).isEqualTo(topic);
        }
        assertThat(Topic.of("dev-0001", Channel.ALARM).toString()).isEqualTo("carecall/v1/devices/dev-0001/up/alarm");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "#",
        "carecall/v1/devices/#",
        "carecall/v1/devices/+/up/alarm",
        "carecall/v1/devices/dev-0001/up/+",
        "carecall/v2/devices/dev-0001/up/alarm",
        "other/v1/devices/dev-0001/up/alarm",
        "/carecall/v1/devices/dev-0001/up/alarm",
        "carecall/v1/devices/dev-0001",
        "carecall/v1/devices/dev-0001/up/reboot",
        "carecall/v1/devices/dev-0001/up/alarm/extra",
        "carecall/v1/devices/DEV-0001/up/alarm",
        "carecall/v1/devices/-dev/up/alarm",
        "carecall/v1/devices//up/alarm",
    })
    void malformedTopicsAreRefused(String topic) {
        assertThatThrownBy(() -> Topic.parse(topic)).isInstanceOf(ProtocolException.class);
    }

    @Test
    void aRefusalSaysWhatIsWrong() {
        assertThatThrownBy(() -> Topic.parse("carecall/v1/devices/+/up/alarm")).hasMessageContaining("wildcard");
        assertThatThrownBy(() -> Topic.parse("carecall/v1/devices/dev-0001/up/reboot"))
                .hasMessageContaining("unknown channel 'up/reboot'");
    }

    @Test
    void aDevicePublishesOnlyOnItsOwnUpwardChannels() throws ProtocolException {
        Topic own = Topic.parse("carecall/v1/devices/dev-0001/up/alarm");
        Topic other = Topic.parse("carecall/v1/devices/dev-0002/up/alarm");
        Topic ownDown = Topic.parse("carecall/v1/devices/dev-0001/down/ack");

        assertThat(own.mayBePublishedBy("dev-0001")).isTrue();
        assertThat(other.mayBePublishedBy("dev-0001")).isFalse();
        assertThat(ownDown.mayBePublishedBy("dev-0001")).isFalse();
    }

    @Test
    void aDeviceSubscribesOnlyToItsOwnDownwardChannels() {
        assertThat(Topic.mayDeviceSubscribe("dev-0001", "carecall/v1/devices/dev-0001/down/#")).isTrue();
        assertThat(Topic.mayDeviceSubscribe("dev-0001", "carecall/v1/devices/dev-0001/down/ack")).isTrue();

        assertThat(Topic.mayDeviceSubscribe("dev-0001", "#")).isFalse();
        assertThat(Topic.mayDeviceSubscribe("dev-0001", "carecall/v1/devices/#")).isFalse();
        assertThat(Topic.mayDeviceSubscribe("dev-0001", "carecall/v1/devices/+/down/#")).isFalse();
        assertThat(Topic.mayDeviceSubscribe("dev-0001", "carecall/v1/devices/dev-0001/#")).isFalse();
        assertThat(Topic.mayDeviceSubscribe("dev-0001", "carecall/v1/devices/dev-0001/up/alarm")).isFalse();
        assertThat(Topic.mayDeviceSubscribe("dev-0001", "carecall/v1/devices/dev-0002/down/#")).isFalse();
        assertThat(Topic.mayDeviceSubscribe("dev-0001", "carecall/v1/devices/dev-0002/down/ack")).isFalse();
    }

    @Test
    void deviceIdsFollowTheContract() {
        assertThat(DeviceIds.isValid("abc")).isTrue();
        assertThat(DeviceIds.isValid("room-12-bed-a")).isTrue();
        assertThat(DeviceIds.isValid("a".repeat(64))).isTrue();
        assertThat(DeviceIds.isValid("a".repeat(65))).isFalse();
        assertThat(DeviceIds.isValid("ab")).isFalse();
        assertThat(DeviceIds.isValid("Room-1")).isFalse();
        assertThat(DeviceIds.isValid("room_1")).isFalse();
        assertThat(DeviceIds.isValid(null)).isFalse();
        assertThat(DeviceIds.isValid("-ab")).as("a dash may not lead").isFalse();
        assertThat(DeviceIds.isValid("ab-")).isTrue();
        assertThat(DeviceIds.isValid("abé")).isFalse();
        assertThat(DeviceIds.isValid("ab c")).isFalse();
        assertThatThrownBy(() -> DeviceIds.require("a/b")).hasMessageContaining("lower-case");
    }
}
