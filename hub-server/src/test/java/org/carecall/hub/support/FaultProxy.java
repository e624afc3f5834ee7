package org.carecall.hub.support;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A TCP proxy between units and the hub that fails on purpose: it passes bytes through, delays them,
 * black-holes the link (nothing moves either way, as when a router drops everything: the bytes wait in
 * the sockets and TCP's own backpressure, and move again when healed), cuts every connection (FIN) or
 * resets it (RST), and refuses new connections while cut.
 */
public final class FaultProxy implements AutoCloseable {

    /** What the link does now. */
    public enum Mode { PASS, BLACKHOLE, CUT }

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Set<Channel> channels = ConcurrentHashMap.newKeySet();
    private final int targetPort;
    private final Channel server;
    private volatile Mode mode = Mode.PASS;
    private volatile long delayMillis;

    public FaultProxy(int targetPort) throws InterruptedException {
        this.targetPort = targetPort;
        this.server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel inbound) {
                        inbound.pipeline().addLast(new Inbound());
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** Every forwarded chunk waits this long first. */
    public void delay(long millis) {
        this.delayMillis = millis;
    }

    /** Nothing moves either way until {@link #heal()}; connections stay open, as in a real black hole. */
    public void blackhole() {
        mode = Mode.BLACKHOLE;
        channels.forEach(channel -> channel.config().setAutoRead(false));
    }

    /** Closes every connection and refuses new ones until {@link #heal()}. */
    public void cut() {
        mode = Mode.CUT;
        channels.forEach(Channel::close);
    }

    /** Resets every connection (RST, no FIN); new ones are let through. */
    public void reset() {
        // On each channel's own loop, so that a connection closing meanwhile cannot race the linger change.
        channels.forEach(channel -> channel.eventLoop().execute(() -> {
            if (channel.isOpen() && channel instanceof SocketChannel socket) {
                socket.config().setSoLinger(0);
            }
            channel.close();
        }));
    }

    public void heal() {
        mode = Mode.PASS;
        delayMillis = 0;
        channels.forEach(channel -> {
            channel.config().setAutoRead(true);
            channel.read();
        });
    }

    public int openConnections() {
        return channels.size() / 2;
    }

    /** The unit's side: opens the hub's side, then relays. */
    private final class Inbound extends ChannelInboundHandlerAdapter {
        private Channel outbound;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            Channel inbound = ctx.channel();
            if (mode == Mode.CUT) {
                inbound.close();
                return;
            }
            outbound = new Bootstrap().group(inbound.eventLoop()).channel(NioSocketChannel.class)
                    .option(ChannelOption.AUTO_READ, false)
                    .handler(new Relay(inbound))
                    .connect("127.0.0.1", targetPort).addListener((ChannelFutureListener) done -> {
                        if (!done.isSuccess()) {
                            inbound.close();
                            return;
                        }
                        track(inbound);
                        track(done.channel());
                        if (mode == Mode.PASS) {
                            inbound.config().setAutoRead(true);
                            done.channel().config().setAutoRead(true);
                        }
                    }).channel();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            forward(message, outbound);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (outbound != null) {
                outbound.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** The hub's side: relays back to the unit. */
    private final class Relay extends ChannelInboundHandlerAdapter {
        private final Channel inbound;

        Relay(Channel inbound) {
            this.inbound = inbound;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            forward(message, inbound);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            inbound.close();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    private void track(Channel channel) {
        channels.add(channel);
        channel.closeFuture().addListener(closed -> channels.remove(channel));
    }

    private void forward(Object message, Channel to) {
        if (to == null || !to.isActive()) {
            ReferenceCountUtil.release(message);
            return;
        }
        long delay = delayMillis;
        if (delay > 0) {
            to.eventLoop().schedule(() -> to.writeAndFlush(message), delay, TimeUnit.MILLISECONDS);
        } else {
            to.writeAndFlush(message);
        }
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        channels.forEach(Channel::close);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
