package org.carecall.hub.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Set;

/**
 * On the plain HTTP port of a hub that serves HTTPS: every request is sent to the same path over HTTPS at
 * the hub's configured public name (never the request's Host header, which anyone can write), so no login
 * or resident's file travels in clear text. Health and metrics stay answerable in plain HTTP
 * for monitoring that runs on the same machine or network.
 */
final class HttpsRedirect extends SimpleChannelInboundHandler<FullHttpRequest> {
    static final String NAME = "https-redirect";
    private static final Set<String> PLAIN = Set.of("/healthz", "/metrics");

    private final String publicName;
    private final int httpsPort;

    HttpsRedirect(String publicName, int httpsPort) {
        super(false);
        this.publicName = publicName;
        this.httpsPort = httpsPort;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        String path = request.uri().split("\\?", 2)[0];
        if (PLAIN.contains(path)) {
            ctx.fireChannelRead(request);
            return;
        }
        try {
            String location = "https://" + publicName + (httpsPort == 443 ? "" : ":" + httpsPort) + request.uri();
            FullHttpResponse moved = new DefaultFullHttpResponse(request.protocolVersion(),
                    HttpResponseStatus.MOVED_PERMANENTLY, Unpooled.EMPTY_BUFFER);
            moved.headers().set(HttpHeaderNames.LOCATION, location);
            moved.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
            ctx.writeAndFlush(moved).addListener(ChannelFutureListener.CLOSE);
        } finally {
            request.release();
        }
    }
}
