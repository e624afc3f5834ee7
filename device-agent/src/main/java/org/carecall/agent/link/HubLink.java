package org.carecall.agent.link;

import java.util.concurrent.CompletableFuture;
import org.carecall.protocol.Channel;

/**
 * The agent's connection to its hub, kept small so the MQTT library behind it can be replaced. The link
 * reconnects by itself, forever; whether a message still has to be sent is the outbox's decision, not
 * the link's.
 */
public interface HubLink extends AutoCloseable {

    /** What the link reports; called on the agent's loop thread. */
    interface Listener {
        void connected();

        void disconnected(String why);

        void message(Channel channel, byte[] payload);
    }

    void start(Listener listener);

    boolean connected();

    /** Publishes on one of the device's own upward channels; completes when the hub has acknowledged (QoS 1). */
    CompletableFuture<Void> publish(Channel channel, byte[] payload, int qos);

    @Override
    void close();
}
