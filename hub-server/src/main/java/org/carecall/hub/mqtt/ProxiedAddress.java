package org.carecall.hub.mqtt;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.util.AttributeKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Behind a load balancer speaking the PROXY protocol (HAProxy's {@code send-proxy} or
 * {@code send-proxy-v2}), the connection's first line names the unit's own address: it is kept as the
 * connection's remote, so presence and the audit show the unit, not the balancer. A connection that does
 * not start with the header is closed (a unit going round the balancer, or a port set up wrongly): at
 * once when its first bytes cannot be one, at the latest when {@code mqtt.connectTimeoutS} runs out.
 */
final class ProxiedAddress extends SimpleChannelInboundHandler<HAProxyMessage> {
    static final String NAME = "proxied-address";
    static final AttributeKey<String> REMOTE = AttributeKey.valueOf("carecall.proxied-remote");
    private static final Logger log = LoggerFactory.getLogger(ProxiedAddress.class);

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HAProxyMessage header) {
        if (header.command() == HAProxyCommand.PROXY && header.sourceAddress() != null) {
            ctx.channel().attr(REMOTE).set("/" + header.sourceAddress() + ":" + header.sourcePort());
        } // LOCAL: the balancer's own health check; the socket's address stands
        ctx.pipeline().remove(this);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.warn("connection from {} closed: no PROXY protocol header ({})", ctx.channel().remoteAddress(),
                cause.getMessage());
        ctx.close();
    }

    /** The unit's address: as the balancer named it, or the socket's own. */
    static String of(io.netty.channel.Channel channel) {
        String proxied = channel.attr(REMOTE).get();
        return proxied != null ? proxied : String.valueOf(channel.remoteAddress());
    }
}
