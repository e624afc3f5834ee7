package org.carecall.hub.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.net.SocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.carecall.hub.staff.Staff;

/** One API request as a route sees it: path parameters, query, JSON body, the caller and where they call from. */
public final class HttpCall {
    private final FullHttpRequest request;
    private final Map<String, String> params;
    private final Map<String, List<String>> query;
    private final byte[] body;
    private final Staff caller;
    private final String origin;
    private final SocketAddress peer;

    HttpCall(FullHttpRequest request, Map<String, String> params, byte[] body, Staff caller, String origin) {
        this(request, params, body, caller, origin, null);
    }

    HttpCall(FullHttpRequest request, Map<String, String> params, byte[] body, Staff caller, String origin,
             SocketAddress peer) {
        this.peer = peer;
        this.request = request;
        this.params = params;
        this.query = new QueryStringDecoder(request.uri()).parameters();
        this.body = body;
        this.caller = caller;
        this.origin = origin;
    }

    public String param(String name) {
        return params.get(name);
    }

    public Optional<String> query(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    public int queryInt(String name, int absent, int min, int max) {
        Optional<String> value = query(name);
        if (value.isEmpty()) {
            return absent;
        }
        try {
            int number = Integer.parseInt(value.get());
            if (number < min || number > max) {
                throw ApiException.badRequest("'" + name + "' must be between " + min + " and " + max);
            }
            return number;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("'" + name + "' must be a whole number");
        }
    }

    /** The body as a JSON object; a missing or malformed body is a 400 that says so. */
    public ObjectNode json() {
        if (body.length == 0) {
            throw ApiException.badRequest("a JSON object is expected in the request body");
        }
        try {
            JsonNode tree = HttpRoutes.JSON.readTree(body);
            if (tree == null || !tree.isObject()) {
                throw ApiException.badRequest("the request body must be a JSON object");
            }
            return (ObjectNode) tree;
        } catch (IOException e) {
            throw ApiException.badRequest("the request body is not valid JSON");
        }
    }

    /** The body as a JSON object, or an empty one when there is no body. */
    public ObjectNode jsonOrEmpty() {
        return body.length == 0 ? HttpRoutes.JSON.createObjectNode() : json();
    }

    /** The authenticated member of staff; present on every route that is not public. */
    public Staff caller() {
        return caller;
    }

    public String origin() {
        return origin;
    }

    /** The connection's own peer: the client, or a proxy in front of the hub. */
    public SocketAddress peer() {
        return peer;
    }

    /** Whether a proxy says it forwarded the request (and so the peer is the proxy, not the client). */
    public boolean forwarded() {
        return request.headers().contains("Forwarded") || request.headers().contains("X-Forwarded-For")
                || request.headers().contains("X-Real-IP");
    }

    /** The bearer token the caller sent, or null. */
    public String token() {
        return HttpRoutesHandler.bearer(request);
    }

    public String header(String name) {
        return request.headers().get(name);
    }
}
