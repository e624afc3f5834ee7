package org.carecall.agent.support;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import org.carecall.agent.config.AgentConfig;
import org.carecall.agent.link.Backoff;
import org.carecall.agent.link.HubLink;
import org.carecall.agent.link.PahoHubLink;
import org.carecall.protocol.Channel;

/**
 * A unit's connection log: its real MQTT link, with each moment it lost the hub and had one again noted as
 * the link reports them to the agent. Guarantees: {@link #longestWithoutHub} is the longest span from a loss
 * to the next connection (an open one counted to now), as the unit itself saw it.
 */
public final class LinkWatch {
    private Duration longest = Duration.ZERO;
    private Instant lostAt;
    private int losses;

    /** The agent's link (as {@code Agent.start} makes it), watched by this log. */
    public Function<ScheduledExecutorService, HubLink> around(AgentConfig config) {
        Backoff backoff = new Backoff(config.timing.retryInitialMs, config.timing.retryMaxMs, new Random());
        return loop -> new Watched(new PahoHubLink(config, loop, backoff), this);
    }

    public synchronized Duration longestWithoutHub(Instant now) {
        return lostAt == null || Duration.between(lostAt, now).compareTo(longest) <= 0 ? longest
                : Duration.between(lostAt, now);
    }

    /** How many times the unit lost its hub. */
    public synchronized int losses() {
        return losses;
    }

    private synchronized void lost() {
        if (lostAt == null) {
            lostAt = Instant.now();
            losses++;
        }
    }

    private synchronized void back() {
        if (lostAt != null) {
            Duration without = Duration.between(lostAt, Instant.now());
            longest = without.compareTo(longest) > 0 ? without : longest;
            lostAt = null;
        }
    }

    /** The link as the agent sees it, telling {@code log} of each loss and each return. */
    private record Watched(HubLink link, LinkWatch log) implements HubLink {
        @Override
        public void start(Listener listener) {
            link.start(new Listener() {
                @Override
                public void connected() {
                    log.back();
                    listener.connected();
                }

                @Override
                public void disconnected(String why) {
                    log.lost();
                    listener.disconnected(why);
                }

                @Override
                public void message(Channel channel, byte[] payload) {
                    listener.message(channel, payload);
                }
            });
        }

        @Override
        public boolean connected() {
            return link.connected();
        }

        @Override
        public CompletableFuture<Void> publish(Channel channel, byte[] payload, int qos) {
            return link.publish(channel, payload, qos);
        }

        @Override
        public void close() {
            link.close();
        }
    }
}
