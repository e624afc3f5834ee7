package org.carecall.agent.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.carecall.protocol.settings.SettingsProblems;

/**
 * Reads the agent's YAML file, then the environment, which wins: CARECALL_HUB (the hub's address),
 * CARECALL_HUB_ALLOW_PLAIN, CARECALL_DATA_DIR, CARECALL_DEVICE_ID, CARECALL_DEVICE_SECRET. A configuration that cannot work is
 * refused with every problem listed, so a technician can fix them in one go.
 */
public final class AgentConfigLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private AgentConfigLoader() {
    }

    /** A refused configuration; the message lists what to fix. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        public Refused(String message) {
            super(message);
        }
    }

    public static AgentConfig load(Path file, Map<String, String> env, boolean simulate) throws Refused {
        List<String> fileProblems = new java.util.ArrayList<>();
        AgentConfig config = file == null ? new AgentConfig() : read(file, fileProblems);
        // A section written but left empty ("gpio:") reads as null; problems() refuses it in words, so the
        // environment and --simulate are applied only to sections that are there.
        if (config.hub != null && env.containsKey("CARECALL_HUB")) {
            // One hub, or a district's nodes separated by commas: tcp://hub-a:1883,tcp://hub-b:1883
            List<String> hubs = java.util.Arrays.stream(env.get("CARECALL_HUB").split(",")).map(String::trim).toList();
            config.hub.uri = hubs.getFirst();
            config.hub.uris = hubs.size() > 1 ? hubs : null;
        }
        if (config.hub != null && env.containsKey("CARECALL_HUB_ALLOW_PLAIN")) {
            String allow = env.get("CARECALL_HUB_ALLOW_PLAIN").strip();
            if (allow.equalsIgnoreCase("true") || allow.equalsIgnoreCase("false")) {
                config.hub.allowPlain = allow.equalsIgnoreCase("true");
            } else {
                fileProblems.add("CARECALL_HUB_ALLOW_PLAIN must be true or false; got '" + allow + "'");
            }
        }
        if (env.containsKey("CARECALL_DATA_DIR")) {
            config.dataDir = env.get("CARECALL_DATA_DIR");
        }
        if (config.device != null && env.containsKey("CARECALL_DEVICE_ID")) {
            config.device.id = env.get("CARECALL_DEVICE_ID");
        }
        if (config.device != null && env.containsKey("CARECALL_DEVICE_SECRET")) {
            config.device.secret = env.get("CARECALL_DEVICE_SECRET");
        }
        if (config.gpio != null && simulate) {
            config.gpio.provider = "mock";
        }
        if (config.hub != null) {
            config.hub.uri = normaliseUri(config.hub.uri);
            if (config.hub.uris != null) {
                config.hub.uris = config.hub.uris.stream().map(AgentConfigLoader::normaliseUri).toList();
            }
        }
        List<String> problems = SettingsProblems.together(fileProblems, config.problems()); // every mistake at once
        if (!problems.isEmpty()) {
            throw new Refused("the agent cannot start with this configuration" + (file == null ? "" : " (" + file + ")")
                    + ":\n  - " + String.join("\n  - ", problems));
        }
        return config;
    }

    /** {@code host} and {@code host:port} become {@code tcp://host:port}. */
    static String normaliseUri(String uri) {
        if (uri == null || uri.isBlank() || uri.contains("://")) {
            return uri;
        }
        return uri.contains(":") ? "tcp://" + uri : "tcp://" + uri + ":1883";
    }

    private static AgentConfig read(Path file, List<String> problems) throws Refused {
        if (!Files.isRegularFile(file)) {
            throw new Refused("the configuration file " + file + " does not exist");
        }
        try {
            SettingsProblems found = new SettingsProblems();
            AgentConfig config = YAML.readerFor(AgentConfig.class).withHandler(found).readValue(file.toFile());
            problems.addAll(found.problems());
            return config == null ? new AgentConfig() : config;
        } catch (JsonMappingException e) {
            String where = e.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
            throw new Refused("the configuration file " + file + " has a problem at '" + where + "': "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new Refused("the configuration file " + file + " cannot be read: " + e.getMessage());
        }
    }
}
