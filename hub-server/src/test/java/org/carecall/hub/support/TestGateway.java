package org.carecall.hub.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An SMS or messaging gateway as the hub's webhook meets it: a real HTTP server (the JDK's) on a free
 * loopback port that keeps every POST it gets, and answers each with the next status of its script (200
 * once the script is used up).
 */
public final class TestGateway implements AutoCloseable {
    /** One POST as it arrived: its body, its signature header and its idempotency key. */
    public record Post(String body, String signature, String key, int answered) {
    }

    private final HttpServer server;
    private final Deque<Integer> script = new ArrayDeque<>();
    private final List<Post> posts = new CopyOnWriteArrayList<>();

    private TestGateway(List<Integer> answers) throws IOException {
        script.addAll(answers);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int status;
            synchronized (script) {
                status = script.isEmpty() ? 200 : script.poll();
            }
            posts.add(new Post(body, exchange.getRequestHeaders().getFirst("X-CareCall-Signature"),
                    exchange.getRequestHeaders().getFirst("Idempotency-Key"), status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    /** A gateway answering these statuses in turn, then 200. */
    public static TestGateway answering(Integer... answers) throws IOException {
        return new TestGateway(List.of(answers));
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/family";
    }

    public List<Post> posts() {
        return List.copyOf(posts);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
