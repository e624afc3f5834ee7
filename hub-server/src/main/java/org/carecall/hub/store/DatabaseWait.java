package org.carecall.hub.store;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A hub whose PostgreSQL database cannot be reached at start waits for it rather than exit or half start:
 * it tries again with a growing pause (up to 30 s), says so once per try, and meanwhile answers only
 * {@code /healthz}, with 503, on its HTTP port. No MQTT port is open, so no unit is acknowledged; units
 * keep their calls and retry. A database that answers but refuses (a wrong password, no such database)
 * is not waited for: that is a setting to fix, and the hub stops with its sentence.
 */
public final class DatabaseWait {
    /** Connection refused or lost, or the server still starting or shutting down: worth waiting for. */
    private static final Set<String> WORTH_WAITING = Set.of("08001", "08004", "08006", "57P01", "57P02", "57P03");
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(30);

    private DatabaseWait() {
    }

    /** Returns once the database accepts a login; throws at once for a refusal that waiting cannot mend. */
    public static void untilReachable(StoreSettings settings, String httpHost, int httpPort, Consumer<String> say)
            throws SQLException, InterruptedException {
        SQLException first = tryOnce(settings);
        if (first == null) {
            return;
        }
        HttpServer waiting = unhealthy(httpHost, httpPort, settings);
        try {
            Duration pause = Duration.ofSeconds(1);
            for (SQLException failure = first; failure != null; failure = tryOnce(settings)) {
                say.accept(PostgresProblems.sentence(settings, failure).getMessage() + "; trying again in "
                        + pause.toSeconds() + " s (/healthz answers 503 meanwhile)");
                Thread.sleep(pause.toMillis());
                pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
            }
        } finally {
            if (waiting != null) {
                waiting.stop(0);
            }
        }
    }

    /** Null when a login succeeded; the failure when waiting may mend it; thrown when it cannot. */
    private static SQLException tryOnce(StoreSettings settings) throws SQLException {
        try (Connection connection = DriverManager.getConnection(settings.url(), settings.user(), settings.password())) {
            return null;
        } catch (SQLException e) {
            if (WORTH_WAITING.contains(String.valueOf(e.getSQLState()))) {
                return e;
            }
            throw PostgresProblems.sentence(settings, e);
        }
    }

    /** The HTTP port answers /healthz with 503 while the hub waits; null if the port cannot be had. */
    private static HttpServer unhealthy(String host, int port, StoreSettings settings) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
            byte[] body = ("{\"status\":\"waiting\",\"store\":\"waiting for the database at " + settings.where()
                    + "\"}").getBytes(StandardCharsets.UTF_8);
            server.createContext("/", exchange -> {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(503, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            return null; // the hub's own start will name the port that is in use
        }
    }
}
