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
import javax.net.ssl.SSLException;
import org.carecall.hub.audit.AuditLog;
import org.carecall.hub.config.HubConfig;
import org.carecall.hub.device.DeviceInbox;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.metrics.HubMetrics;
import org.carecall.hub.security.ConnectionRate;
import org.carecall.hub.security.ServerTls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT endpoint devices connect to: plain TCP on one port and, when a certificate and key are
 * configured, TLS ({@link ServerTls}: 1.3, and 1.2 with AEAD suites) on another. Both share one pipeline.
 */
public final class MqttEndpoint implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MqttEndpoint.class);

    private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoopGroup workers = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
    private Channel plain;
    private Channel secure;

    public void start(HubConfig config, ConnectionRate rate, DeviceRegistry registry, DeviceSessions connected,
                      DeviceInbox inbox, AuditLog audit, HubMetrics metrics) throws InterruptedException, SSLException {
        HubConfig.Mqtt mqtt = config.mqtt;
        Supplier<DeviceSessionHandler> sessions = () -> new DeviceSessionHandler(registry, connected, inbox, audit,
                metrics, mqtt.maxKeepAliveS);
        start(mqtt, new ConnectionGate(rate), sessions);
    }

    private void start(HubConfig.Mqtt config, ConnectionGate gate, Supplier<DeviceSessionHandler> sessions)
            throws InterruptedException, SSLException {
        plain = bind(config.host, config.port, null, config, gate, sessions);
        log.info("MQTT endpoint for devices listening on {}", plain.localAddress());
        if (config.tlsCert != null && config.tlsKey != null) {
            SslContext tls = ServerTls.forServer(config.tlsCert, config.tlsKey);
            secure = bind(config.host, config.tlsPort, tls, config, gate, sessions);
            log.info("MQTT endpoint for devices (TLS) listening on {}", secure.localAddress());
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
