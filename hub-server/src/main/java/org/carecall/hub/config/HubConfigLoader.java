package org.carecall.hub.config;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.carecall.protocol.settings.SettingsProblems;
import org.carecall.protocol.settings.Variables;

/**
 * Reads the hub's YAML file (when given) and then the environment, which wins: CARECALL_DATA_DIR,
 * CARECALL_MQTT_PORT, CARECALL_MQTT_TLS_PORT, CARECALL_TLS_CERT, CARECALL_TLS_KEY, CARECALL_HTTP_PORT,
 * CARECALL_HTTPS_PORT, CARECALL_HTTPS_CERT, CARECALL_HTTPS_KEY, CARECALL_PUBLIC_NAME, CARECALL_PLAIN_ON_NETWORK,
 * CARECALL_ADMIN_PASSWORD, CARECALL_METRICS_TOKEN, and the store's
 * CARECALL_DB_URL, CARECALL_DB_USER, CARECALL_DB_PASSWORD, CARECALL_DB_PASSWORD_FILE, CARECALL_NODE_ID, and the
 * family e-mail's CARECALL_SMTP_HOST, CARECALL_SMTP_PORT, CARECALL_SMTP_FROM, CARECALL_SMTP_USER,
 * CARECALL_SMTP_PASSWORD_FILE.
 * A broken file or value is refused with a message naming the setting.
 */
public final class HubConfigLoader {
    // A section left empty, or holding only comments, reads as null in YAML: it keeps its defaults.
    private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .defaultSetterInfo(JsonSetter.Value.forValueNulls(Nulls.SKIP))
            .build();

    private HubConfigLoader() {
    }

    public static HubConfig load(Path file, Map<String, String> env) throws ConfigException {
        List<String> problems = new ArrayList<>();
        HubConfig config = file == null ? new HubConfig() : readFile(file, problems);
        applyEnvironment(config, env, problems);
        problems = SettingsProblems.together(problems, config.problems());
        if (!problems.isEmpty()) {
            throw new ConfigException("the hub configuration" + (file == null ? "" : " in " + file) + " is not usable:\n  - "
                    + String.join("\n  - ", problems));
        }
        return config;
    }

    /** CARECALL_ variables that no part of CareCall reads, each with the nearest known name. */
    public static List<String> warnings(Map<String, String> env) {
        return SettingsProblems.unknownVariables(env, Variables.all());
    }

    private static HubConfig readFile(Path file, List<String> problems) throws ConfigException {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("the configuration file " + file + " does not exist");
        }
        try {
            SettingsProblems found = new SettingsProblems();
            HubConfig config = YAML.readerFor(HubConfig.class).withHandler(found).readValue(file.toFile());
            problems.addAll(found.problems());
            return config == null ? new HubConfig() : config;
        } catch (JsonMappingException e) {
            String where = e.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
            throw new ConfigException("the configuration file " + file + " has a problem at '" + where + "': "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException("the configuration file " + file + " cannot be read: " + e.getMessage());
        }
    }

    private static void applyEnvironment(HubConfig config, Map<String, String> env, List<String> problems) {
        if (env.containsKey("CARECALL_DATA_DIR")) {
            config.dataDir = env.get("CARECALL_DATA_DIR");
        }
        if (env.containsKey("CARECALL_MQTT_PORT")) {
            config.mqtt.port = number(env, "CARECALL_MQTT_PORT", problems);
        }
        if (env.containsKey("CARECALL_MQTT_TLS_PORT")) {
            config.mqtt.tlsPort = number(env, "CARECALL_MQTT_TLS_PORT", problems);
        }
        if (env.containsKey("CARECALL_TLS_CERT")) {
            config.mqtt.tlsCert = env.get("CARECALL_TLS_CERT");
        }
        if (env.containsKey("CARECALL_TLS_KEY")) {
            config.mqtt.tlsKey = env.get("CARECALL_TLS_KEY");
        }
        if (env.containsKey("CARECALL_BACKUP_PUBLIC_KEY")) {
            config.backup.publicKey = env.get("CARECALL_BACKUP_PUBLIC_KEY");
        }
        if (env.containsKey("CARECALL_ADMIN_PASSWORD")) {
            config.console.adminPassword = env.get("CARECALL_ADMIN_PASSWORD");
        }
        if (env.containsKey("CARECALL_METRICS_TOKEN")) {
            config.http.metricsToken = env.get("CARECALL_METRICS_TOKEN");
        }
        if (env.containsKey("CARECALL_HTTPS_PORT")) {
            config.http.tlsPort = number(env, "CARECALL_HTTPS_PORT", problems);
        }
        if (env.containsKey("CARECALL_HTTPS_CERT")) {
            config.http.tlsCert = env.get("CARECALL_HTTPS_CERT");
        }
        if (env.containsKey("CARECALL_HTTPS_KEY")) {
            config.http.tlsKey = env.get("CARECALL_HTTPS_KEY");
        }
        if (env.containsKey("CARECALL_HTTP_PORT")) {
            config.http.port = number(env, "CARECALL_HTTP_PORT", problems);
        }
        if (env.containsKey("CARECALL_PUBLIC_NAME")) {
            config.http.publicName = env.get("CARECALL_PUBLIC_NAME");
        }
        if (env.containsKey("CARECALL_PLAIN_ON_NETWORK")) {
            String value = env.get("CARECALL_PLAIN_ON_NETWORK").strip().toLowerCase(java.util.Locale.ROOT);
            if (!value.equals("true") && !value.equals("false")) {
                problems.add("CARECALL_PLAIN_ON_NETWORK must be true or false; got '" + env.get("CARECALL_PLAIN_ON_NETWORK") + "'");
            } else {
                config.http.plainOnNetwork = value.equals("true");
                config.mqtt.plainOnNetwork = value.equals("true");
            }
        }
        if (env.containsKey("CARECALL_SMTP_HOST")) {
            config.family.smtpHost = env.get("CARECALL_SMTP_HOST");
        }
        if (env.containsKey("CARECALL_SMTP_PORT")) {
            config.family.smtpPort = number(env, "CARECALL_SMTP_PORT", problems);
        }
        if (env.containsKey("CARECALL_SMTP_FROM")) {
            config.family.smtpFrom = env.get("CARECALL_SMTP_FROM");
        }
        if (env.containsKey("CARECALL_SMTP_USER")) {
            config.family.smtpUser = env.get("CARECALL_SMTP_USER");
        }
        if (env.containsKey("CARECALL_SMTP_PASSWORD_FILE")) {
            config.family.smtpPasswordFile = env.get("CARECALL_SMTP_PASSWORD_FILE");
        }
        if (env.containsKey("CARECALL_NODE_ID")) {
            config.nodeId = env.get("CARECALL_NODE_ID");
        }
        if (env.containsKey("CARECALL_DB_URL")) {
            config.store.url = env.get("CARECALL_DB_URL");
        }
        if (env.containsKey("CARECALL_DB_USER")) {
            config.store.user = env.get("CARECALL_DB_USER");
        }
        if (env.containsKey("CARECALL_DB_PASSWORD")) {
            config.store.password = env.get("CARECALL_DB_PASSWORD");
        }
        if (env.containsKey("CARECALL_DB_PASSWORD_FILE")) {
            config.store.passwordFile = env.get("CARECALL_DB_PASSWORD_FILE");
        }
    }

    private static int number(Map<String, String> env, String name, List<String> problems) {
        try {
            return Integer.parseInt(env.get(name).trim());
        } catch (NumberFormatException e) {
            problems.add(name + " must be a whole number; got '" + env.get(name) + "'");
            return 0;
        }
    }
}
