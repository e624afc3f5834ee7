package org.carecall.hub.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.carecall.hub.support.Command;
import org.carecall.hub.support.ReliabilityLedger;
import org.carecall.hub.support.TestHub;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Debian's testssl.sh against both TLS endpoints (MQTT for units, HTTPS for the console) as a hub opens
 * them from its first start, with the certificate of its own community CA: protocols,
 * cipher categories and every vulnerability check it has. Nothing may be flagged: no old protocol, no
 * CBC suite (Lucky13), no client-initiated renegotiation.
 */
@Tag("security")
class TlsScanTest {
    private static final String TESTSSL = "/usr/bin/testssl";
    /** What testssl.sh calls a problem; OK, INFO and the certificate's trust (a test CA here) are not. */
    private static final Set<String> FLAGGED = Set.of("LOW", "MEDIUM", "HIGH", "CRITICAL");

    @Test
    void neitherTlsEndpointHasAnythingTestsslFlags() throws Exception {
        if (!new File(TESTSSL).canExecute()) {
            throw new IllegalStateException("Debian's testssl.sh is needed: apt-get install testssl.sh (.ci/run installs it)");
        }
        // The hub's defaults: no certificate configured, so both endpoints present the hub's own (EC P-256).
        try (TestHub hub = TestHub.start()) {
            List<String> checked = new ArrayList<>();
            for (Map.Entry<String, Integer> endpoint : Map.of("mqtt-tls", hub.hub().mqttTlsPort(),
                    "https-console", hub.hub().httpsPort()).entrySet()) {
                List<JsonNode> findings = scan(endpoint.getValue());
                assertThat(findings).as("testssl ran its checks on " + endpoint.getKey()).hasSizeGreaterThan(20);
                assertThat(findings).as("flagged on " + endpoint.getKey())
                        .filteredOn(finding -> FLAGGED.contains(finding.path("severity").asText())).isEmpty();
                assertThat(finding(findings, "secure_client_renego")).as("client renegotiation").contains("not vulnerable");
                assertThat(finding(findings, "LUCKY13")).contains("not vulnerable");
                assertThat(finding(findings, "TLS1_1")).contains("not offered");
                assertThat(finding(findings, "TLS1")).contains("not offered");
                assertThat(finding(findings, "TLS1_2")).startsWith("offered");
                assertThat(finding(findings, "TLS1_3")).startsWith("offered");
                assertThat(finding(findings, "cipherlist_AVERAGE")).as("CBC suites (testssl: obsoleted CBC)").contains("not offered");
                checked.add(endpoint.getKey() + " " + findings.size() + " findings");
            }
            ReliabilityLedger.record(new ReliabilityLedger.Check("tls-testssl", "testssl.sh finds nothing on either TLS"
                    + " endpoint: TLS 1.3 and 1.2 with AEAD suites only, no client-initiated renegotiation",
                    "testssl.sh -p -s -U on the hub-made certificate: " + String.join(", ", checked) + "; none LOW or worse"));
        }
    }

    private static List<JsonNode> scan(int port) throws Exception {
        Path json = Files.createTempFile("carecall-testssl-", ".json");
        Files.delete(json);
        Command scan = Command.run(Duration.ofMinutes(5), TESTSSL, "--quiet", "--color", "0", "--warnings", "off",
                "--nodns", "none", "--sneaky", "-p", "-s", "-U", "--jsonfile", json.toString(), "127.0.0.1:" + port);
        assertThat(json).as("testssl wrote its findings; it said: " + scan.output()).exists();
        List<JsonNode> findings = new ArrayList<>();
        new ObjectMapper().readTree(json.toFile()).forEach(findings::add);
        return findings;
    }

    private static String finding(List<JsonNode> findings, String id) {
        return findings.stream().filter(finding -> finding.path("id").asText().equals(id)).findFirst()
                .map(finding -> finding.path("finding").asText()).orElse("(no such check)");
    }
}
