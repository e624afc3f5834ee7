package org.carecall.hub.mqtt;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.Channel;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.function.Supplier;

/**
 * The pipeline of one device connection, and nothing else: the gate that limits new connections per
 * source (when units connect directly), the PROXY protocol header when the hub sits
 * behind a load balancer, TLS when configured, an idle limit (first
 * the time allowed to send CONNECT, then 1.5 x the device's keep-alive), the MQTT codec with the
 * configured size limit, and the session handler.
 *
 * <p>Closest to the socket, the flushes are gathered: a call's receipt and its PUBACK are written by two
 * tasks of the unit's event loop, and go out in one write to the socket at the end of that loop's turn
 * instead of a system call each (under a storm, every reply to a unit in one turn of its loop).
 */
final class MqttEndpointInitializer extends ChannelInitializer<Channel> {
    static final String FLUSHES = "flushes";
    static final String TLS = "tls";
    static final String IDLE = "idle";
    static final String DECODER = "mqtt-decoder";
    static final String ENCODER = "mqtt-encoder";

    private final SslContext tls;
    private final int connectTimeoutS;
    private final int maxMessageBytes;
    private final Supplier<DeviceSessionHandler> sessions;
    private final boolean proxyProtocol;
    private final ConnectionGate gate;

    MqttEndpointInitializer(SslContext tls, int connectTimeoutS, int maxMessageBytes, boolean proxyProtocol,
                            ConnectionGate gate, Supplier<DeviceSessionHandler> sessions) {
        this.tls = tls;
        this.gate = gate;
        this.proxyProtocol = proxyProtocol;
        this.connectTimeoutS = connectTimeoutS;
        this.maxMessageBytes = maxMessageBytes;
        this.sessions = sessions;
    }

    @Override
    protected void initChannel(Channel channel) {
        if (!proxyProtocol) {
            channel.pipeline().addLast(ConnectionGate.NAME, gate);
        }
        channel.pipeline().addLast(FLUSHES, new FlushConsolidationHandler(
                FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true));
        if (proxyProtocol) {
            // Before TLS: the balancer writes its header in plain text ahead of the unit's own bytes.
            channel.pipeline().addLast(new HAProxyMessageDecoder()).addLast(ProxiedAddress.NAME, new ProxiedAddress());
        }
        if (tls != null) {
            channel.pipeline().addLast(TLS, tls.newHandler(channel.alloc()));
        }
        channel.pipeline()
                .addLast(IDLE, new IdleStateHandler(connectTimeoutS, 0, 0))
                .addLast(DECODER, new MqttDecoder(maxMessageBytes))
                .addLast(ENCODER, MqttEncoder.INSTANCE)
                .addLast(DeviceSessionHandler.NAME, sessions.get());
    }
}
