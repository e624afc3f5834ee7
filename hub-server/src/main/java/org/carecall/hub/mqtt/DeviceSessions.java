package org.carecall.hub.mqtt;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.carecall.hub.device.DeviceLink;
import org.carecall.protocol.Topic;
import org.carecall.protocol.message.Message;
import org.carecall.protocol.message.PayloadCodec;

/**
 * The devices connected to this hub, one connection each: a new login replaces the old connection,
 * which is closed. Sends downward messages (QoS 1) on the device's own event loop.
 */
public final class DeviceSessions implements DeviceLink {
    private final Map<String, Channel> channels = new ConcurrentHashMap<>();
    private final Map<String, FloodGuard> floodGuards = new ConcurrentHashMap<>();
    private final PayloadCodec codec = new PayloadCodec();
    private final int burst;
    private final int perSecond;

    public DeviceSessions(int burst, int perSecond) {
        this.burst = burst;
        this.perSecond = perSecond;
    }

    /** Makes this the device's connection; returns the connection it replaces, if any. */
    Channel register(String deviceId, Channel channel) {
        Channel previous = channels.put(deviceId, channel);
        return previous == channel ? null : previous;
    }

    /** Forgets the connection, unless a newer one has already replaced it. */
    boolean unregister(String deviceId, Channel channel) {
        return channels.remove(deviceId, channel);
    }

    /** Whether the device may send one more message now. */
    boolean allow(String deviceId) {
        long now = System.nanoTime();
        return floodGuards.computeIfAbsent(deviceId, id -> new FloodGuard(burst, perSecond, now)).tryTake(now);
    }

    @Override
    public boolean send(String deviceId, Message message) {
        Channel channel = channels.get(deviceId);
        if (channel == null || !channel.isActive()) {
            return false;
        }
        DeviceSession session = channel.attr(DeviceSession.KEY).get();
        if (session == null || !session.listening()) {
            return false;
        }
        byte[] payload = codec.encode(message);
        String topic = Topic.of(deviceId, message.channel()).toString();
        MqttQoS qos = session.grantedQos();
        channel.eventLoop().execute(() -> channel.writeAndFlush(MqttMessageBuilders.publish()
                .topicName(topic)
                .qos(qos)
                .retained(false)
                .messageId(qos == MqttQoS.AT_MOST_ONCE ? 0 : session.nextPacketId())
                .payload(Unpooled.wrappedBuffer(payload))
                .build()));
        return true;
    }

    @Override
    public boolean connected(String deviceId) {
        Channel channel = channels.get(deviceId);
        return channel != null && channel.isActive();
    }

    public int count() {
        return channels.size();
    }
}
