package org.carecall.hub.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.carecall.hub.security.ConnectionRate;

/**
 * Caps the HTTP endpoint's new connections per address and second ({@link ConnectionRate}), and its open
 * connections, in all and per address, so that browsers and whatever else
 * speaks HTTP can never use up the descriptors the units need to reach the hub over MQTT. A connection
 * past a cap is closed at once. One instance is shared by every connection of the endpoint.
 */
@ChannelHandler.Sharable
final class ConnectionLimit extends ChannelInboundHandlerAdapter {
    static final String NAME = "connection-limit";

    private final int total;
    private final int perAddress;
    private final ConnectionRate rate;
    private final AtomicInteger open = new AtomicInteger();
    private final Map<InetAddress, AtomicInteger> byAddress = new ConcurrentHashMap<>();

    ConnectionLimit(int total, int perAddress, ConnectionRate rate) {
        this.total = total;
        this.perAddress = perAddress;
        this.rate = rate;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        InetAddress address = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
        if (!rate.admit(address)) {
            ctx.close();
            return;
        }
        int all = open.incrementAndGet();
        int fromHere = byAddress.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
        ctx.channel().closeFuture().addListener(closed -> {
            open.decrementAndGet();
            byAddress.computeIfPresent(address, (a, count) -> count.decrementAndGet() == 0 ? null : count);
        });
        if (all > total || fromHere > perAddress) {
            ctx.close();
            return;
        }
        super.channelActive(ctx);
    }

    int open() {
        return open.get();
    }
}
