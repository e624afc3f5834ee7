package org.carecall.hub.http;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SslContext;
import java.util.Optional;
import java.util.function.Function;
import org.carecall.hub.live.LiveConsoles;
import org.carecall.hub.live.LiveSocketHandler;
import org.carecall.hub.staff.Staff;

/**
 * The HTTP pipeline, the same for plain HTTP and HTTPS: TLS first when given, then HTTP, the redirect to
 * HTTPS on a plain port that must not serve the console, the live WebSocket, and the routes.
 */
final class HttpEndpointInitializer extends ChannelInitializer<SocketChannel> {
    static final int MAX_REQUEST_BYTES = 1024 * 1024;

    private final SslContext tls;
    private final int redirectToHttpsPort;
    private final HttpRoutes routes;
    private final Function<String, Optional<Staff>> authenticate;
    private final LiveConsoles live;

    /** {@code redirectToHttpsPort}: 0 to serve everything here, else the HTTPS port to send browsers to. */
    HttpEndpointInitializer(SslContext tls, int redirectToHttpsPort, HttpRoutes routes,
                            Function<String, Optional<Staff>> authenticate, LiveConsoles live) {
        this.tls = tls;
        this.redirectToHttpsPort = redirectToHttpsPort;
        this.routes = routes;
        this.authenticate = authenticate;
        this.live = live;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline pipeline = ch.pipeline();
        if (tls != null) {
            pipeline.addLast("tls", tls.newHandler(ch.alloc()));
        }
        pipeline.addLast("http", new HttpServerCodec())
                .addLast("aggregator", new HttpObjectAggregator(MAX_REQUEST_BYTES));
        if (redirectToHttpsPort > 0) {
            pipeline.addLast(HttpsRedirect.NAME, new HttpsRedirect(redirectToHttpsPort));
        } else {
            pipeline.addLast("websocket", new WebSocketServerProtocolHandler("/ws", null, false, 64 * 1024))
                    .addLast(LiveSocketHandler.NAME, new LiveSocketHandler(live));
        }
        pipeline.addLast("routes", new HttpRoutesHandler(routes, authenticate, tls != null));
    }
}
