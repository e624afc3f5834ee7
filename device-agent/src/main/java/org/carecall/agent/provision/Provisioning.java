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
 * {@code carecall-agent provision enrol}: exchanges a one-time code with the hub for this unit's id and
 * secret and writes them into the agent's configuration, readable by its owner only. Other settings already
 * in the file are kept. The exchange runs over HTTPS, the hub trusted by the pin the code came with (the
 * SHA-256 fingerprint of its CA, which is then saved next to the configuration for MQTT over TLS); plain
 * HTTP only to a hub on this machine. Nothing is written when the hub is not the one the pin names, and an
 * {@code ssl://} hub already set is never turned into {@code tcp://}.
 */
public final class Provisioning {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** The hub's CA, saved next to the agent's configuration. */
    public static final String CA_FILE = "hub-ca.pem";

    /** What enrolment got from the hub. */
    public record Enrolled(String deviceId, String hubUri) {
    }

    private Provisioning() {
    }

    /** The same without a pin: plain HTTP to a hub on this machine, or HTTPS the system's CAs vouch for. */
    public static Enrolled enrol(String hub, String code, Path configFile) throws IOException, InterruptedException {
        return enrol(hub, code, null, configFile);
    }

    /**
     * @param hub the hub's address: {@code https://host:port} as the console prints it, or {@code host},
     *            {@code host:port}, {@code http://host:port} for a hub on this machine
     * @param code the code the technician was given
     * @param pin {@code sha256:<hex>} of the hub's CA, as the console prints it; null for none
     * @param configFile the agent's YAML file to create or update
     */
    public static Enrolled enrol(String hub, String code, String pin, Path configFile) throws IOException, InterruptedException {
        return enrol(hub, code, pin, configFile, false);
    }

    /**
     * The same; {@code confirm}: re-enrol even a unit the hub sees online and working (which disconnects it).
     * Without it the hub keeps such a code unused and says so, unless the technician confirmed when it was issued.
     */
    public static Enrolled enrol(String hub, String code, String pin, Path configFile, boolean confirm)
            throws IOException, InterruptedException {
        URI base = hubUrl(hub, pin != null);
        HubPin pinned;
        try {
            pinned = pin == null ? null : HubPin.of(pin);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage());
        }
        boolean secure = base.getScheme().equals("https");
        if (!secure && !loopback(base.getHost())) {
            throw new IOException("refusing to fetch this unit's secret in clear text from " + base + ": use the command"
                    + " the console shows (--hub https://...:8443 ... --pin sha256:...)");
        }
        if (!secure && pinned != null) {
            throw new IOException("--pin needs the hub's https:// address, as the console shows it; got " + hub);
        }
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        if (pinned != null) {
            try {
                client.sslContext(pinned.context());
            } catch (java.security.GeneralSecurityException e) {
                throw new IOException("TLS cannot be set up: " + e.getMessage(), e);
            }
        }
        HttpResponse<String> response;
        try {
            response = client.build().send(
                    HttpRequest.newBuilder(base.resolve("/api/enrol")).timeout(Duration.ofSeconds(20))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().put("code", code)
                                    .put("confirm", confirm).toString()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof javax.net.ssl.SSLException || cause instanceof java.security.cert.CertificateException) {
                    throw new IOException("the hub at " + base + " was not trusted, nothing was changed: " + reason(e), e);
                }
            }
            throw new IOException("the hub at " + base + " cannot be reached: " + reason(e), e);
        }
        JsonNode answer = JSON.readTree(response.body());
        if (response.statusCode() == 409 && answer.path("error").asText().equals("unit-online")) {
            throw new IOException("the hub kept the code: this unit is online and working, and re-enrolling it will"
                    + " disconnect it; if that is what you mean, run the same command with --confirm");
        }
        if (response.statusCode() != 200) {
            throw new IOException("the hub refused the code: " + answer.path("detail").asText(response.body()));
        }
        String deviceId = answer.path("deviceId").asText();
        String host = base.getHost();
        String hubUri;
        Path caFile = null;
        if (secure) {
            hubUri = "ssl://" + host + ":" + answer.path("mqttTlsPort").asInt(8883);
            if (pinned != null) {
                caFile = (configFile.toAbsolutePath().getParent()).resolve(CA_FILE);
                writeCa(caFile, pinned.anchor());
            }
        } else {
            hubUri = "tcp://" + host + ":" + answer.path("mqttPort").asInt(1883);
        }
        return new Enrolled(deviceId, write(configFile, deviceId, answer.path("secret").asText(), hubUri, caFile));
    }

    /** The deepest cause's words: the one a technician can act on. */
    private static String reason(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }

    static URI hubUrl(String hub) {
        return hubUrl(hub, false);
    }

    static URI hubUrl(String hub, boolean secure) {
        if (hub.startsWith("http://") || hub.startsWith("https://")) {
            return URI.create(hub);
        }
        if (secure) {
            return URI.create("https://" + (hub.matches(".*:[0-9]+") ? hub : hub + ":8443"));
        }
        return URI.create("http://" + (hub.contains(":") ? hub : hub + ":8080"));
    }

    /** A loopback address or localhost, by its text alone. */
    static boolean loopback(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return bare.equalsIgnoreCase("localhost") || bare.matches("127(\\.[0-9]{1,3}){3}") || bare.equals("::1");
    }

    private static void writeCa(Path file, java.security.cert.X509Certificate ca) throws IOException {
        if (ca == null) {
            throw new IOException("the hub presented no CA to save");
        }
        String pem;
        try {
            pem = "-----BEGIN CERTIFICATE-----\n" + java.util.Base64.getMimeEncoder(64, "\n".getBytes(
                    java.nio.charset.StandardCharsets.US_ASCII)).encodeToString(ca.getEncoded()) + "\n-----END CERTIFICATE-----\n";
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IOException(e);
        }
        Files.createDirectories(file.getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".new");
        Files.writeString(temporary, pem);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Writes the unit's id, secret and hub; returns the hub address the file now names. */
    private static String write(Path file, String deviceId, String secret, String hubUri, Path caFile) throws IOException {
        ObjectNode config = Files.exists(file) && Files.size(file) > 0 && YAML.readTree(file.toFile()) instanceof ObjectNode
                existing ? existing : YAML.createObjectNode();
        config.withObject("/device").put("id", deviceId).put("secret", secret);
        ObjectNode hub = config.withObject("/hub");
        String before = hub.path("uri").asText("");
        if (hubUri.startsWith("tcp://") && before.startsWith("ssl://")) {
            hubUri = before; // never a step down from TLS to clear text
        } else {
            hub.put("uri", hubUri);
        }
        if (caFile != null) {
            hub.put("caFile", caFile.toString());
        }
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Path temporary = file.resolveSibling(file.getFileName() + ".new");
        Files.deleteIfExists(temporary);
        Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        YAML.writeValue(temporary.toFile(), config);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return hubUri;
    }
}
