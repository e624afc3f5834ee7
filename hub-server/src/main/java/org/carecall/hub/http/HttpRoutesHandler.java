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
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each HTTP request to its route on a virtual thread (routes may block on the database) and
 * writes the reply back on the event loop. Errors are JSON: {@code {"error": ..., "detail": ...}}.
 */
final class HttpRoutesHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(HttpRoutesHandler.class);
    private static final ExecutorService WORKERS = Executors.newVirtualThreadPerTaskExecutor();

    private final HttpRoutes routes;

    HttpRoutesHandler(HttpRoutes routes) {
        this.routes = routes;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            write(ctx, request, error(HttpResponseStatus.BAD_REQUEST, "bad-request", "the request could not be read"));
            return;
        }
        String path = new QueryStringDecoder(request.uri()).path();
        var route = routes.find(request.method(), path);
        if (route.isEmpty()) {
            write(ctx, request, routes.knowsPath(path)
                    ? error(HttpResponseStatus.METHOD_NOT_ALLOWED, "method-not-allowed", request.method() + " " + path)
                    : error(HttpResponseStatus.NOT_FOUND, "not-found", path));
            return;
        }
        request.retain();
        WORKERS.execute(() -> {
            HttpRoutes.Reply reply;
            try {
                reply = route.get().handle(request);
            } catch (Exception e) {
                log.error("{} {} failed", request.method(), path, e);
                reply = error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal", e.getClass().getSimpleName());
            }
            HttpRoutes.Reply answer = reply;
            ctx.executor().execute(() -> {
                write(ctx, request, answer);
                request.release();
            });
        });
    }

    static HttpRoutes.Reply error(HttpResponseStatus status, String error, String detail) {
        return HttpRoutes.Reply.json(status, Map.of("error", error, "detail", detail));
    }

    private static void write(ChannelHandlerContext ctx, FullHttpRequest request, HttpRoutes.Reply reply) {
        FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(), reply.status(),
                Unpooled.wrappedBuffer(reply.body()));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, reply.contentType());
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, reply.body().length);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (keepAlive) {
            HttpUtil.setKeepAlive(response, true);
            ctx.writeAndFlush(response);
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
