package org.carecall.hub.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.carecall.hub.staff.Role;

/**
 * Which handler answers which method and path, and who may call it. Paths may hold parameters, as in
 * {@code /api/residents/{id}}. A route is either public or open to a set of roles; the handler checks
 * the caller before the route runs, so no route can forget to.
 */
public final class HttpRoutes {
    /**
     * Requests are answered on virtual threads, each new, so Jackson's usual buffers kept per thread would be
     * made afresh for every request: a shared pool hands them from one request to the next instead.
     */
    static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool()).build())
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    /** A plain answer: status, content type and body. */
    public record Reply(HttpResponseStatus status, String contentType, byte[] body) {
        public static Reply json(HttpResponseStatus status, Object body) {
            try {
                return new Reply(status, "application/json; charset=utf-8", JSON.writeValueAsBytes(body));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("cannot write the reply as JSON", e);
            }
        }

        public static Reply ok(Object body) {
            return json(HttpResponseStatus.OK, body);
        }

        public static Reply text(HttpResponseStatus status, String contentType, String text) {
            return new Reply(status, contentType, text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Answers one request. Runs off the event loop, so it may read the database. */
    @FunctionalInterface
    public interface Route {
        Reply handle(HttpCall call) throws Exception;
    }

    /**
     * Who may call a route: nobody in particular, or anyone holding one of the roles. A session opened with
     * a one-time password reaches only the routes marked {@code oneTime}: choosing a password, who am I,
     * logging out.
     */
    public record Access(boolean open, Set<Role> roles, boolean oneTime) {
        public static final Access PUBLIC = new Access(true, Set.of(), true);

        public static Access roles(Role first, Role... more) {
            return new Access(false, EnumSet.of(first, more), false);
        }

        public static Access anyStaff() {
            return new Access(false, EnumSet.allOf(Role.class), false);
        }

        /** Anyone logged in, even with a one-time password that must be changed first. */
        public static Access evenBeforePasswordChange() {
            return new Access(false, EnumSet.allOf(Role.class), true);
        }
    }

    /** {@code prefix}: the template's text before its first parameter, which a path must start with. */
    record Entry(HttpMethod method, String template, String prefix, Pattern pattern, List<String> names, Access access,
                 Route route) {
        /** The path matched against the pattern, its groups the parameters; null if it is not this route's. */
        Matcher match(String path) {
            if (!path.startsWith(prefix)) {
                return null;
            }
            Matcher matcher = pattern.matcher(path);
            return matcher.matches() ? matcher : null;
        }
    }

    /** One route as a reader sees it: what it answers and who may call it. */
    public record Listed(String method, String template, Access access) {
    }

    /** A route found for a request, with the values of its path parameters. */
    record Match(Entry entry, Map<String, String> params) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private volatile java.util.function.Consumer<Listed> changeWatcher = route -> { };
    private final java.util.Set<String> storeOnly = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Told of every request other than GET that a route answered with success: something was changed. */
    public void watchChanges(java.util.function.Consumer<Listed> watcher) {
        this.changeWatcher = watcher;
    }

    /**
     * The routes of this template change only records that are read from the store each time (nobody keeps
     * a copy to read again): their changes are not told to the watcher.
     */
    public HttpRoutes storeOnly(String template) {
        storeOnly.add(template);
        return this;
    }

    void changed(Entry entry) {
        if (storeOnly.contains(entry.template())) {
            return;
        }
        changeWatcher.accept(new Listed(entry.method().name(), entry.template(), entry.access()));
    }

    public HttpRoutes add(HttpMethod method, String template, Access access, Route route) {
        List<String> names = new ArrayList<>();
        Matcher parameters = Pattern.compile("\\{([a-zA-Z]+)}").matcher(template);
        StringBuilder regex = new StringBuilder();
        int last = 0;
        while (parameters.find()) {
            regex.append(Pattern.quote(template.substring(last, parameters.start()))).append("([^/]+)");
            names.add(parameters.group(1));
            last = parameters.end();
        }
        regex.append(Pattern.quote(template.substring(last)));
        int firstParameter = template.indexOf('{');
        String prefix = firstParameter < 0 ? template : template.substring(0, firstParameter);
        entries.add(new Entry(method, template, prefix, Pattern.compile(regex.toString()), names, access, route));
        return this;
    }

    /** The route for a request; a path is matched against a route's pattern only if its method and prefix fit. */
    Optional<Match> find(HttpMethod method, String path) {
        for (Entry entry : entries) {
            Matcher matcher = entry.method().equals(method) ? entry.match(path) : null;
            if (matcher != null) {
                Map<String, String> params = new LinkedHashMap<>();
                for (int i = 0; i < entry.names().size(); i++) {
                    params.put(entry.names().get(i), matcher.group(i + 1));
                }
                return Optional.of(new Match(entry, params));
            }
        }
        return Optional.empty();
    }

    /** Every route, in the order they were added: for checks that must cover every path. */
    public List<Listed> list() {
        return entries.stream().map(entry -> new Listed(entry.method().name(), entry.template(), entry.access())).toList();
    }

    boolean knowsPath(String path) {
        return entries.stream().anyMatch(entry -> entry.match(path) != null);
    }
}
