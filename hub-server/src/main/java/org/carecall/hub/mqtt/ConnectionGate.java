package org.carecall.hub.mqtt;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetSocketAddress;
import org.carecall.hub.security.ConnectionRate;

/**
 * First in a unit connection's pipeline: a source opening connections faster than its {@link ConnectionRate}
 * allows is closed before its TLS handshake or CONNECT costs the hub anything. Shared by every connection
 * of the endpoint. Behind a load balancer speaking the PROXY protocol every connection comes from the
 * balancer, so the endpoint leaves this out and the balancer limits sources itself.
 */
@ChannelHandler.Sharable
final class ConnectionGate extends ChannelInboundHandlerAdapter {
    static final String NAME = "connection-gate";

    private final ConnectionRate rate;

    ConnectionGate(ConnectionRate rate) {
        this.rate = rate;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().remoteAddress() instanceof InetSocketAddress remote && !rate.admit(remote.getAddress())) {
            ctx.close();
            return;
        }
        super.channelActive(ctx);
    }
}
