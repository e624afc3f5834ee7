package org.carecall.agent.provision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

/**
 * {@code carecall provision enrol}: exchanges a one-time code with the hub for this unit's id and secret
 * and writes them into the agent's configuration, readable by its owner only. Other settings already in
 * the file are kept.
 */
public final class Provisioning {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** What enrolment got from the hub. */
    public record Enrolled(String deviceId, String hubUri) {
    }

    private Provisioning() {
    }

    /**
     * @param hub the hub's address: {@code host}, {@code host:httpPort} or {@code http://host:port}
     * @param code the code the technician was given
     * @param configFile the agent's YAML file to create or update
     */
    public static Enrolled enrol(String hub, String code, Path configFile) throws IOException, InterruptedException {
        return enrol(hub, code, configFile, false);
    }

    /**
     * The same; {@code confirm}: re-enrol even a unit the hub sees online and working (which disconnects it).
     * Without it the hub keeps such a code unused and says so, unless the technician confirmed when it was issued.
     */
    public static Enrolled enrol(String hub, String code, Path configFile, boolean confirm)
            throws IOException, InterruptedException {
        URI base = hubUrl(hub);
        HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build().send(
                HttpRequest.newBuilder(base.resolve("/api/enrol")).timeout(Duration.ofSeconds(20))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().put("code", code)
                                .put("confirm", confirm).toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode answer = JSON.readTree(response.body());
        if (response.statusCode() == 409 && answer.path("error").asText().equals("unit-online")) {
            throw new IOException("the hub kept the code: this unit is online and working, and re-enrolling it will"
                    + " disconnect it; if that is what you mean, run the same command with --confirm");
        }
        if (response.statusCode() != 200) {
            throw new IOException("the hub refused the code: " + answer.path("detail").asText(response.body()));
        }
        String deviceId = answer.path("deviceId").asText();
        String hubUri = "tcp://" + base.getHost() + ":" + answer.path("mqttPort").asInt(1883);
        write(configFile, deviceId, answer.path("secret").asText(), hubUri);
        return new Enrolled(deviceId, hubUri);
    }

    static URI hubUrl(String hub) {
        if (hub.startsWith("http://") || hub.startsWith("https://")) {
            return URI.create(hub);
        }
        return URI.create("http://" + (hub.contains(":") ? hub : hub + ":8080"));
    }

    private static void write(Path file, String deviceId, String secret, String hubUri) throws IOException {
        ObjectNode config = Files.exists(file) && Files.size(file) > 0 && YAML.readTree(file.toFile()) instanceof ObjectNode
                existing ? existing : YAML.createObjectNode();
        config.withObject("/device").put("id", deviceId).put("secret", secret);
        config.withObject("/hub").put("uri", hubUri);
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Path temporary = file.resolveSibling(file.getFileName() + ".new");
        Files.deleteIfExists(temporary);
        Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        YAML.writeValue(temporary.toFile(), config);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
