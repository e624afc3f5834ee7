package org.carecall.hub.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.SocketFactory;
import org.carecall.protocol.AlarmKind;
import org.carecall.protocol.AlarmState;
import org.carecall.protocol.Channel;
import org.carecall.protocol.MessageIds;
import org.carecall.protocol.ProtocolException;
import org.carecall.protocol.Topic;
import org.carecall.protocol.message.AlarmReport;
import org.carecall.protocol.message.Message;
import org.carecall.protocol.message.Receipt;
import org.carecall.protocol.message.PayloadCodec;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A device as a test drives it: a real Paho MQTT client, speaking the wire contract. Everything the hub
 * sends down is decoded and queued for the test to inspect.
 */
public final class TestDevice implements AutoCloseable {
    private static final PayloadCodec CODEC = new PayloadCodec();

    private final String deviceId;
    private final MqttClient client;
    private final BlockingQueue<Message> received = new LinkedBlockingQueue<>();
    private final AtomicLong seq = new AtomicLong();

    private TestDevice(String deviceId, MqttClient client) {
        this.deviceId = deviceId;
        this.client = client;
    }

    /** Connects as the device and subscribes to its own down/#. */
    public static TestDevice connect(String serverUri, String deviceId, String secret) throws MqttException {
        TestDevice device = connectOnly(serverUri, deviceId, deviceId, secret, 30);
        device.client.subscribe(Topic.downFilter(deviceId), 1);
        return device;
    }

    /**
     * Connects as the device from another loopback address (127.0.0.2, say): Linux answers all of 127/8,
     * so a test can play a unit and a stranger at two addresses on one machine.
     */
    public static TestDevice connectFrom(String localAddress, String serverUri, String deviceId, String secret)
            throws MqttException {
        TestDevice device = connectOnly(serverUri, deviceId, deviceId, secret, 30, new BoundSockets(localAddress));
        device.client.subscribe(Topic.downFilter(deviceId), 1);
        return device;
    }

    /** Connects with the given client id and user name, without subscribing. */
    public static TestDevice connectOnly(String serverUri, String clientId, String username, String secret,
                                         int keepAliveS) throws MqttException {
        return connectOnly(serverUri, clientId, username, secret, keepAliveS, null);
    }

    private static TestDevice connectOnly(String serverUri, String clientId, String username, String secret,
                                          int keepAliveS, SocketFactory sockets) throws MqttException {
        MqttClient client = new MqttClient(serverUri, clientId, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        if (sockets != null) {
            options.setSocketFactory(sockets);
        }
        options.setCleanSession(true);
        options.setUserName(username);
        options.setPassword(secret.toCharArray());
        options.setKeepAliveInterval(keepAliveS);
        options.setConnectionTimeout(5);
        options.setAutomaticReconnect(false);
        // Paho's count of publishes in flight can lag the PUBACK that ended a wait, so a device publishing
        // one message after another may be refused at the default of 10; the unit's agent sets its own.
        options.setMaxInflight(1_000);
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        TestDevice device = new TestDevice(username, client);
        client.setCallback(new org.eclipse.paho.client.mqttv3.MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) throws ProtocolException {
                device.received.add(CODEC.decode(Topic.parse(topic).channel(), message.getPayload()));
            }

            @Override
            public void deliveryComplete(org.eclipse.paho.client.mqttv3.IMqttDeliveryToken token) {
            }
        });
        client.connect(options);
        return device;
    }

    public String id() {
        return deviceId;
    }

    public boolean connected() {
        return client.isConnected();
    }

    /** A fresh call-button alarm from this device. */
    public AlarmReport newAlarm() {
        return newAlarm(AlarmKind.CALL_BUTTON);
    }

    /** A fresh alarm of a kind (a smoke alarm, a tamper switch) from this device. */
    public AlarmReport newAlarm(AlarmKind kind) {
        return new AlarmReport(MessageIds.next(), kind, kind.name().toLowerCase().replace('_', '-'),
                Instant.now().truncatedTo(ChronoUnit.MILLIS),
                seq.incrementAndGet(), 1, false, null);
    }

    /** Publishes a message with QoS 1 and waits for the hub's PUBACK. */
    public void send(Message message) throws MqttException {
        publish(Topic.of(deviceId, message.channel()).toString(), CODEC.encode(message));
    }

    public void publish(Channel channel, String payload) throws MqttException {
        publish(Topic.of(deviceId, channel).toString(), payload.getBytes(StandardCharsets.UTF_8));
    }

    public void publish(String topic, byte[] payload) throws MqttException {
        MqttMessage message = new MqttMessage(payload);
        message.setQos(1);
        client.publish(topic, message);
    }

    public void subscribe(String filter) throws MqttException {
        client.subscribe(filter, 1);
    }

    /** The next message from the hub of the given type, waiting up to the timeout; null if none came. */
    public <T extends Message> T next(Class<T> type, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Message message = received.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (message == null) {
                return null;
            }
            if (type.isInstance(message)) {
                return type.cast(message);
            }
        }
    }

    /**
     * The next receipt in one of the given states, skipping the others (escalation's NOTIFIED, say);
     * null if none came in time.
     */
    public Receipt receipt(Duration timeout, AlarmState... states) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<AlarmState> wanted = Set.of(states);
        while (true) {
            Receipt receipt = next(Receipt.class, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            if (receipt == null || wanted.contains(receipt.state())) {
                return receipt;
            }
        }
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect(1000);
            }
            client.close(true);
        } catch (MqttException ignored) {
            // already gone: the test is done with it
        }
    }

    /** Sockets bound to one local address before they connect. */
    private static final class BoundSockets extends SocketFactory {
        private final InetAddress local;

        BoundSockets(String localAddress) {
            try {
                this.local = InetAddress.getByName(localAddress);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(e);
            }
        }

        @Override
        public Socket createSocket() throws IOException {
            Socket socket = new Socket();
            socket.bind(new InetSocketAddress(local, 0));
            return socket;
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return createSocket(InetAddress.getByName(host), port);
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
                throws IOException {
            return new Socket(host, port, localHost, localPort);
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            Socket socket = createSocket();
            socket.connect(new InetSocketAddress(host, port));
            return socket;
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress,
                                            int localPort) throws IOException {
            return new Socket(address, port, localAddress, localPort);
        }
    }
}
