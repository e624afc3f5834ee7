package org.carecall.hub.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.carecall.hub.support.TestCommunity;
import org.carecall.hub.support.TestDevice;
import org.carecall.hub.support.TestHub;
import org.carecall.protocol.AlarmState;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The HTTP endpoint under abuse: a thousand connections that each send half a request header and then
 * nothing are closed within the request timeout, while the console and /healthz answer and units still
 * connect and call; past the per-address cap a connection is closed at once.
 */
@Tag("security")
class HttpUnderAbuseTest {
    private static final int HALF_SENT = 1000;

    @Test
    void aThousandHalfSentRequestsAreClosedWhileTheConsoleAndTheUnitsCarryOn() throws Exception {
        try (TestHub hub = TestHub.start(config -> {
            config.http.requestTimeoutS = 3;
            config.http.maxConnections = 2000;
            config.http.maxConnectionsPerAddress = 2000;
        })) {
            List<Socket> slow = new ArrayList<>();
            try {
                for (int i = 0; i < HALF_SENT; i++) {
                    Socket socket = new Socket();
                    socket.connect(new InetSocketAddress("127.0.0.1", hub.hub().httpPort()), 2000);
                    socket.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: hub\r\nX-Wait: ".getBytes(StandardCharsets.US_ASCII));
                    slow.add(socket);
                }
                long opened = System.nanoTime();

                // Meanwhile the console and the health check answer, and a unit's call gets through.
                HttpClient http = HttpClient.newHttpClient();
                assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.hub().httpPort() + "/healthz"))
                        .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
                assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.hub().httpPort() + "/"))
                        .build(), HttpResponse.BodyHandlers.ofString()).body()).contains("CareCall");
                try (TestDevice unit = TestCommunity.create(hub.hub()).connectUnit()) {
                    unit.send(unit.newAlarm());
                    assertThat(unit.receipt(Duration.ofSeconds(10), AlarmState.RECEIVED)).isNotNull();
                }

                int closed = 0;
                long deadline = opened + Duration.ofSeconds(15).toNanos(); // bounded however the hub behaves
                for (Socket socket : slow) {
                    socket.setSoTimeout((int) Math.max(1, Duration.ofNanos(deadline - System.nanoTime()).toMillis()));
                    if (endOfStream(socket.getInputStream())) {
                        closed++;
                    }
                }
                long seconds = Duration.ofNanos(System.nanoTime() - opened).toSeconds();
                assertThat(closed).as("half-sent requests closed by the hub").isEqualTo(HALF_SENT);
                System.out.printf("http abuse: %d half-sent requests, all closed within %d s of opening%n", closed, seconds);
            } finally {
                for (Socket socket : slow) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void pastThePerAddressCapAConnectionIsClosedAtOnce() throws Exception {
        try (TestHub hub = TestHub.start(config -> config.http.maxConnectionsPerAddress = 5)) {
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < 6; i++) {
                    held.add(new Socket("127.0.0.1", hub.hub().httpPort()));
                }
                int closed = 0;
                for (Socket socket : held) {
                    socket.setSoTimeout(1000);
                    closed += endOfStream(socket.getInputStream()) ? 1 : 0;
                }
                // The hub accepts in its own order: whichever came sixth is the one it closed.
                assertThat(closed).as("of six connections from one address, with a cap of five").isEqualTo(1);
            } finally {
                for (Socket socket : held) {
                    socket.close();
                }
            }
        }
    }

    /** True when the other side closed (end of stream or reset), false when it is still open at the timeout. */
    private static boolean endOfStream(InputStream in) throws Exception {
        try {
            while (true) {
                int read = in.read();
                if (read < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }
}
