package org.carecall.hub.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * One console's WebSocket. The first message must be {@code {"type":"auth","token":"..."}}; a console that
 * does not authenticate within ten seconds, or with a bad token, is told so and closed. After that,
 * {@code {"type":"ping"}} is answered with a pong (and slides the console's session on) and {@code {"type":"shown","alarmId":...}} reports that the
 * console showed a ringing call; everything else flows from the hub to the console.
 */
public final class LiveSocketHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    public static final String NAME = "live-socket";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long AUTH_TIMEOUT_S = 10;

    private final LiveConsoles consoles;
    private boolean joined;

    public LiveSocketHandler(LiveConsoles consoles) {
        this.consoles = consoles;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            ctx.executor().schedule(() -> {
                if (!joined) {
                    refuse(ctx, "no auth message within " + AUTH_TIMEOUT_S + " s");
                }
            }, AUTH_TIMEOUT_S, TimeUnit.SECONDS);
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (!(frame instanceof TextWebSocketFrame text)) {
            return;
        }
        JsonNode message;
        try {
            message = JSON.readTree(text.text());
        } catch (IOException e) {
            refuse(ctx, "messages must be JSON");
            return;
        }
        String type = message.path("type").asText("");
        if (!joined) {
            if (type.equals("auth") && consoles.join(ctx.channel(), message.path("token").asText(null)).isPresent()) {
                joined = true;
            } else {
                refuse(ctx, "send {\"type\":\"auth\",\"token\":\"<session token>\"} first");
            }
        } else if (type.equals("ping")) {
            ctx.writeAndFlush(new TextWebSocketFrame("{\"type\":\"pong\"}"));
            consoles.ping(ctx.channel());
        } else if (type.equals("shown")) {
            JsonNode id = message.path("alarmId");
            consoles.shown(ctx.channel(), id.isTextual() ? id.asText() : null, "console " + ctx.channel().remoteAddress());
        }
    }

    private void refuse(ChannelHandlerContext ctx, String detail) {
        ctx.writeAndFlush(new TextWebSocketFrame("{\"type\":\"error\",\"error\":\"unauthenticated\",\"detail\":"
                + JSON.valueToTree(detail) + "}")).addListener(future -> ctx.close());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        consoles.leave(ctx.channel());
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
