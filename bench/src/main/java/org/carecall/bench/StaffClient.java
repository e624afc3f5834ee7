package org.carecall.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * A member of staff as the console is one: logged in over HTTP, listening on {@code /ws}, and taking calls
 * with {@code POST /api/alarms/{id}/acknowledge}. Each {@code alarm.raised} is handed on with the time it
 * arrived. Like a console, it confirms each call that rings for it as shown, which is what makes a call
 * NOTIFIED.
 */
public final class StaffClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final String baseUrl;
    private final String token;
    private final java.util.Set<String> shown = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private WebSocket socket;
    private final java.util.concurrent.ScheduledExecutorService pinger = java.util.concurrent.Executors
            .newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon(true).factory());

    private StaffClient(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    public static StaffClient login(String baseUrl, String username, String password) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String body = JSON.createObjectNode().put("username", username).put("password", password).toString();
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/session"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IOException("login refused: " + answer.body());
        }
        return new StaffClient(baseUrl, JSON.readTree(answer.body()).path("token").asText());
    }

    /** Opens the live stream; {@code raised} gets each new call's id and the nanoTime it arrived. */
    public void listen(BiConsumer<String, Long> raised) throws Exception {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        socket = http.newWebSocketBuilder().buildAsync(URI.create(baseUrl.replace("http:", "ws:") + "/ws"),
                new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        long now = System.nanoTime();
                        text.append(data);
                        if (last) {
                            handle(text.toString(), now);
                            text.setLength(0);
                        }
                        ws.request(1);
                        return null;
                    }

                    private void handle(String message, long now) {
                        try {
                            JsonNode event = JSON.readTree(message);
                            switch (event.path("type").asText()) {
                                case "ready" -> ready.complete(null);
                                case "alarm.raised" -> raised.accept(event.path("alarm").path("id").asText(), now);
                                default -> { }
                            }
                            confirmIfRinging(event.path("alarm"));
                        } catch (IOException e) {
                            ready.completeExceptionally(e);
                        }
                    }
                }).get(10, TimeUnit.SECONDS);
        sendNow(JSON.createObjectNode().put("type", "auth").put("token", token).toString());
        ready.get(30, TimeUnit.SECONDS);
        // As the browser console does: the hub closes a live link that stays silent.
        pinger.scheduleWithFixedDelay(() -> sendNow("{\"type\":\"ping\"}"), 25, 25, TimeUnit.SECONDS);
    }

    private void confirmIfRinging(JsonNode alarm) {
        boolean ringing = alarm.path("ringingForMe").asBoolean() || alarm.path("ringingEveryone").asBoolean();
        String state = alarm.path("state").asText();
        if (ringing && (state.equals("RECEIVED") || state.equals("NOTIFIED")) && shown.add(alarm.path("id").asText())) {
            sendNow(JSON.createObjectNode().put("type", "shown").put("alarmId", alarm.path("id").asText()).toString());
        }
    }

    /** One send at a time: the JDK's WebSocket refuses a send while another is pending. */
    private synchronized void sendNow(String text) {
        try {
            socket.sendText(text, true).join();
        } catch (RuntimeException e) {
            // the link is gone; the benchmark counts what it missed
        }
    }

    /** "I'm coming": completes with the HTTP status. */
    public CompletableFuture<Integer> acknowledge(String alarmId) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(baseUrl + "/api/alarms/" + alarmId + "/acknowledge"))
                        .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode);
    }

    /** Closes a call with an outcome and a note; completes with the HTTP status. */
    public CompletableFuture<Integer> resolve(String alarmId, String outcome, String note) {
        String body = JSON.createObjectNode().put("outcome", outcome).put("note", note).toString();
        return http.sendAsync(HttpRequest.newBuilder(URI.create(baseUrl + "/api/alarms/" + alarmId + "/resolve"))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode);
    }

    @Override
    public void close() {
        pinger.shutdownNow();
        if (socket != null) {
            socket.abort();
        }
    }
}
