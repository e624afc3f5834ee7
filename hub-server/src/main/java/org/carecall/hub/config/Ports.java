package org.carecall.hub.config;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks, before the hub touches its data, that every port it will listen on is free: a hub that
 * cannot open its ports must create nothing (no database, no first account whose password nobody saw)
 * and must say which port, for which part, and the setting that moves it.
 */
public final class Ports {

    /** One port the hub listens on, in words an operator recognises. */
    private record Listening(String host, int port, String part, String setting, String variable) {
    }

    private Ports() {
    }

    /**
     * Where a plain (clear-text) port listens: on loopback, the machine itself, unless the operator opened it
     * to the network on purpose.
     */
    public static String plainHost(String host, boolean onNetwork) {
        return onNetwork ? host : "127.0.0.1";
    }

    /** Throws with every port in use, each named; returns quietly when all are free. */
    public static void checkFree(HubConfig config) throws ConfigException {
        List<Listening> ports = new ArrayList<>();
        ports.add(new Listening(plainHost(config.mqtt.host, config.mqtt.plainOnNetwork), config.mqtt.port,
                "MQTT for the units", "mqtt.port", "CARECALL_MQTT_PORT"));
        ports.add(new Listening(config.mqtt.host, config.mqtt.tlsPort, "MQTT over TLS for the units", "mqtt.tlsPort",
                "CARECALL_MQTT_TLS_PORT"));
        ports.add(new Listening(plainHost(config.http.host, config.http.plainOnNetwork), config.http.port,
                "HTTP for the console", "http.port", "CARECALL_HTTP_PORT"));
        ports.add(new Listening(config.http.host, config.http.tlsPort, "HTTPS for the console", "http.tlsPort",
                "CARECALL_HTTPS_PORT"));
        List<String> problems = new ArrayList<>();
        for (Listening listening : ports) {
            if (listening.port() == 0) {
                continue; // any free port
            }
            try (ServerSocket probe = new ServerSocket()) {
                probe.bind(new InetSocketAddress(listening.host(), listening.port()));
            } catch (IOException e) {
                problems.add("port " + listening.port() + " (" + listening.part() + ") is in use on " + listening.host()
                        + "; stop what holds it, or choose another with " + listening.setting() + " or "
                        + listening.variable());
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException("cannot start: " + String.join("; ", problems));
        }
    }
}
