package org.carecall.hub.http;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SslContext;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.carecall.hub.config.HubConfig;
import org.carecall.hub.live.LiveConsoles;
import org.carecall.hub.live.LiveSocketHandler;
import org.carecall.hub.staff.Staff;
import org.carecall.hub.staff.StaffDirectory;

/**
 * The HTTP pipeline, the same for plain HTTP and HTTPS: TLS first when given, then HTTP, the redirect to
 * HTTPS on a plain port that must not serve the console, text compressed for clients that accept it, the
 * live WebSocket, and the routes.
 */
final class HttpEndpointInitializer extends ChannelInitializer<SocketChannel> {
    static final int MAX_REQUEST_BYTES = 1024 * 1024;

    /**
     * What both ports of the endpoint serve, and within which limits: the routes, who holds a token, the
     * live consoles, the connection limit they share and the HTTP settings (timeouts).
     */
    record Serving(HttpRoutes routes, Function<String, Optional<StaffDirectory.Caller>> authenticate, LiveConsoles live,
                   ConnectionLimit limit, HubConfig.Http config) {
    }

    private final SslContext tls;
    private final int redirectToHttpsPort;
    private final boolean redirectLoopback;
    private final String publicName;
    private final Serving serving;

    /**
     * {@code redirectToHttpsPort}: 0 to serve everything here, else the HTTPS port to send browsers to, at
     * {@code publicName} (the configured name, never the request's Host); {@code redirectLoopback}: whether
     * clients on this machine are sent there too.
     */
    HttpEndpointInitializer(SslContext tls, int redirectToHttpsPort, boolean redirectLoopback, String publicName,
                            Serving serving) {
        this.tls = tls;
        this.redirectToHttpsPort = redirectToHttpsPort;
        this.redirectLoopback = redirectLoopback;
        this.publicName = publicName;
        this.serving = serving;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline pipeline = ch.pipeline();
        pipeline.addLast(ConnectionLimit.NAME, serving.limit());
        if (tls != null) {
            pipeline.addLast("tls", tls.newHandler(ch.alloc()));
        }
        pipeline.addLast("http", new HttpServerCodec())
                .addLast("aggregator", new HttpObjectAggregator(MAX_REQUEST_BYTES))
                .addLast(TextCompressor.NAME, new TextCompressor());
        HubConfig.Http config = serving.config();
        SlowClientGuard guard = new SlowClientGuard(Duration.ofSeconds(config.requestTimeoutS),
                Duration.ofSeconds(config.idleTimeoutS), Duration.ofSeconds(config.socketTimeoutS));
        if (redirectToHttpsPort > 0 && (redirectLoopback || !fromThisMachine(ch))) {
            pipeline.addLast(SlowClientGuard.NAME, guard)
                    .addLast(HttpsRedirect.NAME, new HttpsRedirect(publicName, redirectToHttpsPort));
        } else {
            // The guard after the WebSocket handler: it must hear of the handshake, and see the frames.
            pipeline.addLast("websocket", new WebSocketServerProtocolHandler("/ws", null, false, 64 * 1024))
                    .addLast(SlowClientGuard.NAME, guard)
                    .addLast(LiveSocketHandler.NAME, new LiveSocketHandler(serving.live()));
        }
        pipeline.addLast("routes", new HttpRoutesHandler(serving.routes(), serving.authenticate(), tls != null));
    }

    private static boolean fromThisMachine(SocketChannel ch) {
        return ch.remoteAddress() != null && ch.remoteAddress().getAddress() != null
                && ch.remoteAddress().getAddress().isLoopbackAddress();
    }
}
