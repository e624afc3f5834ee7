package org.carecall.hub.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.carecall.hub.config.HubConfig;
import org.carecall.hub.live.LiveConsoles;
import org.carecall.hub.live.LiveSocketHandler;
import org.carecall.hub.staff.Staff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The hub's HTTP endpoint: health, metrics, and (as it arrives) the staff API and console. */
public final class HttpEndpoint implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpEndpoint.class);
    static final int MAX_REQUEST_BYTES = 1024 * 1024;

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private Channel channel;

    public void start(HubConfig.Http config, HttpRoutes routes, Function<String, Optional<Staff>> authenticate,
                      LiveConsoles live) throws InterruptedException {
        channel = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast("http", new HttpServerCodec())
                                .addLast("aggregator", new HttpObjectAggregator(MAX_REQUEST_BYTES))
                                .addLast("websocket", new WebSocketServerProtocolHandler("/ws", null, false, 64 * 1024))
                                .addLast(LiveSocketHandler.NAME, new LiveSocketHandler(live))
                                .addLast("routes", new HttpRoutesHandler(routes, authenticate));
                    }
                })
                .bind(config.host, config.port).sync().channel();
        log.info("HTTP endpoint listening on {}", channel.localAddress());
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
