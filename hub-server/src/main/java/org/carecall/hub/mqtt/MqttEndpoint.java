package org.carecall.hub.mqtt;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.carecall.hub.audit.AuditLog;
import org.carecall.hub.config.HubConfig;
import org.carecall.hub.config.Ports;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.inbox.DeviceInbox;
import org.carecall.hub.metrics.HubMetrics;
import org.carecall.hub.security.ConnectionRate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT endpoint devices connect to: TLS ({@link org.carecall.hub.security.ServerTls}: 1.3, and 1.2 with AEAD suites) on every
 * interface, with the operator's certificate or the hub's own, and plain TCP on another port, on loopback
 * only unless the operator opens it to the network. Both share one pipeline.
 */
public final class MqttEndpoint implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MqttEndpoint.class);

    private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoopGroup workers = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
    private Channel plain;
    private Channel secure;

    public void start(HubConfig config, ConnectionRate rate, DeviceRegistry registry, DeviceSessions connected,
                      DeviceInbox inbox, AuditLog audit, HubMetrics metrics, SslContext tls) throws InterruptedException {
        HubConfig.Mqtt mqtt = config.mqtt;
        Supplier<DeviceSessionHandler> sessions = () -> new DeviceSessionHandler(registry, connected, inbox, audit,
                metrics, mqtt.maxKeepAliveS);
        start(mqtt, new ConnectionGate(rate), sessions, tls);
    }

    private void start(HubConfig.Mqtt config, ConnectionGate gate, Supplier<DeviceSessionHandler> sessions, SslContext tls)
            throws InterruptedException {
        secure = bind(config.host, config.tlsPort, tls, config, gate, sessions);
        log.info("MQTT endpoint for devices (TLS) listening on {}", secure.localAddress());
        plain = bind(Ports.plainHost(config.host, config.plainOnNetwork), config.port, null, config, gate, sessions);
        if (config.plainOnNetwork) {
            log.warn("plain MQTT is open to the network on {} (mqtt.plainOnNetwork): units' secrets and calls can be"
                    + " read and forged on the way; use ssl:// on port {} instead", plain.localAddress(), tlsPort());
        } else {
            log.info("MQTT endpoint for devices listening on {} (this machine only)", plain.localAddress());
        }
    }

    private Channel bind(String host, int port, SslContext tls, HubConfig.Mqtt config, ConnectionGate gate,
                         Supplier<DeviceSessionHandler> sessions) throws InterruptedException {
        return new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new MqttEndpointInitializer(tls, config.connectTimeoutS, config.maxMessageBytes,
                        config.proxyProtocol, gate, sessions))
                .bind(host, port).sync().channel();
    }

    /** Completes once every event loop of the endpoint has run a task: for the watchdog. */
    public java.util.concurrent.CompletableFuture<Void> probe() {
        return java.util.concurrent.CompletableFuture.allOf(org.carecall.hub.watchdog.LoopProbe.of(boss),
                org.carecall.hub.watchdog.LoopProbe.of(workers));
    }

    public int port() {
        return ((InetSocketAddress) plain.localAddress()).getPort();
    }

    /** The TLS port, or -1 when TLS is not configured. */
    public int tlsPort() {
        return secure == null ? -1 : ((InetSocketAddress) secure.localAddress()).getPort();
    }

    @Override
    public void close() {
        if (plain != null) {
            plain.close().syncUninterruptibly();
        }
        if (secure != null) {
            secure.close().syncUninterruptibly();
        }
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
