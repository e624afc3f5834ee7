package org.carecall.protocol.settings;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every environment variable CareCall reads, with what it sets and its default: the one list that the
 * help of each command prints, and that an unknown CARECALL_ variable is checked against (a variable of
 * the agent in the hub's environment is not a mistake; a name no part knows is).
 */
public final class Variables {
    /** The hub's variables, in the order its help lists them. */
    public static final Map<String, String> HUB = ordered(
            "CARECALL_DATA_DIR", "where the hub's database lives (default ./data/hub; the demo's ./data/demo)",
            "CARECALL_MQTT_PORT", "plain MQTT for the units, on this machine only (default 1883)",
            "CARECALL_MQTT_TLS_PORT", "MQTT over TLS for the units, on every interface (default 8883)",
            "CARECALL_TLS_CERT", "PEM certificate chain for MQTT over TLS (default none: the hub's own CA, in <data>/tls)",
            "CARECALL_TLS_KEY", "PKCS#8 PEM key for MQTT over TLS (default none)",
            "CARECALL_HTTP_PORT", "HTTP: the console, API and live stream, on this machine only (default 8080)",
            "CARECALL_HTTPS_PORT", "HTTPS for the console, on every interface (default 8443)",
            "CARECALL_HTTPS_CERT", "PEM certificate chain for the console's HTTPS (default none: the hub's own CA)",
            "CARECALL_HTTPS_KEY", "PKCS#8 PEM key for the console's HTTPS (default none)",
            "CARECALL_PUBLIC_NAME", "the hub's names for phones and units, comma-separated; the first in links and"
                    + " enrolment commands (default: the host name, localhost, 127.0.0.1)",
            "CARECALL_PLAIN_ON_NETWORK", "true opens plain HTTP and MQTT to the network, warned at each start (default false)",
            "CARECALL_ADMIN_PASSWORD", "the first admin's password, or the one reset-admin-password sets (default: generated)",
            "CARECALL_METRICS_TOKEN", "the token Prometheus sends to read /metrics (default: made at the first start in <data dir>/metrics-token)",
            "CARECALL_BACKUP_PUBLIC_KEY", "the OpenPGP public key file backups are encrypted for (default none: backup refuses without --plaintext)",
            "CARECALL_BACKUP_KEY_PASSPHRASE", "the passphrase of the private key restore --key reads (default: none, or asked for)",
            "CARECALL_DB_URL", "a PostgreSQL store, jdbc:postgresql://host:port/db (default none: SQLite in the data directory)",
            "CARECALL_DB_USER", "the PostgreSQL user (default none)",
            "CARECALL_DB_PASSWORD", "the PostgreSQL user's password (default none)",
            "CARECALL_DB_PASSWORD_FILE", "a file holding that password, for secrets kept out of the environment (default none)",
            "CARECALL_NODE_ID", "this hub node's name among the nodes on one PostgreSQL database (default: the host name)",
            "CARECALL_SMTP_HOST", "the SMTP relay family news is mailed through (default none: no e-mail)",
            "CARECALL_SMTP_PORT", "its port (default 25; STARTTLS is used when the relay offers it)",
            "CARECALL_SMTP_FROM", "the address family news is sent from (default none)",
            "CARECALL_SMTP_USER", "the relay's login, when it asks for one (default none)",
            "CARECALL_SMTP_PASSWORD_FILE", "a file holding that login's password, its first line (default none)");

    /** The agent's variables. */
    public static final Map<String, String> AGENT = ordered(
            "CARECALL_HUB", "the hub's address, tcp://host:port or ssl://host:port (default tcp://127.0.0.1:1883); several hub nodes separated by commas",
            "CARECALL_DATA_DIR", "where the unit's outbox lives (default ./data/agent)",
            "CARECALL_DEVICE_ID", "the unit's id, as registered on the hub (default none)",
            "CARECALL_DEVICE_SECRET", "the unit's secret (default none; provision enrol writes it)",
            "CARECALL_HUB_ALLOW_PLAIN", "true lets the unit use tcp:// to a hub on another machine (default false: ssl:// only)");

    /** The launcher's own. */
    public static final Map<String, String> LAUNCHER = ordered(
            "CARECALL_JAVA_OPTS", "extra options for the Java runtime of every command (default none)",
            "CARECALL_BENCH_HUB_OPTS", "extra Java options for the hub the benchmarks start (default none)");

    private Variables() {
    }

    /** Whether any part of CareCall reads this variable. */
    public static boolean known(String name) {
        return HUB.containsKey(name) || AGENT.containsKey(name) || LAUNCHER.containsKey(name);
    }

    public static java.util.Set<String> all() {
        java.util.Set<String> all = new java.util.TreeSet<>(HUB.keySet());
        all.addAll(AGENT.keySet());
        all.addAll(LAUNCHER.keySet());
        return all;
    }

    /** The lines a command's help prints for its variables. */
    public static String help(Map<String, String> variables) {
        StringBuilder text = new StringBuilder();
        variables.forEach((name, meaning) -> text.append("  ").append(String.format("%-24s", name)).append(meaning)
                .append('\n'));
        return text.toString();
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
