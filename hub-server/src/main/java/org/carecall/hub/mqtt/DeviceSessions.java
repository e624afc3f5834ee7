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
    private volatile boolean accepting = true;
    private volatile java.util.function.BiConsumer<String, java.time.Instant> loginWatcher = (id, at) -> { };

    public DeviceSessions(int burst, int perSecond) {
        this.burst = burst;
        this.perSecond = perSecond;
    }

    /** False while this node hands its units to other nodes: a login is refused as "server unavailable". */
    public boolean accepting() {
        return accepting;
    }

    /**
     * This node cannot store calls but other nodes can: every unit is disconnected and new logins are
     * refused until {@link #acceptAgain()}, so each unit takes its calls to the next node in its list.
     * Returns how many units were let go.
     */
    public int handOver() {
        accepting = false;
        int closed = 0;
        for (Channel channel : channels.values()) {
            channel.close();
            closed++;
        }
        return closed;
    }

    public void acceptAgain() {
        accepting = true;
    }

    /** Told of every login, with when it happened: other hub nodes close the unit's older connection. */
    public void watchLogins(java.util.function.BiConsumer<String, java.time.Instant> watcher) {
        this.loginWatcher = watcher;
    }

    /** Makes this the device's connection; returns the connection it replaces, if any. */
    Channel register(String deviceId, Channel channel) {
        Channel previous = channels.put(deviceId, channel);
        DeviceSession session = channel.attr(DeviceSession.KEY).get();
        loginWatcher.accept(deviceId, session == null ? java.time.Instant.now() : session.loggedInAt());
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
        return sendEncoded(deviceId, message.channel(), codec.encode(message));
    }

    /** Sends a payload already encoded (by another hub node, say) on the device's topic for that channel. */
    public boolean sendEncoded(String deviceId, org.carecall.protocol.Channel topicChannel, byte[] payload) {
        Channel channel = channels.get(deviceId);
        if (channel == null || !channel.isActive()) {
            return false;
        }
        DeviceSession session = channel.attr(DeviceSession.KEY).get();
        if (session == null || !session.listening()) {
            return false;
        }
        String topic = Topic.of(deviceId, topicChannel).toString();
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

    /**
     * The device logged in on another hub node at {@code loginThere} (that node's clock): this node's older
     * connection, if any, is forgotten without counting as the device going offline, and closed. A
     * connection made here since is kept. True if one was closed.
     */
    public boolean takenOver(String deviceId, java.time.Instant loginThere) {
        Channel channel = channels.get(deviceId);
        if (channel == null) {
            return false;
        }
        DeviceSession session = channel.attr(DeviceSession.KEY).get();
        if (session == null || !session.loggedInAt().isBefore(loginThere) || !channels.remove(deviceId, channel)) {
            return false;
        }
        channel.close();
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
