package org.carecall.hub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HubConfigLoaderTest {

    @Test
    void withoutAFileTheDefaultsServeASingleMachine() throws Exception {
        HubConfig config = HubConfigLoader.load(null, Map.of());

        assertThat(config.mqtt.port).isEqualTo(1883);
        assertThat(config.mqtt.tlsPort).isEqualTo(8883);
        assertThat(config.http.port).isEqualTo(8080);
        assertThat(config.mqttOwnCertificate()).isFalse();
    }

    @Test
    void theFileIsReadAndTheEnvironmentWins() throws Exception {
        Path file = Files.createTempFile("hub", ".yaml");
        Files.writeString(file, """
                dataDir: /var/lib/carecall
                mqtt:
                  port: 1999
                supervision:
                  offlineAfterS: 240
                """);

        HubConfig config = HubConfigLoader.load(file, Map.of("CARECALL_MQTT_PORT", "2883", "CARECALL_HTTP_PORT", "9090",
                "CARECALL_DATA_DIR", "/tmp/cc"));

        assertThat(config.mqtt.port).isEqualTo(2883);
        assertThat(config.http.port).isEqualTo(9090);
        assertThat(config.dataDir).isEqualTo("/tmp/cc");
        assertThat(config.supervision.offlineAfterS).isEqualTo(240);
    }

    @Test
    void theShippedExampleLoadsAndASectionOfOnlyCommentsKeepsItsDefaults() throws Exception {
        HubConfig config = HubConfigLoader.load(Path.of("packaging/hub.yaml"), Map.of());

        assertThat(config.dataDir).isEqualTo("/var/lib/carecall-hub");
        assertThat(config.escalation.sweepMs).as("escalation: holds only comments").isEqualTo(1000);
        assertThat(config.escalation.webhookUrl).isNull();
        assertThat(config.fleet.testEveryDays).isEqualTo(7);
    }

    @Test
    void theOutsideChannelNeedsALongSecretAndHttpsUnlessItIsOnThisMachine() throws Exception {
        Path file = Files.createTempFile("hub", ".yaml");
        Files.writeString(file, """
                escalation:
                  webhookUrl: http://gateway.example/sms
                  webhookSecret: short
                """);

        assertThatThrownBy(() -> HubConfigLoader.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("escalation.webhookUrl must be https:// (plain http:// only to this machine")
                .hasMessageContaining("escalation.webhookSecret must be at least 32 bytes");
        Files.writeString(file, "escalation:\n  webhookUrl: https://gateway.example/sms\n");
        assertThatThrownBy(() -> HubConfigLoader.load(file, Map.of()))
                .hasMessageContaining("escalation.webhookSecret must be at least 32 bytes with a webhook");

        String secret = "0123456789abcdef0123456789abcdef";
        for (String url : new String[] {"https://gateway.example/sms", "http://127.0.0.1:8099/sms", "http://localhost/sms"}) {
            Files.writeString(file, "escalation:\n  webhookUrl: " + url + "\n  webhookSecret: " + secret + "\n");
            assertThat(HubConfigLoader.load(file, Map.of()).escalation.webhookUrl).isEqualTo(url);
        }
    }

    @Test
    void aHubConfiguredInCodeWithAWeakWebhookDoesNotStart() {
        HubConfig config = new HubConfig();
        config.escalation.webhookUrl = "https://gateway.example/sms";
        config.escalation.webhookSecret = "too-short";

        assertThatThrownBy(() -> org.carecall.hub.Hub.start(config, java.time.Clock.systemUTC()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("escalation.webhookSecret must be at least 32 bytes");
    }

    @Test
    void thePublicNamesComeFromTheSettingOrTheMachine() throws Exception {
        HubConfig named = HubConfigLoader.load(null, Map.of("CARECALL_PUBLIC_NAME", "care.example.org, 192.168.1.10",
                "CARECALL_PLAIN_ON_NETWORK", "true"));
        assertThat(named.publicNames()).containsExactly("care.example.org", "192.168.1.10");
        assertThat(named.http.plainOnNetwork).isTrue();
        assertThat(named.mqtt.plainOnNetwork).isTrue();
        assertThat(HubConfigLoader.load(null, Map.of()).publicNames()).contains("localhost", "127.0.0.1");
        assertThatThrownBy(() -> HubConfigLoader.load(null, Map.of("CARECALL_PUBLIC_NAME", "evil.example/x")))
                .hasMessageContaining("'evil.example/x' is neither a host name nor an IP address");
    }

    @Test
    void anUnknownSettingIsNamed() throws Exception {
        Path file = Files.createTempFile("hub", ".yaml");
        Files.writeString(file, "mqtt:\n  prot: 1883\n");

        assertThatThrownBy(() -> HubConfigLoader.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("mqtt.prot");
    }

    @Test
    void aWrongTypeIsNamed() throws Exception {
        Path file = Files.createTempFile("hub", ".yaml");
        Files.writeString(file, "http:\n  port: eighty\n");

        assertThatThrownBy(() -> HubConfigLoader.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.port");
    }

    @Test
    void threeMistakesInTheFileAndOneInTheEnvironmentAreAllReportedAtOnceInWords() throws Exception {
        Path file = Files.createTempFile("hub", ".yaml");
        Files.writeString(file, "mqtt:\n  prot: 1883\nhttp:\n  port: eighty\nsupervision:\n  heartbeatS: [5]\n"
                + "escalaton:\n  sweepMs: 5\n");

        assertThatThrownBy(() -> HubConfigLoader.load(file, Map.of("CARECALL_HTTPS_PORT", "secure")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'mqtt.prot' is not a setting; did you mean 'mqtt.port'?")
                .hasMessageContaining("'http.port' must be a whole number; got 'eighty'")
                .hasMessageContaining("'supervision.heartbeatS' must be a whole number, not a list or section")
                .hasMessageContaining("'escalaton' is not a setting; did you mean 'escalation'?")
                .hasMessageContaining("CARECALL_HTTPS_PORT must be a whole number; got 'secure'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("class ").doesNotContain("org.carecall")
                        .doesNotContain("http.port must be a port number"));
    }

    @Test
    void aVariableNoPartKnowsIsWarnedAboutWithTheNearestName() {
        assertThat(HubConfigLoader.warnings(Map.of("CARECALL_HUB_URI", "tcp://x:1883", "CARECALL_DEVICE_ID", "bed-1",
                "CARECALL_HTTP_PROT", "80", "PATH", "/bin")))
                .containsExactly("CARECALL_HTTP_PROT is not a CareCall setting and is ignored; did you mean CARECALL_HTTP_PORT?",
                        "CARECALL_HUB_URI is not a CareCall setting and is ignored; did you mean CARECALL_HUB?");
    }

    @Test
    void everyBadValueIsListed() {
        assertThatThrownBy(() -> HubConfigLoader.load(null, Map.of("CARECALL_MQTT_PORT", "70000",
                "CARECALL_TLS_CERT", "/etc/cert.pem")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("mqtt.port must be a port number")
                .hasMessageContaining("mqtt.tlsCert and mqtt.tlsKey must be set together");
    }

    @Test
    void aPortThatIsNotANumberIsNamed() {
        assertThatThrownBy(() -> HubConfigLoader.load(null, Map.of("CARECALL_HTTP_PORT", "web")))
                .hasMessageContaining("CARECALL_HTTP_PORT must be a whole number");
    }

    @Test
    void aMissingFileIsNamed() {
        assertThatThrownBy(() -> HubConfigLoader.load(Path.of("/no/such/hub.yaml"), Map.of()))
                .hasMessageContaining("/no/such/hub.yaml does not exist");
    }

    @Test
    void theStoreIsEmbeddedUnlessAPostgresUrlIsGivenWithItsUserAndPassword() throws Exception {
        Path secret = Files.createTempFile("carecall-db-password-", "");
        Files.writeString(secret, "s3cret\n");

        assertThat(HubConfigLoader.load(null, Map.of()).storeSettings().embedded()).isTrue();
        var settings = HubConfigLoader.load(null, Map.of("CARECALL_DB_URL", "jdbc:postgresql://db1:5432,db2:5432/carecall"
                + "?targetServerType=primary", "CARECALL_DB_USER", "carecall", "CARECALL_DB_PASSWORD_FILE",
                secret.toString())).storeSettings();
        assertThat(settings.password()).isEqualTo("s3cret");
        assertThat(settings.where()).isEqualTo("db1:5432,db2:5432/carecall");
        assertThat(settings.toString()).doesNotContain("s3cret");
    }

    @Test
    void aMalformedStoreUrlOrAMissingUserIsNamed() {
        assertThatThrownBy(() -> HubConfigLoader.load(null, Map.of("CARECALL_DB_URL", "postgres://db1/carecall")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("store.url must be a PostgreSQL JDBC URL such as jdbc:postgresql://db1:5432/carecall;"
                        + " got 'postgres://db1/carecall'")
                .hasMessageContaining("store.user (CARECALL_DB_USER) is needed");
        assertThatThrownBy(() -> HubConfigLoader.load(null, Map.of("CARECALL_DB_URL", "jdbc:postgresql://db1/carecall",
                "CARECALL_DB_USER", "carecall", "CARECALL_DB_PASSWORD", "a", "CARECALL_DB_PASSWORD_FILE", "/no/file")))
                .hasMessageContaining("store.password and store.passwordFile are two answers to one question");
    }

    @Test
    void aNodeIsNamedByItsVariableOrItsHostAndABadNameIsRefused() throws Exception {
        assertThat(HubConfigLoader.load(null, Map.of("CARECALL_NODE_ID", "hub-a")).node()).isEqualTo("hub-a");
        assertThat(HubConfigLoader.load(null, Map.of()).node()).isNotBlank().matches("[A-Za-z0-9._-]+");
        assertThatThrownBy(() -> HubConfigLoader.load(null, Map.of("CARECALL_NODE_ID", "hub a/1")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("nodeId may hold only letters, digits, '.', '-' and '_' (at most 64); got 'hub a/1'");
    }
}
