package org.carecall.hub.api;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.carecall.hub.http.ApiException;
import org.carecall.hub.http.HttpRoutes;
import org.carecall.hub.http.HttpRoutes.Access;
import org.carecall.hub.http.HttpRoutes.Reply;

/**
 * The staff console's files, served from the hub's jar: a fixed list, so no path can reach anything else.
 * The service worker and the manifest are served from the root, so that they cover the whole console.
 * A hub started with extra console scripts (the demo's simulator panel) names them in the page.
 */
public final class ConsoleFiles {
    private static final String JS = "text/javascript; charset=utf-8";
    private static final Map<String, String> FILES = Map.ofEntries(
            Map.entry("index.html", "text/html; charset=utf-8"),
            Map.entry("console.css", "text/css; charset=utf-8"),
            Map.entry("main.js", JS), Map.entry("api.js", JS), Map.entry("board.js", JS), Map.entry("devices.js", JS),
            Map.entry("dom.js", JS), Map.entry("history.js", JS), Map.entry("i18n.js", JS), Map.entry("live.js", JS),
            Map.entry("reports.js", JS), Map.entry("residents.js", JS), Map.entry("ringer.js", JS), Map.entry("roster.js", JS),
            Map.entry("audit.js", JS), Map.entry("file.js", JS), Map.entry("forms.js", JS), Map.entry("policies.js", JS),
            Map.entry("resident-form.js", JS), Map.entry("staff.js", JS), Map.entry("today.js", JS), Map.entry("words.js", JS),
            Map.entry("checkin.js", JS), Map.entry("checkin-words.js", JS),
            Map.entry("orders.js", JS), Map.entry("order-words.js", JS),
            Map.entry("family.js", JS), Map.entry("family-words.js", JS),
            Map.entry("sw.js", JS), Map.entry("boot.js", JS), Map.entry("manifest.webmanifest", "application/manifest+json"),
            Map.entry("icon-192.png", "image/png"), Map.entry("icon-512.png", "image/png"));

    private final List<String> extraScripts;

    public ConsoleFiles(List<String> extraScripts) {
        this.extraScripts = extraScripts == null ? List.of() : List.copyOf(extraScripts);
    }

    public void register(HttpRoutes routes) {
        routes.add(HttpMethod.GET, "/", Access.PUBLIC, call -> page());
        routes.add(HttpMethod.GET, "/sw.js", Access.PUBLIC, call -> file("sw.js"));
        routes.add(HttpMethod.GET, "/manifest.webmanifest", Access.PUBLIC, call -> file("manifest.webmanifest"));
        routes.add(HttpMethod.GET, "/console/{file}", Access.PUBLIC, call -> file(call.param("file")));
    }

    private Reply page() throws IOException {
        Reply index = file("index.html");
        if (extraScripts.isEmpty()) {
            return index;
        }
        String tags = extraScripts.stream().map(src -> "<script type=\"module\" src=\"" + src + "\"></script>")
                .collect(Collectors.joining("\n  "));
        String html = new String(index.body(), StandardCharsets.UTF_8).replace("<!-- extra scripts -->", tags);
        return new Reply(HttpResponseStatus.OK, index.contentType(), html.getBytes(StandardCharsets.UTF_8));
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
