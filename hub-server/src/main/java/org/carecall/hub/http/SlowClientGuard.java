package org.carecall.hub.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes HTTP connections that hold a descriptor without using it: a request must arrive whole within
 * the request timeout of the connection opening (or of the last answer, on a kept-alive connection, with
 * the idle timeout); a live console's WebSocket must hear from its console (it pings every 25 s) within
 * the socket timeout. A client sending half a header and then nothing is closed, whatever it meant.
 */
final class SlowClientGuard extends ChannelDuplexHandler {
    static final String NAME = "slow-client-guard";

    private final Duration requestTimeout;
    private final Duration idleTimeout;
    private final Duration socketTimeout;
    private ScheduledFuture<?> deadline;
    private boolean webSocket;

    SlowClientGuard(Duration requestTimeout, Duration idleTimeout, Duration socketTimeout) {
        this.requestTimeout = requestTimeout;
        this.idleTimeout = idleTimeout;
        this.socketTimeout = socketTimeout;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        arm(ctx, requestTimeout);
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (webSocket) {
            arm(ctx, socketTimeout);
        } else if (msg instanceof FullHttpRequest) {
            disarm(); // a whole request: its answer re-arms the wait for the next one
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (!webSocket && msg instanceof LastHttpContent) {
            promise = promise.unvoid();
            promise.addListener(done -> {
                if (ctx.channel().isActive() && !webSocket) {
                    arm(ctx, idleTimeout);
                }
            });
        }
        super.write(ctx, msg, promise);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            webSocket = true;
            arm(ctx, socketTimeout);
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        disarm();
        super.channelInactive(ctx);
    }

    private void arm(ChannelHandlerContext ctx, Duration timeout) {
        disarm();
        deadline = ctx.executor().schedule(() -> ctx.close(), timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void disarm() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }
}
