package org.carecall.hub.escalation;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outside channel: a JSON POST to a configured webhook, where an SMS or phone gateway takes over. The
 * body is signed ({@code X-CareCall-Signature: sha256=<hex HMAC of the body>}) so the receiver can trust
 * it, and a failed delivery is retried with growing waits on a thread of its own. Only a 2xx answer counts
 * as delivered: that is what lets escalation call a call NOTIFIED by the outside channel. Every delivery
 * carries the step's key ({@code Idempotency-Key}, and {@code key} in the signed body), so a gateway that
 * gets one step twice (a retry after a lost answer) sends its SMS once.
 */
public final class OutsideChannel {
    private static final Logger log = LoggerFactory.getLogger(OutsideChannel.class);
    public static final String SIGNATURE_HEADER = "X-CareCall-Signature";
    /** The same for every delivery of one step of one call, retries and other hub nodes alike. */
    public static final String KEY_HEADER = "Idempotency-Key";

    private final URI url;
    private final byte[] secret;
    private final int attempts;
    private final Duration firstWait;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public OutsideChannel(String url, String secret, int attempts, Duration firstWait) {
        this.url = url == null || url.isBlank() ? null : URI.create(url);
        this.secret = secret == null ? new byte[0] : secret.getBytes(StandardCharsets.UTF_8);
        this.attempts = attempts;
        this.firstWait = firstWait;
    }

    public boolean configured() {
        return url != null;
    }

    /**
     * Sends in the background and returns at once; the answer completes with true once the receiver
     * answered success, false when every attempt failed (or no channel is configured).
     */
    public CompletableFuture<Boolean> send(String key, String json) {
        CompletableFuture<Boolean> delivered = new CompletableFuture<>();
        if (url == null) {
            delivered.complete(false);
            return delivered;
        }
        Thread.ofVirtual().name("outside-channel").start(() -> delivered.complete(deliver(key, json)));
        return delivered;
    }

    private boolean deliver(String key, String json) {
        Duration wait = firstWait;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                int status = post(key, json);
                if (status / 100 == 2) {
                    return true;
                }
                log.warn("outside channel: {} answered {} (attempt {} of {})", url, status, attempt, attempts);
            } catch (java.io.IOException e) {
                log.warn("outside channel: {} unreachable: {} (attempt {} of {})", url, e.getMessage(), attempt, attempts);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            if (attempt == attempts) {
                break;
            }
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            wait = wait.multipliedBy(2);
        }
        log.error("outside channel: gave up on {} after {} attempts", url, attempts);
        return false;
    }

    /**
     * One signed POST of a body with its key, the answer's status code: for a sender that keeps its own
     * retries (the family outbox, whose messages outlive a restart). No channel configured: an IOException.
     */
    public int post(String key, String json) throws java.io.IOException, InterruptedException {
        if (url == null) {
            throw new java.io.IOException("no webhook is configured");
        }
        return http.send(HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header(SIGNATURE_HEADER, "sha256=" + sign(json))
                .header(KEY_HEADER, key)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    /** The hex HMAC-SHA256 of a body under the shared secret. */
    public String sign(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.length == 0 ? new byte[1] : secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
