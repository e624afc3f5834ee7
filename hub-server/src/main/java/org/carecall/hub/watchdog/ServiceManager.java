package org.carecall.hub.watchdog;

import java.io.IOException;
import java.net.DatagramPacket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * The service manager the hub runs under (systemd), spoken to with its notify protocol: one
 * AF_UNIX datagram per message to {@code $NOTIFY_SOCKET}. "READY=1" once the process serves; "WATCHDOG=1"
 * each time the process has checked that its own parts still move, so that a hung process (a stuck
 * thread, a store writer that no longer commits) stops saying so and is restarted. Outside systemd it
 * does nothing.
 */
public final class ServiceManager {
    private final String socket;
    private final Duration watchdog;

    private ServiceManager(String socket, Duration watchdog) {
        this.socket = socket;
        this.watchdog = watchdog;
    }

    public static ServiceManager fromEnvironment(Map<String, String> env) {
        String socket = env.get("NOTIFY_SOCKET");
        Duration watchdog = null;
        try {
            long micros = Long.parseLong(env.getOrDefault("WATCHDOG_USEC", "0").trim());
            watchdog = micros > 0 ? Duration.ofNanos(micros * 1000) : null;
        } catch (NumberFormatException e) {
            // not set as systemd sets it: no watchdog
        }
        return new ServiceManager(socket == null || socket.isBlank() ? null : socket, watchdog);
    }

    /** Whether the process runs under a service manager that listens. */
    public boolean present() {
        return socket != null;
    }

    /** How often the service manager wants to hear that all is well; empty when it does not watch. */
    public Optional<Duration> watchdogInterval() {
        return Optional.ofNullable(socket == null ? null : watchdog);
    }

    /** Sends one message ("READY=1", "WATCHDOG=1", "STOPPING=1", "STATUS=..."); false if it could not. */
    public boolean tell(String message) {
        if (socket == null) {
            return false;
        }
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        try (AFUNIXDatagramSocket out = AFUNIXDatagramSocket.newInstance()) {
            AFUNIXSocketAddress to = socket.startsWith("@")
                    ? AFUNIXSocketAddress.inAbstractNamespace(socket.substring(1))
                    : AFUNIXSocketAddress.of(Path.of(socket));
            out.connect(to);
            out.send(new DatagramPacket(bytes, bytes.length));
            return true;
        } catch (IOException | RuntimeException e) {
            return false; // a service manager that cannot be told must never stop the hub itself
        }
    }
}
