package org.carecall.hub.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The staff API as a console uses it: JSON over HTTP with a bearer token. */
public final class TestConsole {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** An answer: the status and the JSON body. */
    public record Answer(int status, JsonNode body) {
        public String text(String field) {
            return body.path(field).asText();
        }
    }

    private final int port;
    private final String token;
    private final HttpClient http;

    private TestConsole(int port, String token) {
        this(port, token, HTTP);
    }

    private TestConsole(int port, String token, HttpClient http) {
        this.port = port;
        this.token = token;
        this.http = http;
    }

    /**
     * A console that has not logged in, on a phone at another loopback address (127.0.0.2, say): Linux
     * answers all of 127/8, so a test can play a worker and a stranger at two addresses on one machine.
     */
    public static TestConsole from(String localAddress, int port) throws IOException {
        return new TestConsole(port, null, HttpClient.newBuilder().localAddress(InetAddress.getByName(localAddress)).build());
    }

    /** A console that has not logged in: every staff path should answer 401. */
    public static TestConsole anonymous(int port) {
        return new TestConsole(port, null);
    }

    /** A console holding a token it got earlier. */
    public static TestConsole withToken(int port, String token) {
        return new TestConsole(port, token);
    }

    public static TestConsole login(int port, String username, String password) throws Exception {
        Answer answer = anonymous(port).post("/api/session", JSON.createObjectNode().put("username", username)
                .put("password", password).toString());
        if (answer.status() != 200) {
            throw new IllegalStateException("login as " + username + " failed: " + answer);
        }
        return new TestConsole(port, answer.text("token"));
    }

    public String token() {
        return token;
    }

    public Answer get(String path) throws IOException, InterruptedException {
        return send("GET", path, null);
    }

    public Answer post(String path, String json) throws IOException, InterruptedException {
        return send("POST", path, json);
    }

    public Answer put(String path, String json) throws IOException, InterruptedException {
        return send("PUT", path, json);
    }

    public Answer delete(String path) throws IOException, InterruptedException {
        return send("DELETE", path, null);
    }

    public Answer send(String method, String path, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
        return new Answer(response.statusCode(), body);
    }
}
