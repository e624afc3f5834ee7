package org.carecall.hub.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.carecall.fuzz.FuzzLedger;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.security.ConnectionRate;
import org.carecall.hub.support.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The hub's device endpoint against any bytes on the wire: the real pipeline (idle limit, MQTT decoder
 * with the hub's size limit, session handler) in an EmbeddedChannel, the real hub behind it. The first
 * byte says whether the bytes come after a good login of an enrolled unit, so the fuzzer reaches the
 * topic rules, the flood limit and the alarm intake as well as the login. Whatever arrives, nothing may
 * escape the pipeline as an exception: bad input is answered, refused or closed, never thrown.
 */
class MqttIntakeFuzzTest {
    private static final FuzzLedger LEDGER = new FuzzLedger("mqtt");
    private static TestHub hub;
    private static byte[] login;

    @BeforeAll
    static void start() throws Exception {
        hub = TestHub.start(config -> config.limits.messagesPerSecond = 1_000_000);
        DeviceRegistry.Enrolled unit = hub.enrol("bed-0001");
        login = encode(MqttMessageBuilders.connect().clientId(unit.deviceId()).username(unit.deviceId())
                .password(unit.secret().getBytes(StandardCharsets.UTF_8)).keepAlive(60).cleanSession(true)
                .protocolVersion(MqttVersion.MQTT_3_1_1).build());
    }

    @AfterAll
    static void stop() throws Exception {
        LEDGER.close();
        hub.close();
    }

    @FuzzTest(maxDuration = "15s")
    void anyBytesFromADeviceAreAnsweredRefusedOrClosedNeverThrown(byte[] input) throws Exception {
        LEDGER.run(() -> oneInput(input));
    }

    private void oneInput(byte[] input) throws Exception {
        EmbeddedChannel channel = new EmbeddedChannel(new MqttEndpointInitializer(null, 10, 16 * 1024, false,
                new ConnectionGate(ConnectionRate.unlimited()),
                () -> new DeviceSessionHandler(hub.hub().units().devices(), hub.hub().units().sessions(), hub.hub().units().inbox(),
                        hub.hub().people().audit(), hub.hub().metrics(), 600)));
        try {
            boolean loggedIn = input.length > 0 && (input[0] & 1) == 1;
            if (loggedIn) {
                channel.writeInbound(Unpooled.wrappedBuffer(login));
            }
            byte[] rest = input.length > 0 ? Arrays.copyOfRange(input, 1, input.length) : input;
            if (channel.isOpen()) {
                channel.writeInbound(Unpooled.wrappedBuffer(rest));
            }
            channel.runPendingTasks();
            channel.checkException();
            // What the hub answers is MQTT (or encoded MQTT), nothing else.
            for (Object answer = channel.readOutbound(); answer != null; answer = channel.readOutbound()) {
                assertThat(answer).isInstanceOfAny(MqttMessage.class, ByteBuf.class);
                ReferenceCountUtil.release(answer);
            }
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    private static byte[] encode(Object message) {
        EmbeddedChannel encoder = new EmbeddedChannel(MqttEncoder.INSTANCE);
        encoder.writeOutbound(message);
        ByteBuf bytes = encoder.readOutbound();
        byte[] copy = new byte[bytes.readableBytes()];
        bytes.readBytes(copy);
        bytes.release();
        encoder.finishAndReleaseAll();
        return copy;
    }
}
