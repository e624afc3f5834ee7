package org.carecall.bench;

import io.netty.handler.codec.mqtt.MqttQoS;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.carecall.protocol.AlarmKind;
import org.carecall.protocol.AlarmState;
import org.carecall.protocol.Channel;
import org.carecall.protocol.MessageIds;
import org.carecall.protocol.ProtocolException;
import org.carecall.protocol.Topic;
import org.carecall.protocol.message.AlarmReport;
import org.carecall.protocol.message.Heartbeat;
import org.carecall.protocol.message.PayloadCodec;
import org.carecall.protocol.message.Receipt;

/**
 * The simulated units: each a {@link MqttPeer} with the device's id and secret, pressing its button on
 * command, heartbeating, and timing the receipts that come back. Every press and every receipt is
 * counted by alarm id, so that lost and doubled calls are counted, not assumed.
 */
public final class DeviceSwarm implements MqttPeer.Listener {
    private static final PayloadCodec CODEC = new PayloadCodec();

    private final Swarm swarm;
    private final List<MqttPeer> peers;
    private final Map<String, Long> pressedAt = new ConcurrentHashMap<>();
    private final Map<String, Long> takenAt = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
    private final AtomicLong seq = new AtomicLong();
    private volatile Latency toReceived = new Latency("press to RECEIVED at the device");
    private final Latency toAcknowledged = new Latency("staff tap to ACKNOWLEDGED at the device");
    private volatile BiConsumer<MqttPeer, Long> onReceived = (peer, at) -> { };

    public DeviceSwarm(Swarm swarm, Map<String, String> secrets) {
        this.swarm = swarm;
        this.peers = secrets.entrySet().stream()
                .map(device -> new MqttPeer(device.getKey(), device.getKey(), device.getValue(),
                        Topic.downFilter(device.getKey()), this))
                .toList();
    }

    /** Connects every unit; returns how many came up. */
    public int connect(int port, int window, long timeoutS) throws InterruptedException {
        return swarm.connect(port, peers, window, timeoutS).size();
    }

    public List<MqttPeer> peers() {
        return peers;
    }

    /** Every connected unit sends a heartbeat every {@code everyS} seconds, starting at a random moment. */
    public void heartbeat(int everyS) {
        for (MqttPeer peer : peers) {
            long first = ThreadLocalRandom.current().nextLong(everyS * 1000L);
            swarm.group().scheduleAtFixedRate(() -> peer.publish(Topic.of(peer.clientId(), Channel.HEARTBEAT).toString(),
                    CODEC.encode(new Heartbeat(Instant.now(), 1, "bench", null, 0, null, null, null, null, null)),
                    MqttQoS.AT_MOST_ONCE), first, everyS * 1000L, TimeUnit.MILLISECONDS);
        }
    }

    /** A press of the call button on one unit; returns the call's id, or null if the unit is not connected. */
    public String press(MqttPeer peer) {
        String id = MessageIds.next();
        byte[] payload = CODEC.encode(new AlarmReport(id, AlarmKind.CALL_BUTTON, "call-button", Instant.now(),
                seq.incrementAndGet(), 1, false, null));
        pressedAt.put(id, System.nanoTime());
        if (!peer.publish(Topic.of(peer.clientId(), Channel.ALARM).toString(), payload, MqttQoS.AT_LEAST_ONCE)) {
            pressedAt.remove(id);
            return null;
        }
        return id;
    }

    /** Marks the moment staff tapped "I'm coming" on a call, to time ACKNOWLEDGED at its unit. */
    public void taken(String alarmId, long atNanos) {
        takenAt.put(alarmId, atNanos);
    }

    /** Who else wants to know when a call is RECEIVED (a closed-loop flood presses again). */
    public void onReceived(BiConsumer<MqttPeer, Long> listener) {
        onReceived = listener;
    }

    @Override
    public void message(MqttPeer peer, String topic, byte[] payload, long arrivedNanos) {
        if (!topic.endsWith("/" + Channel.ACK.suffix())) {
            return;
        }
        try {
            Receipt receipt = CODEC.decode(Receipt.class, payload);
            if (receipt.state() == AlarmState.RECEIVED) {
                Long start = pressedAt.get(receipt.alarmId());
                if (start != null && received.computeIfAbsent(receipt.alarmId(), id -> new AtomicInteger())
                        .incrementAndGet() == 1) {
                    toReceived.record(start, arrivedNanos);
                    onReceived.accept(peer, arrivedNanos);
                }
            } else if (receipt.state() == AlarmState.ACKNOWLEDGED) {
                Long start = takenAt.remove(receipt.alarmId());
                if (start != null) {
                    toAcknowledged.record(start, arrivedNanos);
                }
            }
        } catch (ProtocolException e) {
            // not a receipt this bench understands; the counts will show it
        }
    }

    public long pressed() {
        return pressedAt.size();
    }

    /** Calls with at least one RECEIVED. */
    public long receivedOnce() {
        return received.size();
    }

    /** RECEIVED receipts beyond the first for the same call (resends after a reconnect are allowed, not doubles). */
    public long repeatedReceipts() {
        return received.values().stream().mapToLong(count -> count.get() - 1).sum();
    }

    public Latency toReceived() {
        return toReceived;
    }

    /** From now on, RECEIVED times go into this histogram (one per phase of a run). */
    public void measureInto(Latency latency) {
        toReceived = latency;
    }

    public Latency toAcknowledged() {
        return toAcknowledged;
    }

    public Map<String, Long> pressedAt() {
        return pressedAt;
    }
}
