package org.carecall.hub.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.carecall.hub.store.StoreSettings;

/**
 * The hub's settings, read from YAML by {@link HubConfigLoader}. Every field has a default that works on
 * a single machine; the fields are public and plain so the YAML file and this class read alike.
 * {@link ConfigProblems} says what is wrong with them.
 */
public final class HubConfig {
    /** Where the database lives. */
    public String dataDir = "./data/hub";
    /**
     * This hub node's name among the nodes that share one PostgreSQL database (letters, digits, dot, dash,
     * underscore); unset, the machine's host name. Two nodes on one machine need a name each.
     */
    public String nodeId;
    public Mqtt mqtt = new Mqtt();
    public Http http = new Http();
    public Supervision supervision = new Supervision();
    public Limits limits = new Limits();
    public Console console = new Console();
    public Escalation escalation = new Escalation();
    public Fleet fleet = new Fleet();
    public Store store = new Store();
    public Backup backup = new Backup();
    public Family family = new Family();

    public static final class Mqtt {
        /** Where MQTT over TLS listens (every interface), and plain MQTT too when {@link #plainOnNetwork}. */
        public String host = "0.0.0.0";
        /** Plain MQTT, on loopback only unless {@link #plainOnNetwork}; 0 picks a free port (for tests). */
        public int port = 1883;
        /**
         * Plain MQTT on {@link #host} instead of loopback only: units on the network may then send their
         * secrets and calls in clear. Warned about at every start.
         */
        public boolean plainOnNetwork = false;
        /** MQTT over TLS, always open: with tlsCert and tlsKey when set, else the hub's own community CA. */
        public int tlsPort = 8883;
        /** PEM certificate chain; unset, the hub makes its own (see {@code <dataDir>/tls}). */
        public String tlsCert;
        /** PEM private key (PKCS#8). */
        public String tlsKey;
        /** The largest MQTT packet accepted; a payload itself may be at most 8 KiB. */
        public int maxMessageBytes = 16 * 1024;
        /** How long a new connection may take to send CONNECT. */
        public int connectTimeoutS = 10;
        /** The idle limit for a client that asked for no keep-alive. */
        public int maxKeepAliveS = 600;
        /**
         * Behind HAProxy (or another balancer) sending the PROXY protocol, v1 or v2: every connection on
         * the MQTT ports must then start with its header, which names the unit's own address.
         */
        public boolean proxyProtocol = false;
    }

    public static final class Http {
        /** Where HTTPS listens (every interface), and plain HTTP too when {@link #plainOnNetwork}. */
        public String host = "0.0.0.0";
        /** Plain HTTP, on loopback only unless {@link #plainOnNetwork}. */
        public int port = 8080;
        /**
         * Plain HTTP on {@link #host} instead of loopback only; browsers from the network are still sent to
         * HTTPS (but health and metrics). Warned about at every start.
         */
        public boolean plainOnNetwork = false;
        /**
         * The names and addresses phones and units reach the hub at, separated by commas, the first the one
         * redirects and enrolment commands use: the hub's own certificate covers them all. Unset: the
         * machine's host name, localhost and 127.0.0.1. Never taken from a request's Host header.
         */
        public String publicName;
        /** HTTPS for the console, always open: with tlsCert and tlsKey when set, else the hub's own CA. */
        public int tlsPort = 8443;
        /** PEM certificate chain (the server's first) for the console's name or address; unset, the hub's own. */
        public String tlsCert;
        /** PEM private key (PKCS#8). */
        public String tlsKey;
        /**
         * The plain port answers only health and metrics and sends browsers to HTTPS: every request with a
         * configured certificate, requests from other machines with the hub's own (on loopback, the machine
         * itself, the console stays usable at http://localhost).
         */
        public boolean redirectToHttps = true;
        /** A request must arrive whole within this of its connection opening, or it is closed. */
        public int requestTimeoutS = 10;
        /** A kept-alive connection with no next request is closed after this. */
        public int idleTimeoutS = 60;
        /** A console's live link that stays silent this long is closed (consoles ping every 25 s). */
        public int socketTimeoutS = 120;
        /** HTTP connections in all: the rest of the process's descriptors stay for the units. */
        public int maxConnections = 1000;
        /** HTTP connections from one address (phones behind one router share one). */
        public int maxConnectionsPerAddress = 200;
        /**
         * The token the monitoring system sends to read /metrics ({@code Authorization: Bearer}); when empty,
         * one is made at the first start in {@code <dataDir>/metrics-token}. Best given as CARECALL_METRICS_TOKEN.
         */
        public String metricsToken;
        /**
         * Whether a client on this machine (a loopback peer) reads /metrics without the token. Turn it off
         * when a reverse proxy on this machine forwards outside requests to the hub.
         */
        public boolean metricsFromLoopback = true;

        /** A certificate of the operator's own, rather than the hub's community CA. */
        public boolean ownCertificate() {
            return tlsCert != null && tlsKey != null;
        }
    }

    public static final class Supervision {
        /** A device silent (no heartbeat or message) for this long becomes a DEVICE_OFFLINE alarm. */
        public int offlineAfterS = 180;
        /** How often the supervision sweep runs. */
        public int sweepS = 5;
        /** The heartbeat interval the hub asks devices for. */
        public int heartbeatS = 60;
    }

    public static final class Escalation {
        /** How often overdue escalation steps are looked for, in milliseconds. */
        public int sweepMs = 1000;
        /** The outside channel's webhook (SMS or phone gateway); empty for none. */
        public String webhookUrl;
        /** The shared secret the webhook's body is signed with (HMAC-SHA256). */
        public String webhookSecret;
        public int webhookAttempts = 5;
        /**
         * How long a step that rang open consoles waits for one of them to show the call before it counts
         * as having reached nobody and the next step fires.
         */
        public int displayTimeoutS = 15;
        /** While every step has reached nobody, the outside channel is tried again this often. */
        public int unreachedRetryS = 60;
    }

    /**
     * News to residents' families: e-mail over SMTP (the community's relay, or postfix on the hub), and the
     * outside channel's signed webhook as {@code family.message} events when it is configured.
     */
    public static final class Family {
        /** The SMTP relay; unset, no e-mail is sent. */
        public String smtpHost;
        public int smtpPort = 25;
        /** The sender's address, such as carecall@xincheng.example.cn. */
        public String smtpFrom;
        /** A login, when the relay asks for one; its password's file (first line). */
        public String smtpUser;
        public String smtpPasswordFile;
        /** Every delivery attempt of a message, the first included, before it is given up. */
        public int attempts = 8;
        /** The wait before the second attempt, doubled after each failure up to an hour. */
        public long firstRetryMs = 30_000;
        /** How often messages that fell due are looked for (a new one is sent at once). */
        public long sweepMs = 5_000;
    }

    /** Backups of the embedded store. */
    public static final class Backup {
        /**
         * The OpenPGP public key (armoured or binary) backups are encrypted for; its private key is kept off
         * the hub. Unset: {@code backup} refuses unless {@code --plaintext} is given.
         */
        public String publicKey;
    }

    /** The database: unset means SQLite in the data directory; a URL means that PostgreSQL database. */
    public static final class Store {
        /** jdbc:postgresql://host:port/db; several hosts with targetServerType=primary. */
        public String url;
        public String user;
        public String password;
        /** A file holding the password (its first line), instead of {@link #password}. */
        public String passwordFile;
    }

    public static final class Fleet {
        /** Each unit is sent a TEST_CALL when its last passed test is older than this. */
        public int testEveryDays = 7;
        /** A unit that has not delivered its test call this long after the request has failed. */
        public int testAnswerMinutes = 15;
        /** A failed unit is asked again after this long. */
        public int testRetryMinutes = 60;
        /** At most this many units are asked per sweep (once a minute), so a new fleet is spread out. */
        public int testsPerSweep = 50;
        /**
         * The quiet hours weekly tests run in, in each community's time zone (a test at night frightens a
         * resident); each unit is asked at its own minute of them.
         */
        public String testHours = "10:00-17:00";
    }

    public static final class Console {
        /** How long a staff login lasts; a connected console slides it on, up to 24 h after login (StaffSessions). */
        public int sessionHours = 12;
        /**
         * The first start's admin password; when empty a random one is printed once. Best given as
         * CARECALL_ADMIN_PASSWORD rather than written in a file.
         */
        public String adminPassword;
        /** Further scripts the console page loads (the demo's simulator panel); served by the same hub. */
        public List<String> extraScripts = new ArrayList<>();
    }

    public static final class Limits {
        /** Messages a device may send in a burst before it is slowed... */
        public int messageBurst = 100;
        /** ...and the rate it may keep up after that. Beyond it the connection is closed and audited. */
        public int messagesPerSecond = 20;
        /**
         * Wrong secrets or passwords one address may send for one unit id or user name within a minute before
         * it must wait (1 s, doubling); three times as many for one address in all. Never per name alone.
         */
        public int failedLoginsPerMinute = 10;
        /** New connections (MQTT and HTTP, each) one address may open in a burst before authentication... */
        public int connectionBurstPerAddress = 60;
        /** ...and per second after that; 0 for no limit. Beyond it a new connection is closed at once. */
        public int connectionsPerSecondPerAddress = 10;
        /** Whether loopback addresses are limited too (off: the hub's own machine runs monitoring and benches). */
        public boolean limitLoopbackConnections = false;
        /** Days refusal counts (wrong secrets, unknown ids, failed logins) are kept; staff's audit rows are kept for ever. */
        public int refusalRetentionDays = 30;
    }

    public Path dataPath() {
        return Path.of(dataDir);
    }

    /** Which database to use, with the password read from its file when one is named. */
    public StoreSettings storeSettings() throws ConfigException {
        if (store.url == null || store.url.isBlank()) {
            return StoreSettings.EMBEDDED;
        }
        String password = store.password;
        if (store.passwordFile != null) {
            try {
                password = Files.readAllLines(Path.of(store.passwordFile)).stream().findFirst().orElse("").strip();
            } catch (IOException e) {
                throw new ConfigException("the database password file " + store.passwordFile + " cannot be read: "
                        + e.getMessage());
            }
        }
        return new StoreSettings(store.url.strip(), store.user, password);
    }

    /** MQTT over TLS with a certificate of the operator's own, rather than the hub's community CA. */
    public boolean mqttOwnCertificate() {
        return mqtt.tlsCert != null && mqtt.tlsKey != null;
    }

    /**
     * The hub's public names, the first one the name redirects and enrolment commands use: as configured,
     * else the machine's host name, localhost and 127.0.0.1.
     */
    public List<String> publicNames() {
        List<String> names = new ArrayList<>();
        if (http.publicName != null && !http.publicName.isBlank()) {
            for (String name : http.publicName.split(",")) {
                String stripped = name.strip();
                if (!stripped.isEmpty() && !names.contains(stripped)) {
                    names.add(stripped);
                }
            }
            return names;
        }
        try {
            String host = java.net.InetAddress.getLocalHost().getHostName();
            if (host.matches(HOST_NAME)) {
                names.add(host);
            }
        } catch (java.net.UnknownHostException e) {
            // localhost alone, then
        }
        for (String name : List.of("localhost", "127.0.0.1")) {
            if (!names.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }

    /** The name redirects and enrolment commands use, in a URL's form (an IPv6 address in brackets). */
    public String publicNameInUrl() {
        String name = publicNames().getFirst();
        return name.contains(":") ? "[" + name + "]" : name;
    }

    static final String HOST_NAME = "[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*";

    /** The problems of the outside channel alone: a hub refuses to start with any of them, from a file or not. */
    public List<String> outsideChannelProblems() {
        return ConfigProblems.outsideChannel(escalation);
    }

    /** Refuses settings whose outside channel is unusable, whether read from a file or made in code (as the tests'). */
    public void checkOutsideChannel() throws ConfigException {
        List<String> problems = outsideChannelProblems();
        if (!problems.isEmpty()) {
            throw new ConfigException("the hub configuration is not usable:\n  - " + String.join("\n  - ", problems));
        }
    }

    /** A loopback address or localhost, by its text alone (nothing is looked up). */
    public static boolean loopback(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return bare.equalsIgnoreCase("localhost") || bare.matches("127(\\.[0-9]{1,3}){3}") || bare.equals("::1")
                || bare.equals("0:0:0:0:0:0:0:1");
    }

    /** The node's name: as set, or the host name (or "hub" where even that cannot be found). */
    public String node() {
        if (nodeId != null && !nodeId.isBlank()) {
            return nodeId.strip();
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "-");
        } catch (java.net.UnknownHostException e) {
            return "hub";
        }
    }

    /** Every problem with the settings, in words an operator can act on; empty when all is well. */
    public List<String> problems() {
        return ConfigProblems.of(this);
    }
}
