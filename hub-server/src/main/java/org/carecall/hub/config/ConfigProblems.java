package org.carecall.hub.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What is wrong with a {@link HubConfig}, in words an operator can act on, each naming the setting by its
 * path in the YAML file.
 *
 * <p>Guarantees: every problem is found at once (none hides another); nothing is looked up on the network
 * or changed, only a named password file is checked for being readable.
 */
final class ConfigProblems {
    private static final String ADDRESS = "[0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*";

    private ConfigProblems() {
    }

    /** The problems of the outside channel alone: a hub refuses to start with any of them, from a file or not. */
    static List<String> outsideChannel(HubConfig.Escalation escalation) {
        List<String> problems = new ArrayList<>();
        if (escalation.webhookUrl == null || escalation.webhookUrl.isBlank()) {
            return problems;
        }
        java.net.URI url;
        try {
            url = new java.net.URI(escalation.webhookUrl.strip());
        } catch (java.net.URISyntaxException e) {
            problems.add("escalation.webhookUrl is not a URL: " + e.getMessage());
            return problems;
        }
        String host = url.getHost() == null ? "" : url.getHost();
        if ("https".equalsIgnoreCase(url.getScheme())) {
            if (host.isEmpty()) {
                problems.add("escalation.webhookUrl names no host: '" + escalation.webhookUrl + "'");
            }
        } else if (!"http".equalsIgnoreCase(url.getScheme()) || !HubConfig.loopback(host)) {
            problems.add("escalation.webhookUrl must be https:// (plain http:// only to this machine, such as"
                    + " http://127.0.0.1:8099/ for a local gateway); got '" + escalation.webhookUrl + "'");
        }
        int secretBytes = escalation.webhookSecret == null ? 0
                : escalation.webhookSecret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (secretBytes < 32) {
            problems.add("escalation.webhookSecret must be at least 32 bytes with a webhook (the receiver checks the"
                    + " signature with it; `openssl rand -hex 32` makes one); got " + secretBytes);
        }
        return problems;
    }

    /** Every problem with the settings, in words an operator can act on; empty when all is well. */
    static List<String> of(HubConfig config) {
        List<String> problems = new ArrayList<>();
        if (config.dataDir == null || config.dataDir.isBlank()) {
            problems.add("dataDir is empty");
        }
        if (config.nodeId != null && !config.nodeId.isBlank() && !config.nodeId.strip().matches("[A-Za-z0-9._-]{1,64}")) {
            problems.add("nodeId may hold only letters, digits, '.', '-' and '_' (at most 64); got '" + config.nodeId + "'");
        }
        port("mqtt.port", config.mqtt.port, problems);
        port("mqtt.tlsPort", config.mqtt.tlsPort, problems);
        port("http.port", config.http.port, problems);
        port("http.tlsPort", config.http.tlsPort, problems);
        if (config.http.publicName != null) {
            if (config.publicNames().isEmpty()) {
                problems.add("http.publicName (CARECALL_PUBLIC_NAME) is set but names nothing");
            }
            for (String name : config.publicNames()) {
                if (name.length() > 253 || !name.matches(HubConfig.HOST_NAME) && !name.matches(ADDRESS)) {
                    problems.add("http.publicName (CARECALL_PUBLIC_NAME): '" + name + "' is neither a host name nor an"
                            + " IP address");
                }
            }
        }
        if ((config.http.tlsCert == null) != (config.http.tlsKey == null)) {
            problems.add("http.tlsCert and http.tlsKey must be set together");
        }
        if ((config.mqtt.tlsCert == null) != (config.mqtt.tlsKey == null)) {
            problems.add("mqtt.tlsCert and mqtt.tlsKey must be set together");
        }
        if (config.mqtt.maxMessageBytes < 9 * 1024) {
            problems.add("mqtt.maxMessageBytes must be at least 9216, to carry an 8 KiB payload and its topic");
        }
        positive("mqtt.connectTimeoutS", config.mqtt.connectTimeoutS, problems);
        positive("mqtt.maxKeepAliveS", config.mqtt.maxKeepAliveS, problems);
        positive("supervision.offlineAfterS", config.supervision.offlineAfterS, problems);
        positive("supervision.sweepS", config.supervision.sweepS, problems);
        if (config.supervision.heartbeatS < 5 || config.supervision.heartbeatS > 3600) {
            problems.add("supervision.heartbeatS must be between 5 and 3600");
        }
        positive("limits.messageBurst", config.limits.messageBurst, problems);
        positive("limits.messagesPerSecond", config.limits.messagesPerSecond, problems);
        positive("limits.failedLoginsPerMinute", config.limits.failedLoginsPerMinute, problems);
        positive("limits.connectionBurstPerAddress", config.limits.connectionBurstPerAddress, problems);
        positive("limits.refusalRetentionDays", config.limits.refusalRetentionDays, problems);
        if (config.limits.connectionsPerSecondPerAddress < 0) {
            problems.add("limits.connectionsPerSecondPerAddress must be 0 (no limit) or more");
        }
        positive("console.sessionHours", config.console.sessionHours, problems);
        positive("http.requestTimeoutS", config.http.requestTimeoutS, problems);
        positive("http.idleTimeoutS", config.http.idleTimeoutS, problems);
        positive("http.socketTimeoutS", config.http.socketTimeoutS, problems);
        positive("http.maxConnections", config.http.maxConnections, problems);
        positive("http.maxConnectionsPerAddress", config.http.maxConnectionsPerAddress, problems);
        positive("escalation.sweepMs", config.escalation.sweepMs, problems);
        positive("escalation.webhookAttempts", config.escalation.webhookAttempts, problems);
        positive("escalation.displayTimeoutS", config.escalation.displayTimeoutS, problems);
        positive("escalation.unreachedRetryS", config.escalation.unreachedRetryS, problems);
        problems.addAll(outsideChannel(config.escalation));
        store(config.store, problems);
        positive("fleet.testEveryDays", config.fleet.testEveryDays, problems);
        positive("fleet.testAnswerMinutes", config.fleet.testAnswerMinutes, problems);
        positive("fleet.testRetryMinutes", config.fleet.testRetryMinutes, problems);
        positive("fleet.testsPerSweep", config.fleet.testsPerSweep, problems);
        try {
            TestHours.parse(config.fleet.testHours);
        } catch (IllegalArgumentException e) {
            problems.add("fleet.testHours: " + e.getMessage());
        }
        return problems;
    }

    private static void store(HubConfig.Store store, List<String> problems) {
        if (store.url == null || store.url.isBlank()) {
            if (store.user != null || store.password != null || store.passwordFile != null) {
                problems.add("store.user and store.password mean nothing without store.url (CARECALL_DB_URL)");
            }
            return;
        }
        if (!store.url.strip().matches("jdbc:postgresql://[^/?#\\s]+/[^/?#\\s]+(\\?\\S*)?")) {
            problems.add("store.url must be a PostgreSQL JDBC URL such as jdbc:postgresql://db1:5432/carecall; got '"
                    + store.url + "'");
        }
        if (store.user == null || store.user.isBlank()) {
            problems.add("store.user (CARECALL_DB_USER) is needed with store.url");
        }
        if (store.password != null && store.passwordFile != null) {
            problems.add("store.password and store.passwordFile are two answers to one question: give one");
        } else if (store.passwordFile != null && !Files.isReadable(Path.of(store.passwordFile))) {
            problems.add("store.passwordFile " + store.passwordFile + " cannot be read");
        }
    }

    private static void port(String name, int value, List<String> problems) {
        if (value < 0 || value > 65535) {
            problems.add(name + " must be a port number from 0 to 65535; got " + value);
        }
    }

    private static void positive(String name, int value, List<String> problems) {
        if (value <= 0) {
            problems.add(name + " must be greater than 0; got " + value);
        }
    }
}
