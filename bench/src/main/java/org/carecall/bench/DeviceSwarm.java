package org.carecall.bench;

import io.netty.handler.codec.mqtt.MqttQoS;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.carecall.agent.link.Backoff;
import org.carecall.protocol.AlarmKind;
import org.carecall.protocol.AlarmState;
import org.carecall.protocol.Channel;
import org.carecall.protocol.CommandName;
import org.carecall.protocol.MessageIds;
import org.carecall.protocol.ProtocolException;
import org.carecall.protocol.Topic;
import org.carecall.protocol.message.AlarmReport;
import org.carecall.protocol.message.Command;
import org.carecall.protocol.message.Heartbeat;
import org.carecall.protocol.message.PayloadCodec;
import org.carecall.protocol.message.Receipt;

/**
 * The simulated units: each a {@link MqttPeer} with the device's id and secret, pressing its button on
 * command, heartbeating, and timing the receipts that come back. Like the real agent, a unit keeps a
 * call until it is RECEIVED, and when its connection is lost it comes back after the agent's own
 * backoff with jitter and sends what is still waiting. Every press and every receipt is counted by
 * alarm id, so that lost and doubled calls are counted, not assumed.
 */
public final class DeviceSwarm implements MqttPeer.Listener {
    private static final PayloadCodec CODEC = new PayloadCodec();

    private final Swarm swarm;
    private final Map<String, String> secrets;
    private final Map<String, MqttPeer> current = new ConcurrentHashMap<>();
    private final Map<String, Long> pressedAt = new ConcurrentHashMap<>();
    private final Map<String, Long> takenAt = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> received = new ConcurrentHashMap<>(); // plain RECEIVED receipts
    private final java.util.Set<String> firstReceipts = ConcurrentHashMap.newKeySet();
    /** Calls not yet RECEIVED, by id: the unit's device id and the payload to send again. */
    private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();
    private final Map<String, Integer> attempts = new ConcurrentHashMap<>();
    private final Queue<Long> connectedAt = new ConcurrentLinkedQueue<>();
    /** When each unit first heard a SPEAK command (nanoTime), by device id: the check-in's reminders. */
    private final Map<String, Long> spokenAt = new ConcurrentHashMap<>();
    private final AtomicLong seq = new AtomicLong();
    private final AtomicLong reconnectAttempts = new AtomicLong();
    private final Backoff backoff = new Backoff(1000, 60_000, new Random());
    private final Latency toAcknowledged = new Latency("staff tap to ACKNOWLEDGED at the device");
    private final java.util.concurrent.atomic.LongAdder unreached = new java.util.concurrent.atomic.LongAdder();
    private volatile Latency toReceived = new Latency("press to RECEIVED at the device");
    private volatile BiConsumer<MqttPeer, Long> onReceived = (peer, at) -> { };
    private volatile int reconnectPort = -1;

    private record Waiting(String deviceId, byte[] payload) {
    }

    public DeviceSwarm(Swarm swarm, Map<String, String> secrets) {
        this.swarm = swarm;
        this.secrets = secrets;
        secrets.keySet().forEach(id -> current.put(id, peer(id)));
    }

    private MqttPeer peer(String deviceId) {
        return new MqttPeer(deviceId, deviceId, secrets.get(deviceId), Topic.downFilter(deviceId), this);
    }

    /** Connects every unit; returns how many came up. */
    public int connect(int port, int window, long timeoutS) throws InterruptedException {
        return swarm.connect(port, List.copyOf(current.values()), window, timeoutS).size();
    }

    /** Connects the units spread evenly over several hub nodes: unit i to the port i mod n. */
    public int connect(List<Integer> ports, int window, long timeoutS) throws InterruptedException {
        List<MqttPeer> all = List.copyOf(current.values());
        int up = 0;
        for (int node = 0; node < ports.size(); node++) {
            List<MqttPeer> share = new ArrayList<>();
            for (int i = node; i < all.size(); i += ports.size()) {
                share.add(all.get(i));
            }
            up += swarm.connect(ports.get(node), share, window, timeoutS).size();
        }
        return up;
    }

    /** From now on a unit that loses its connection comes back on its own, after backoff with jitter. */
    public void reconnectTo(int port) {
        reconnectPort = port;
    }

    public List<MqttPeer> peers() {
        return List.copyOf(current.values());
    }

    public long connectedCount() {
        return current.values().stream().filter(MqttPeer::connected).count();
    }

    /** Every unit sends a heartbeat every {@code everyS} seconds while connected, starting at a random moment. */
    public void heartbeat(int everyS) {
        for (String deviceId : secrets.keySet()) {
            long first = ThreadLocalRandom.current().nextLong(everyS * 1000L);
            swarm.group().scheduleAtFixedRate(() -> current.get(deviceId).publish(
                    Topic.of(deviceId, Channel.HEARTBEAT).toString(),
                    CODEC.encode(new Heartbeat(Instant.now(), 1, "bench", null, 0, null, null, null, null, null)),
                    MqttQoS.AT_MOST_ONCE), first, everyS * 1000L, TimeUnit.MILLISECONDS);
        }
    }

    /** A press of the call button on one unit; kept until RECEIVED, and sent at once if the unit is connected. */
    public String press(MqttPeer unit) {
        String deviceId = unit.clientId();
        String id = MessageIds.next();
        byte[] payload = CODEC.encode(new AlarmReport(id, AlarmKind.CALL_BUTTON, "call-button", Instant.now(),
                seq.incrementAndGet(), 1, false, null));
        pressedAt.put(id, System.nanoTime());
        waiting.put(id, new Waiting(deviceId, payload));
        current.get(deviceId).publish(Topic.of(deviceId, Channel.ALARM).toString(), payload, MqttQoS.AT_LEAST_ONCE);
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

    /** From now on, RECEIVED times go into this histogram (one per phase of a run). */
    public void measureInto(Latency latency) {
        toReceived = latency;
    }

    @Override
    public void connected(MqttPeer peer) {
        connectedAt.add(System.nanoTime());
        attempts.remove(peer.clientId());
        waiting.forEach((id, call) -> {
            if (call.deviceId().equals(peer.clientId())) {
                peer.publish(Topic.of(call.deviceId(), Channel.ALARM).toString(), call.payload(), MqttQoS.AT_LEAST_ONCE);
            }
        });
    }

    @Override
    public void lost(MqttPeer peer) {
        int port = reconnectPort;
        if (port < 0 || current.get(peer.clientId()) != peer || swarm.group().isShuttingDown()) {
            return;
        }
        int attempt = attempts.merge(peer.clientId(), 1, Integer::sum) - 1;
        swarm.group().schedule(() -> {
            reconnectAttempts.incrementAndGet();
            MqttPeer next = peer(peer.clientId());
            current.put(peer.clientId(), next);
            swarm.connect(port, next);
        }, backoff.delay(attempt).toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void message(MqttPeer peer, String topic, byte[] payload, long arrivedNanos) {
        if (topic.endsWith("/" + Channel.CMD.suffix())) {
            spoken(peer, payload, arrivedNanos);
            return;
        }
        if (!topic.endsWith("/" + Channel.ACK.suffix())) {
            return;
        }
        try {
            Receipt receipt = CODEC.decode(Receipt.class, payload);
            if (receipt.state() == AlarmState.RECEIVED) {
                Long start = pressedAt.get(receipt.alarmId());
                waiting.remove(receipt.alarmId());
                // A receipt saying the hub found nobody (a bench hub has no staff on duty) is the unit's to hear
                // as well as the plain one: counted apart, never as a double, and RECEIVED all the same.
                if (receipt.unreached()) {
                    unreached.increment();
                } else {
                    received.computeIfAbsent(receipt.alarmId(), id -> new AtomicInteger()).incrementAndGet();
                }
                if (start != null && firstReceipts.add(receipt.alarmId())) {
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

    private void spoken(MqttPeer peer, byte[] payload, long arrivedNanos) {
        try {
            if (CODEC.decode(Command.class, payload).cmd() == CommandName.SPEAK) {
                spokenAt.putIfAbsent(peer.clientId(), arrivedNanos);
            }
        } catch (ProtocolException e) {
            // not a command this bench understands: not counted as spoken
        }
    }

    /** When each unit first heard a SPEAK command (nanoTime), by device id. */
    public Map<String, Long> spokenAt() {
        return spokenAt;
    }

    public long pressed() {
        return pressedAt.size();
    }

    /** Calls with at least one RECEIVED. */
    public long receivedOnce() {
        return firstReceipts.size();
    }

    /** Receipts saying the hub found nobody for a call (a bench hub has no staff on duty). */
    public long unreachedReceipts() {
        return unreached.sum();
    }

    /** RECEIVED receipts beyond the first for the same call (resends after a reconnect are allowed, not doubles). */
    public long repeatedReceipts() {
        return received.values().stream().mapToLong(count -> count.get() - 1).sum();
    }

    public long reconnectAttempts() {
        return reconnectAttempts.get();
    }

    /** When each connection came up (nanoTime), for the shape of a reconnect wave. */
    public List<Long> connectedAt() {
        return List.copyOf(connectedAt);
    }

    public Latency toReceived() {
        return toReceived;
    }

    public Latency toAcknowledged() {
        return toAcknowledged;
    }

    public Map<String, Long> pressedAt() {
        return pressedAt;
    }
}
