package org.carecall.hub.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.carecall.hub.support.TestHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MqttEndpointInitializerTest {
    private TestHub hub;

    @BeforeEach
    void start() throws Exception {
        hub = TestHub.start();
    }

    @AfterEach
    void stop() throws Exception {
        hub.close();
    }

    @Test
    void thePipelineIsIdleLimitThenCodecThenSession() {
        EmbeddedChannel channel = new EmbeddedChannel(initializer(16 * 1024));

        assertThat(channel.pipeline().names()).containsSubsequence(MqttEndpointInitializer.IDLE,
                MqttEndpointInitializer.DECODER, MqttEndpointInitializer.ENCODER, DeviceSessionHandler.NAME);
        channel.finishAndReleaseAll();
    }

    @Test
    void bytesThatAreNotMqttCloseTheChannel() {
        EmbeddedChannel channel = new EmbeddedChannel(initializer(16 * 1024));

        channel.writeInbound(Unpooled.copiedBuffer("HELLO HUB, THIS IS NOT MQTT\r\n", StandardCharsets.US_ASCII));

        assertThat(channel.isOpen()).isFalse();
        channel.finishAndReleaseAll();
    }

    private MqttEndpointInitializer initializer(int maxBytes) {
        return new MqttEndpointInitializer(null, 10, maxBytes, () -> new DeviceSessionHandler(hub.hub().devices(),
                hub.hub().sessions(), hub.hub().inbox(), hub.hub().audit(), hub.hub().metrics(), 600));
    }
}
