package org.carecall.hub.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A console's live connection to {@code /ws}, with the JDK's WebSocket client; messages are queued for the test. */
public final class TestLiveConsole implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private final Set<String> callsShown = ConcurrentHashMap.newKeySet();
    private final WebSocket socket;
    private volatile boolean closed;

    public TestLiveConsole(int port) throws Exception {
        socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), new WebSocket.Listener() {
                    private final StringBuilder partial = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            try {
                                JsonNode message = JSON.readTree(partial.toString());
                                noteCalls(message);
                                messages.add(message);
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                            partial.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                        closed = true;
                        return null;
                    }

                    @Override
                    public void onError(WebSocket webSocket, Throwable error) {
                        closed = true;
                    }
                }).get(5, TimeUnit.SECONDS);
    }

    /** Every call this console has been shown: on the board it got when it joined, or raised since. */
    public Set<String> callsShown() {
        return Set.copyOf(callsShown);
    }

    private void noteCalls(JsonNode message) {
        message.path("alarms").forEach(alarm -> callsShown.add(alarm.path("id").asText()));
        if (message.path("alarm").has("id")) {
            callsShown.add(message.path("alarm").path("id").asText());
        }
    }

    public void send(String json) {
        socket.sendText(json, true).join();
    }

    public void auth(String token) {
        send("{\"type\":\"auth\",\"token\":\"" + token + "\"}");
    }

    /** The next message matching the test, skipping others; null if none came in time. */
    public JsonNode next(Predicate<JsonNode> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode message = messages.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (message == null || wanted.test(message)) {
                return message;
            }
        }
    }

    public JsonNode next(String type, Duration timeout) throws InterruptedException {
        return next(message -> type.equals(message.path("type").asText()), timeout);
    }

    public boolean closed() {
        return closed;
    }

    /** Drops the connection without a goodbye, as a lost network does. */
    public void abort() {
        socket.abort();
    }

    @Override
    public void close() {
        if (!closed) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
    }
}
