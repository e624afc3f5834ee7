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

/**
 * A console's live connection to {@code /ws}, with the JDK's WebSocket client; messages are queued for the
 * test. Made {@link #confirmingWhatRings()}, it does what the browser console does with a ringing call:
 * tells the hub it was shown, once per call.
 */
public final class TestLiveConsole implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private final Set<String> callsShown = ConcurrentHashMap.newKeySet();
    private final WebSocket socket;
    private final Set<String> confirmed = ConcurrentHashMap.newKeySet();
    private volatile boolean confirming;
    private volatile boolean closed;
    /** Pings as the browser console does, so a long test's console is not closed for silence. */
    private final java.util.concurrent.ScheduledExecutorService pinger = java.util.concurrent.Executors
            .newSingleThreadScheduledExecutor(Thread.ofVirtual().factory());

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
                                confirmRinging(message);
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
        pinger.scheduleWithFixedDelay(() -> {
            if (!closed) {
                try {
                    send("{\"type\":\"ping\"}");
                } catch (RuntimeException e) {
                    // closed meanwhile
                }
            }
        }, 25, 25, TimeUnit.SECONDS);
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

    /** One send at a time: the JDK's WebSocket refuses a send while another is pending. */
    public synchronized void send(String json) {
        socket.sendText(json, true).join();
    }

    /** From now on, every call that rings for this console is confirmed as shown, as a browser does. */
    public TestLiveConsole confirmingWhatRings() {
        confirming = true;
        return this;
    }

    /** Tells the hub this console showed the call. */
    public void shown(String alarmId) {
        send("{\"type\":\"shown\",\"alarmId\":\"" + alarmId + "\"}");
    }

    private void confirmRinging(JsonNode message) {
        if (!confirming) {
            return;
        }
        java.util.List<JsonNode> alarms = new java.util.ArrayList<>();
        message.path("alarms").forEach(alarms::add);
        if (message.path("alarm").has("id")) {
            alarms.add(message.path("alarm"));
        }
        for (JsonNode alarm : alarms) {
            boolean ringing = alarm.path("ringingForMe").asBoolean() || alarm.path("ringingEveryone").asBoolean();
            String state = alarm.path("state").asText();
            if (ringing && (state.equals("RECEIVED") || state.equals("NOTIFIED"))
                    && confirmed.add(alarm.path("id").asText())) {
                Thread.ofVirtual().start(() -> shown(alarm.path("id").asText())); // not on the listener's thread
            }
        }
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
        pinger.shutdownNow();
        socket.abort();
    }

    @Override
    public void close() {
        pinger.shutdownNow();
        if (!closed) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
    }
}
