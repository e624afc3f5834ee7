package org.carecall.protocol;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The contract is shared by devices, the hub and tools, so it must not drag in any one side's stack. */
class ProtocolIndependenceTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "io.netty.channel.Channel",
        "org.eclipse.paho.client.mqttv3.MqttClient",
        "com.pi4j.context.Context",
        "org.sqlite.JDBC",
    })
    void theProtocolModuleDoesNotSeeTransportGpioOrStorageLibraries(String className) {
        assertThatThrownBy(() -> Class.forName(className)).isInstanceOf(ClassNotFoundException.class);
    }
}
