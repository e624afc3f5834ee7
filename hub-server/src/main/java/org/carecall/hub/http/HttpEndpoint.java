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
import org.carecall.hub.config.HubConfig;
import org.carecall.hub.config.Ports;
import org.carecall.hub.live.LiveConsoles;
import org.carecall.hub.security.ConnectionRate;
import org.carecall.hub.staff.Staff;
import org.carecall.hub.staff.StaffDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's HTTP endpoint: health, metrics, the staff API, the live stream and the console. It serves
 * HTTPS on every interface (the operator's certificate, or the hub's own), and plain HTTP on loopback only
 * unless opened to the network; the plain port sends browsers from other machines (every browser, with a
 * certificate of the operator's) to HTTPS: phones grant notifications, wake lock and service workers only
 * to a secure origin.
 */
public final class HttpEndpoint implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpEndpoint.class);
    static final int MAX_REQUEST_BYTES = HttpEndpointInitializer.MAX_REQUEST_BYTES;

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private Channel channel;
    private Channel secure;

    public void start(HubConfig.Http config, ConnectionRate rate, String publicName, SslContext tls, HttpRoutes routes,
                      Function<String, Optional<StaffDirectory.Caller>> authenticate, LiveConsoles live) throws InterruptedException {
        ConnectionLimit limit = new ConnectionLimit(config.maxConnections, config.maxConnectionsPerAddress, rate);
        HttpEndpointInitializer.Serving serving = new HttpEndpointInitializer.Serving(routes, authenticate, live, limit,
                config);
        secure = bind(config.host, config.tlsPort, new HttpEndpointInitializer(tls, 0, false, publicName, serving));
        log.info("HTTPS endpoint (the console) listening on {}, as https://{}:{}/", secure.localAddress(), publicName,
                tlsPort());
        int redirectTo = config.redirectToHttps ? tlsPort() : 0;
        channel = bind(Ports.plainHost(config.host, config.plainOnNetwork), config.port, new HttpEndpointInitializer(null,
                redirectTo, config.ownCertificate(), publicName, serving));
        if (config.plainOnNetwork) {
            log.warn("plain HTTP is open to the network on {} (http.plainOnNetwork): what is not sent on to HTTPS"
                    + " travels in clear", channel.localAddress());
        } else {
            log.info("HTTP endpoint listening on {} (this machine only){}", channel.localAddress(),
                    redirectTo > 0 && config.ownCertificate() ? "; sends browsers to HTTPS" : "");
        }
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
