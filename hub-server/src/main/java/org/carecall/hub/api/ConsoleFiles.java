package org.carecall.hub.api;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.carecall.hub.http.ApiException;
import org.carecall.hub.http.HttpRoutes;
import org.carecall.hub.http.HttpRoutes.Access;
import org.carecall.hub.http.HttpRoutes.Reply;

/** The staff console's files, served from the hub's jar: a fixed list, so no path can reach anything else. */
public final class ConsoleFiles {
    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "console.js", "text/javascript; charset=utf-8",
            "console.css", "text/css; charset=utf-8");

    public void register(HttpRoutes routes) {
        routes.add(HttpMethod.GET, "/", Access.PUBLIC, call -> file("index.html"));
        routes.add(HttpMethod.GET, "/console/{file}", Access.PUBLIC, call -> file(call.param("file")));
    }

    private static Reply file(String name) throws IOException {
        String type = FILES.get(name);
        if (type == null) {
            throw ApiException.notFound("/console/" + name);
        }
        try (InputStream in = ConsoleFiles.class.getResourceAsStream("/console/" + name)) {
            if (in == null) {
                throw ApiException.notFound("/console/" + name);
            }
            return new Reply(HttpResponseStatus.OK, type, in.readAllBytes());
        }
    }
}
