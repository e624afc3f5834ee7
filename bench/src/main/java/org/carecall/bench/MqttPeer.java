package org.carecall.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * One MQTT 3.1.1 client connection of the swarm: connects, subscribes, publishes with QoS 0 or 1 and
 * acknowledges what it receives. Thousands share one event loop; nothing here blocks. What arrives is
 * handed to a {@link Listener} on the event loop, with the time it arrived.
 */
public final class MqttPeer extends SimpleChannelInboundHandler<MqttMessage> {

    /** Called on the peer's event loop. */
    public interface Listener {
        default void connected(MqttPeer peer) {
        }

        default void message(MqttPeer peer, String topic, byte[] payload, long arrivedNanos) {
        }

        default void lost(MqttPeer peer) {
        }
    }

    private final String clientId;
    private final String username;
    private final String password;
    private final String subscription;
    private final Listener listener;
    private final CompletableFuture<MqttPeer> ready = new CompletableFuture<>();
    private volatile Channel channel;
    private int nextPacketId = 1;

    /** @param subscription a topic filter to subscribe to once connected, or null for none */
    public MqttPeer(String clientId, String username, String password, String subscription, Listener listener) {
        this.clientId = clientId;
        this.username = username;
        this.password = password;
        this.subscription = subscription;
        this.listener = listener;
    }

    public String clientId() {
        return clientId;
    }

    /** Completes once CONNACK (and SUBACK, when subscribing) have arrived. */
    public CompletableFuture<MqttPeer> ready() {
        return ready;
    }

    public boolean connected() {
        return channel != null && channel.isActive() && ready.isDone() && !ready.isCompletedExceptionally();
    }

    public Channel channel() {
        return channel;
    }

    /** Publishes from any thread; false when the connection is not up. */
    public boolean publish(String topic, byte[] payload, MqttQoS qos) {
        Channel ch = channel;
        if (ch == null || !ch.isActive()) {
            return false;
        }
        ch.eventLoop().execute(() -> ch.writeAndFlush(MqttMessageBuilders.publish().topicName(topic).qos(qos)
                .retained(false).messageId(qos == MqttQoS.AT_MOST_ONCE ? 0 : packetId())
                .payload(Unpooled.wrappedBuffer(payload)).build()));
        return true;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        ctx.writeAndFlush(MqttMessageBuilders.connect().clientId(clientId).username(username)
                .password(password.getBytes(StandardCharsets.UTF_8)).keepAlive(600).cleanSession(true)
                .protocolVersion(MqttVersion.MQTT_3_1_1).build());
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, MqttMessage message) {
        long now = System.nanoTime();
        switch (message.fixedHeader().messageType()) {
            case CONNACK -> {
                MqttConnectReturnCode code = ((MqttConnAckMessage) message).variableHeader().connectReturnCode();
                if (code != MqttConnectReturnCode.CONNECTION_ACCEPTED) {
                    ready.completeExceptionally(new IllegalStateException(clientId + " refused: " + code));
                    ctx.close();
                } else if (subscription == null) {
                    connectedNow();
                } else {
                    ctx.writeAndFlush(MqttMessageBuilders.subscribe().messageId(packetId())
                            .addSubscription(MqttQoS.AT_LEAST_ONCE, subscription).build());
                }
            }
            case SUBACK -> connectedNow();
            case PUBLISH -> {
                MqttPublishMessage publish = (MqttPublishMessage) message;
                ByteBuf content = publish.content();
                byte[] payload = ByteBufUtil.getBytes(content);
                if (publish.fixedHeader().qosLevel() == MqttQoS.AT_LEAST_ONCE) {
                    ctx.writeAndFlush(MqttMessageBuilders.pubAck().packetId(publish.variableHeader().packetId()).build());
                }
                listener.message(this, publish.variableHeader().topicName(), payload, now);
            }
            default -> { }
        }
    }

    private void connectedNow() {
        ready.complete(this);
        listener.connected(this);
    }

    /** The connection could not be made at all. */
    void failed(Throwable cause) {
        ready.completeExceptionally(cause);
        listener.lost(this);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ready.completeExceptionally(new IllegalStateException(clientId + " lost its connection"));
        listener.lost(this);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    private int packetId() {
        int id = nextPacketId;
        nextPacketId = nextPacketId == 65535 ? 1 : nextPacketId + 1;
        return id;
    }
}
