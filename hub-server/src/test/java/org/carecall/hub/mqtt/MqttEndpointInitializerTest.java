package org.carecall.hub.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.carecall.hub.security.ConnectionRate;
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

    @Test
    void behindABalancerTheProxyHeaderNamesTheUnitsAddressAndIsThenGone() {
        EmbeddedChannel channel = new EmbeddedChannel(initializer(16 * 1024, true));

        channel.writeInbound(Unpooled.copiedBuffer("PROXY TCP4 192.0.2.7 10.0.0.11 51234 1883\r\n",
                StandardCharsets.US_ASCII));

        assertThat(channel.isOpen()).isTrue();
        assertThat(ProxiedAddress.of(channel)).isEqualTo("/192.0.2.7:51234");
        assertThat(channel.pipeline().names()).doesNotContain(ProxiedAddress.NAME)
                .containsSubsequence(MqttEndpointInitializer.IDLE, MqttEndpointInitializer.DECODER);
        channel.finishAndReleaseAll();
    }

    @Test
    void behindABalancerAConnectionWithoutTheHeaderIsClosed() {
        EmbeddedChannel channel = new EmbeddedChannel(initializer(16 * 1024, true));

        // Past the longest header the protocol allows (107 bytes), these bytes cannot be one.
        channel.writeInbound(Unpooled.wrappedBuffer(org.carecall.hub.support.RawMqtt.connect("bed-0001", "bed-0001",
                "s".repeat(120), 30)));

        assertThat(channel.isOpen()).as("an MQTT CONNECT straight to a port that expects the balancer").isFalse();
        channel.finishAndReleaseAll();
    }

    private MqttEndpointInitializer initializer(int maxBytes) {
        return initializer(maxBytes, false);
    }

    private MqttEndpointInitializer initializer(int maxBytes, boolean proxyProtocol) {
        return new MqttEndpointInitializer(null, 10, maxBytes, proxyProtocol,
                new ConnectionGate(ConnectionRate.unlimited()), () -> new DeviceSessionHandler(hub.hub().units().devices(),
                hub.hub().units().sessions(), hub.hub().units().inbox(), hub.hub().people().audit(), hub.hub().metrics(), 600));
    }
}
