package org.carecall.hub.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.carecall.hub.staff.Staff;
import org.carecall.hub.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each HTTP request to its route on a virtual thread (routes may block on the database) and
 * writes the reply back on the event loop. Before a route that is not public runs, the caller's bearer
 * token is checked (401 without a valid one) and their role (403 when it is not among the route's).
 * Errors are JSON: {@code {"error": ..., "detail": ...}}; an unexpected failure says nothing of its insides.
 */
final class HttpRoutesHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(HttpRoutesHandler.class);
    private static final ExecutorService WORKERS = Executors.newVirtualThreadPerTaskExecutor();

    private final HttpRoutes routes;
    private final Function<String, Optional<Staff>> authenticate;
    private final boolean secure;

    HttpRoutesHandler(HttpRoutes routes, Function<String, Optional<Staff>> authenticate) {
        this(routes, authenticate, false);
    }

    /** {@code secure}: served over HTTPS, so browsers are told to come back only that way (HSTS). */
    HttpRoutesHandler(HttpRoutes routes, Function<String, Optional<Staff>> authenticate, boolean secure) {
        this.routes = routes;
        this.authenticate = authenticate;
        this.secure = secure;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            write(ctx, request, error(HttpResponseStatus.BAD_REQUEST, "bad-request", "the request could not be read"));
            return;
        }
        String path = new QueryStringDecoder(request.uri()).path();
        var match = routes.find(request.method(), path);
        if (match.isEmpty()) {
            write(ctx, request, routes.knowsPath(path)
                    ? error(HttpResponseStatus.METHOD_NOT_ALLOWED, "method-not-allowed", request.method() + " " + path)
                    : error(HttpResponseStatus.NOT_FOUND, "not-found", path));
            return;
        }
        byte[] body = ByteBufUtil.getBytes(request.content());
        String origin = String.valueOf(ctx.channel().remoteAddress());
        request.retain();
        WORKERS.execute(() -> {
            HttpRoutes.Reply reply = answer(match.get(), request, body, origin);
            if (!request.method().equals(HttpMethod.GET) && reply.status().codeClass() == HttpStatusClass.SUCCESS) {
                routes.changed(match.get().entry());
            }
            ctx.executor().execute(() -> {
                write(ctx, request, reply);
                request.release();
            });
        });
    }

    private HttpRoutes.Reply answer(HttpRoutes.Match match, FullHttpRequest request, byte[] body, String origin) {
        try {
            HttpRoutes.Access access = match.entry().access();
            Staff caller = null;
            if (!access.open()) {
                caller = authenticate.apply(bearer(request)).orElse(null);
                if (caller == null) {
                    return error(HttpResponseStatus.UNAUTHORIZED, "unauthenticated",
                            "log in first (POST /api/session) and send the token as 'Authorization: Bearer <token>'");
                }
                if (!access.roles().contains(caller.role())) {
                    return error(HttpResponseStatus.FORBIDDEN, "forbidden",
                            caller.role() + " may not " + request.method() + " " + match.entry().template());
                }
            }
            return match.entry().route().handle(new HttpCall(request, match.params(), body, caller, origin));
        } catch (ApiException e) {
            return error(e.status(), e.error(), e.getMessage(), e.extra());
        } catch (IllegalArgumentException e) {
            return error(HttpResponseStatus.BAD_REQUEST, "invalid", e.getMessage());
        } catch (Exception e) {
            if (storeFailure(e) instanceof StoreException store && store.unavailable()) {
                // The console says so and keeps what it was given; the request may be sent again.
                log.warn("{} {}: {}", request.method(), pathForLog(request), store.getMessage());
                return error(HttpResponseStatus.SERVICE_UNAVAILABLE, "store-unavailable",
                        "the hub cannot reach its store just now; nothing was changed, try again shortly");
            }
            log.error("{} {} failed", request.method(), pathForLog(request), e);
            return error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal", e.getClass().getSimpleName());
        }
    }

    /** The request's path for a log line: without its query, and cut short, since it came from outside. */
    private static String pathForLog(FullHttpRequest request) {
        String path = request.uri().split("\\?", 2)[0];
        return path.length() > 120 ? path.substring(0, 120) + "…" : path;
    }

    /** The store's failure behind a route's exception, if it is one: thrown, or failed a write's future. */
    private static Throwable storeFailure(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    private static String bearer(FullHttpRequest request) {
        String header = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header.substring(7).trim();
        }
        return null;
    }

    static HttpRoutes.Reply error(HttpResponseStatus status, String error, String detail) {
        return error(status, error, detail, Map.of());
    }

    static HttpRoutes.Reply error(HttpResponseStatus status, String error, String detail, Map<String, Object> extra) {
        Map<String, Object> body = new java.util.LinkedHashMap<>(extra);
        body.put("error", error);
        body.put("detail", detail == null ? "" : detail);
        return HttpRoutes.Reply.json(status, body);
    }

    private void write(ChannelHandlerContext ctx, FullHttpRequest request, HttpRoutes.Reply reply) {
        FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(), reply.status(),
                Unpooled.wrappedBuffer(reply.body()));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, reply.contentType());
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, reply.body().length);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        response.headers().set("X-Content-Type-Options", "nosniff");
        // The console loads only its own files and talks only to this hub; no page may frame it.
        response.headers().set("Content-Security-Policy", "default-src 'self'; connect-src 'self' ws: wss:;"
                + " img-src 'self' data:; frame-ancestors 'none'");
        response.headers().set("Referrer-Policy", "no-referrer");
        if (secure) {
            response.headers().set("Strict-Transport-Security", "max-age=31536000");
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (keepAlive) {
            HttpUtil.setKeepAlive(response, true);
            ctx.writeAndFlush(response);
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
