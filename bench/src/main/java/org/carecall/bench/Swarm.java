package org.carecall.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Many MQTT connections from one JVM on a small event-loop group: the swarm of devices (or the
 * publisher and subscriber of the transport floor). Connections are opened a window at a time, each from
 * the next loopback source address (127.0.0.1, .2, ...), so that more than one address's worth of
 * source ports is available for very large swarms.
 */
public final class Swarm implements AutoCloseable {
    private static final int PORTS_PER_ADDRESS = 20_000;

    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private volatile int sourceAddresses = 1;
    private final int addressBlock;

    public Swarm(int threads) {
        this(threads, 0);
    }

    /**
     * A swarm whose connections come from 127.0.{@code addressBlock}.x: every source address has one set of
     * ephemeral ports (some 28,000 here), shared by every process binding to it, so swarms running side by
     * side take blocks of their own.
     */
    public Swarm(int threads, int addressBlock) {
        this.addressBlock = addressBlock;
        group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
        bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
    }

    /**
     * Connects every peer to the port, at most {@code window} handshakes at a time; returns the peers that
     * came up (a refused or failed one is counted by the caller from the difference).
     */
    public <P extends MqttPeer> List<P> connect(int port, List<P> peers, int window, long timeoutS)
            throws InterruptedException {
        Semaphore inFlight = new Semaphore(window);
        List<CompletableFuture<MqttPeer>> all = new ArrayList<>(peers.size());
        sourceAddresses = Math.max(sourceAddresses, 1 + peers.size() / PORTS_PER_ADDRESS);
        for (int i = 0; i < peers.size(); i++) {
            P peer = peers.get(i);
            inFlight.acquire();
            String source = "127.0." + addressBlock + "." + (1 + i / PORTS_PER_ADDRESS);
            bootstrap.clone().handler(initializer(peer))
                    .connect(new InetSocketAddress("127.0.0.1", port), new InetSocketAddress(source, 0))
                    .addListener(done -> {
                        if (!done.isSuccess()) {
                            peer.ready().completeExceptionally(done.cause());
                        }
                    });
            all.add(peer.ready().whenComplete((ok, failed) -> inFlight.release()));
        }
        try {
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(timeoutS, TimeUnit.SECONDS);
        } catch (Exception someFailed) {
            // counted below
        }
        return peers.stream().filter(MqttPeer::connected).toList();
    }

    /** Connects one peer without waiting; a connection that cannot be made is reported as lost. */
    public void connect(int port, MqttPeer peer) {
        String source = "127.0." + addressBlock + "." + (1 + Math.floorMod(peer.clientId().hashCode(), sourceAddresses));
        bootstrap.clone().handler(initializer(peer))
                .connect(new InetSocketAddress("127.0.0.1", port), new InetSocketAddress(source, 0))
                .addListener(done -> {
                    if (!done.isSuccess()) {
                        peer.failed(done.cause());
                    }
                });
    }

    private static ChannelInitializer<SocketChannel> initializer(MqttPeer peer) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel channel) {
                channel.pipeline().addLast(new MqttDecoder(64 * 1024), MqttEncoder.INSTANCE, peer);
            }
        };
    }

    public EventLoopGroup group() {
        return group;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
