package org.carecall.hub.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Which handler answers which method and path. Exact paths only, for now. */
public final class HttpRoutes {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A plain answer: status, content type and body. */
    public record Reply(HttpResponseStatus status, String contentType, byte[] body) {
        public static Reply json(HttpResponseStatus status, Object body) {
            try {
                return new Reply(status, "application/json; charset=utf-8", JSON.writeValueAsBytes(body));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("cannot write the reply as JSON", e);
            }
        }

        public static Reply text(HttpResponseStatus status, String contentType, String text) {
            return new Reply(status, contentType, text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Answers one request. Runs off the event loop, so it may read the database. */
    @FunctionalInterface
    public interface Route {
        Reply handle(FullHttpRequest request) throws Exception;
    }

    private final Map<String, Route> routes = new LinkedHashMap<>();

    public HttpRoutes add(HttpMethod method, String path, Route route) {
        routes.put(method.name() + " " + path, route);
        return this;
    }

    Optional<Route> find(HttpMethod method, String path) {
        return Optional.ofNullable(routes.get(method.name() + " " + path));
    }

    boolean knowsPath(String path) {
        return routes.keySet().stream().anyMatch(key -> key.endsWith(" " + path));
    }
}
