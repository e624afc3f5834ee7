package org.carecall.hub.mqtt;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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
    private final Map<String, Long> newestElsewhere = new ConcurrentHashMap<>();
    private volatile boolean accepting = true;
    private volatile Watcher watcher = ONE_HUB;

    /** Told when a unit logs in here and when its connection here ends: on several nodes, who holds it. */
    public interface Watcher {
        /** Completes with the login's epoch: higher than any earlier login of the unit on any node. */
        CompletionStage<Long> loggedIn(String deviceId);

        void loggedOut(String deviceId, long epoch);
    }

    private static final Watcher ONE_HUB = new Watcher() {
        @Override
        public CompletionStage<Long> loggedIn(String deviceId) {
            return CompletableFuture.completedFuture(0L);
        }

        @Override
        public void loggedOut(String deviceId, long epoch) {
        }
    };

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

    public void watch(Watcher watcher) {
        this.watcher = watcher;
    }

    /**
     * Makes this the device's connection; returns the connection it replaces, if any. Once the login's
     * epoch is known, a newer login heard of meanwhile on another node closes it.
     */
    Channel register(String deviceId, Channel channel) {
        Channel previous = channels.put(deviceId, channel);
        DeviceSession session = channel.attr(DeviceSession.KEY).get();
        if (session != null) {
            watcher.loggedIn(deviceId).whenComplete((epoch, failure) -> {
                // A login whose epoch could not be stored yields to any stored login elsewhere.
                session.epoch().complete(failure == null ? epoch : 0L);
                if (newestElsewhere.getOrDefault(deviceId, 0L) > session.epoch().join()) {
                    closeTakenOver(deviceId, channel);
                }
            });
        }
        return previous == channel ? null : previous;
    }

    /** Forgets the connection, unless a newer one has already replaced it. */
    boolean unregister(String deviceId, Channel channel) {
        if (!channels.remove(deviceId, channel)) {
            return false;
        }
        DeviceSession session = channel.attr(DeviceSession.KEY).get();
        if (session != null) {
            session.epoch().thenAccept(epoch -> watcher.loggedOut(deviceId, epoch));
        }
        return true;
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

    /**
     * Sends a payload already encoded (by another hub node) on the device's topic for that channel, if
     * the login here is of that epoch or newer: an older one is being closed for a newer elsewhere.
     */
    public boolean sendEncoded(String deviceId, long epoch, org.carecall.protocol.Channel topicChannel, byte[] payload) {
        Channel channel = channels.get(deviceId);
        DeviceSession session = channel == null ? null : channel.attr(DeviceSession.KEY).get();
        if (session == null || session.epoch().getNow(0L) < epoch) {
            return false;
        }
        return sendEncoded(deviceId, topicChannel, payload);
    }

    private boolean sendEncoded(String deviceId, org.carecall.protocol.Channel topicChannel, byte[] payload) {
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
     * The device logged in on another hub node with this epoch: this node's connection of an older epoch,
     * if any, is forgotten without counting as the device going offline, and closed. A login here of a
     * newer epoch is kept; one whose epoch is not known yet is checked when it is. True if one was closed.
     */
    public boolean takenOver(String deviceId, long epoch) {
        newestElsewhere.merge(deviceId, epoch, Math::max);
        Channel channel = channels.get(deviceId);
        DeviceSession session = channel == null ? null : channel.attr(DeviceSession.KEY).get();
        Long mine = session == null ? null : session.epoch().getNow(null);
        return mine != null && mine < epoch && closeTakenOver(deviceId, channel);
    }

    private boolean closeTakenOver(String deviceId, Channel channel) {
        if (!channels.remove(deviceId, channel)) {
            return false;
        }
        channel.close();
        return true;
    }

    /**
     * The unit was revoked or re-keyed: its connection here, if it logged in with a credential that is no
     * longer {@code valid}, is closed (a connection made with the new secret stays). True if one was.
     */
    public boolean closeIfOutdated(String deviceId, java.util.function.BiPredicate<String, String> valid) {
        Channel channel = channels.get(deviceId);
        DeviceSession session = channel == null ? null : channel.attr(DeviceSession.KEY).get();
        if (session == null || valid.test(deviceId, session.credential())) {
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
