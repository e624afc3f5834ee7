package org.carecall.agent.link;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.carecall.agent.config.AgentConfig;
import org.carecall.protocol.Channel;
import org.carecall.protocol.ProtocolException;
import org.carecall.protocol.Topic;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link HubLink} on Eclipse Paho (MQTT 3.1.1). Paho's own automatic reconnect is off: it does not retry
 * a failed first connect, and long-lived clients have been seen to stall after many reconnects, so this
 * class owns the loop, with exponential backoff and jitter, and builds a fresh client for every attempt.
 * Paho keeps messages in memory only; the durable copy is the outbox. With several hubs (a district's
 * nodes) the link stays with the one that answers and, when an attempt fails or the connection drops,
 * makes its next attempt at the next hub in the list, with the same backoff: every node stores a call the
 * same way, and the call stays in the outbox until one of them says RECEIVED.
 */
public final class PahoHubLink implements HubLink {
    private static final Logger log = LoggerFactory.getLogger(PahoHubLink.class);
    private static final int MAX_INFLIGHT = 50;

    private final AgentConfig config;
    private final List<String> hubs;
    private final ScheduledExecutorService loop;
    private final Backoff backoff;
    private Listener listener;
    private volatile MqttAsyncClient client;
    private volatile boolean connected;
    private volatile boolean closed;
    private int failures;
    private int hub; // the loop's own: which of the hubs the current or next attempt goes to
    private ScheduledFuture<?> retry;

    public PahoHubLink(AgentConfig config, ScheduledExecutorService loop, Backoff backoff) {
        this.config = config;
        this.hubs = config.hubs();
        this.loop = loop;
        this.backoff = backoff;
    }

    @Override
    public void start(Listener listener) {
        this.listener = listener;
        loop.execute(this::connect);
    }

    @Override
    public boolean connected() {
        return connected;
    }

    @Override
    public CompletableFuture<Void> publish(Channel channel, byte[] payload, int qos) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        MqttAsyncClient current = client;
        if (current == null || !connected) {
            done.completeExceptionally(new IllegalStateException("not connected to the hub"));
            return done;
        }
        try {
            MqttMessage message = new MqttMessage(payload);
            message.setQos(qos);
            current.publish(Topic.of(config.device.id, channel).toString(), message, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    done.complete(null);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    done.completeExceptionally(failure);
                }
            });
        } catch (MqttException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    /** Runs on the loop: one attempt with a fresh client. */
    private void connect() {
        if (closed) {
            return;
        }
        try {
            MqttAsyncClient fresh = new MqttAsyncClient(uri(), config.device.id, new MemoryPersistence());
            fresh.setCallback(new Callback(fresh));
            client = fresh;
            fresh.connect(options(), null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    loop.execute(() -> subscribe(fresh));
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    loop.execute(() -> retryLater(fresh, "connect failed: " + describe(failure)));
                }
            });
        } catch (MqttException | IOException | GeneralSecurityException | RuntimeException e) {
            retryLater(client, "cannot connect: " + describe(e));
        }
    }

    private void subscribe(MqttAsyncClient fresh) {
        try {
            fresh.subscribe(Topic.downFilter(config.device.id), 1, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    loop.execute(() -> {
                        if (client != fresh || closed) {
                            return;
                        }
                        connected = true;
                        failures = 0;
                        log.info("link: connected to the hub at {}", uri());
                        listener.connected();
                    });
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    loop.execute(() -> retryLater(fresh, "subscribe refused: " + describe(failure)));
                }
            });
        } catch (MqttException e) {
            retryLater(fresh, "subscribe failed: " + describe(e));
        }
    }

    private void retryLater(MqttAsyncClient failed, String why) {
        if (closed || failed != client) {
            return;
        }
        boolean wasConnected = connected;
        connected = false;
        discard(failed);
        Duration wait = backoff.delay(failures++);
        hub = (hub + 1) % hubs.size();
        log.warn("link: {}; next attempt in {} ms (attempt {}{})", why, wait.toMillis(), failures + 1,
                hubs.size() > 1 ? ", at " + uri() : "");
        if (wasConnected) {
            listener.disconnected(why);
        }
        retry = loop.schedule(this::connect, wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private MqttConnectOptions options() throws IOException, GeneralSecurityException {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(true);
        options.setAutomaticReconnect(false);
        options.setUserName(config.device.id);
        options.setPassword(config.device.secret.toCharArray());
        options.setKeepAliveInterval(config.hub.keepAliveS);
        options.setConnectionTimeout(10);
        options.setMaxInflight(MAX_INFLIGHT);
        if (uri().startsWith("ssl://") && config.hub.caFile != null) {
            options.setSocketFactory(trusting(config.hub.caFile).getSocketFactory());
        }
        return options;
    }

    /** The hub of the current attempt. */
    private String uri() {
        return hubs.get(hub);
    }

    private static SSLContext trusting(String caFile) throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = new FileInputStream(caFile)) {
            int i = 0;
            for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("hub-ca-" + i++, certificate);
            }
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    private String describe(Throwable failure) {
        return LinkProblems.describe(failure, uri());
    }

    private static void discard(MqttAsyncClient old) {
        if (old == null) {
            return;
        }
        try {
            old.disconnectForcibly(0, 100, false);
        } catch (MqttException | RuntimeException ignored) {
            // it is being thrown away
        }
        try {
            old.close(true);
        } catch (MqttException | RuntimeException ignored) {
            // it is being thrown away
        }
    }

    /** Paho's callbacks only hand work to the loop: never block inside Paho. */
    private final class Callback implements MqttCallback {
        private final MqttAsyncClient owner;

        Callback(MqttAsyncClient owner) {
            this.owner = owner;
        }

        @Override
        public void connectionLost(Throwable cause) {
            loop.execute(() -> retryLater(owner, "connection lost: " + describe(cause)));
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            byte[] payload = message.getPayload();
            loop.execute(() -> {
                try {
                    Topic parsed = Topic.parse(topic);
                    if (parsed.deviceId().equals(config.device.id) && !parsed.channel().isUp()) {
                        listener.message(parsed.channel(), payload);
                    }
                } catch (ProtocolException e) {
                    log.warn("link: ignoring a message on unexpected topic {}", topic);
                }
            });
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // completion is reported through each publish's own listener
        }
    }

    @Override
    public void close() {
        closed = true;
        connected = false;
        if (retry != null) {
            retry.cancel(false);
        }
        MqttAsyncClient current = client;
        if (current != null) {
            try {
                current.disconnect(1000).waitForCompletion(1500);
            } catch (MqttException | RuntimeException ignored) {
                // shutting down anyway
            }
            discard(current);
        }
    }
}
