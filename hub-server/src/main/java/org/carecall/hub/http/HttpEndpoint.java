package org.carecall.hub.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.net.ssl.SSLException;
import org.carecall.hub.config.HubConfig;
import org.carecall.hub.live.LiveConsoles;
import org.carecall.hub.security.ConnectionRate;
import org.carecall.hub.security.ServerTls;
import org.carecall.hub.staff.Staff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's HTTP endpoint: health, metrics, the staff API, the live stream and the console. With a
 * certificate and key configured it serves HTTPS on its own port, and the plain port sends browsers
 * there (phones grant notifications, wake lock and service workers only to a secure origin).
 */
public final class HttpEndpoint implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpEndpoint.class);
    static final int MAX_REQUEST_BYTES = HttpEndpointInitializer.MAX_REQUEST_BYTES;

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private Channel channel;
    private Channel secure;

    public void start(HubConfig.Http config, ConnectionRate rate, HttpRoutes routes,
                      Function<String, Optional<Staff>> authenticate, LiveConsoles live)
            throws InterruptedException, SSLException {
        ConnectionLimit limit = new ConnectionLimit(config.maxConnections, config.maxConnectionsPerAddress, rate);
        int redirectTo = 0;
        if (config.tlsEnabled()) {
            SslContext tls = ServerTls.forServer(config.tlsCert, config.tlsKey);
            secure = bind(config.host, config.tlsPort, new HttpEndpointInitializer(tls, 0, routes, authenticate, live, limit, config));
            log.info("HTTPS endpoint (the console) listening on {}", secure.localAddress());
            redirectTo = config.redirectToHttps ? tlsPort() : 0;
        }
        channel = bind(config.host, config.port, new HttpEndpointInitializer(null, redirectTo, routes, authenticate, live, limit, config));
        log.info("HTTP endpoint listening on {}{}", channel.localAddress(), redirectTo > 0 ? " (sends browsers to HTTPS)" : "");
    }

    private Channel bind(String host, int port, HttpEndpointInitializer pipeline) throws InterruptedException {
        return new ServerBootstrap().group(group).channel(NioServerSocketChannel.class).childHandler(pipeline)
                .bind(host, port).sync().channel();
    }

    /** Completes once every event loop of the endpoint has run a task: for the watchdog. */
    public java.util.concurrent.CompletableFuture<Void> probe() {
        return org.carecall.hub.watchdog.LoopProbe.of(group);
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** The HTTPS port, or -1 when HTTPS is not configured. */
    public int tlsPort() {
        return secure == null ? -1 : ((InetSocketAddress) secure.localAddress()).getPort();
    }

    @Override
    public void close() {
        for (Channel open : new Channel[] {secure, channel}) {
            if (open != null) {
                open.close().syncUninterruptibly();
            }
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
