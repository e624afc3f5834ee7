package org.carecall.hub.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.carecall.hub.support.Command;
import org.carecall.hub.support.TestCommunity;
import org.carecall.hub.support.TestDevice;
import org.carecall.hub.support.TestHub;
import org.carecall.protocol.AlarmState;
import org.junit.jupiter.api.Test;

/**
 * The monitoring files in {@code monitoring/} against the hub that serves the figures: promtool accepts
 * the alert rules and the hub's /metrics text, and every series the rules and the dashboard name is one
 * the hub serves (a rule on a series nobody serves never fires).
 */
class MonitoringTest {
    private static final String PROMTOOL = "/usr/bin/promtool";
    private static final Path MONITORING = Path.of("../monitoring");
    /** Series that Prometheus makes itself, not the hub. */
    private static final Set<String> PROMETHEUS_OWN = Set.of("up");
    private static final Pattern SERIES = Pattern.compile("\\b((?:carecall|jvm|process)_[a-z_]+|up)\\b");

    @Test
    void theRulesAndTheDashboardNameOnlySeriesTheHubServesAndPromtoolAcceptsThem() throws Exception {
        if (!new File(PROMTOOL).canExecute()) {
            throw new IllegalStateException("promtool is needed: apt-get install prometheus (./carecall test installs it)");
        }
        Command rules = Command.run(Duration.ofSeconds(60), PROMTOOL, "check", "rules", MONITORING.resolve("alerts.yml").toString());
        assertThat(rules.exit()).as(rules.output()).isZero();
        // The rules' own tests: the alerts fire on the series the hub serves, when they should.
        Command fired = Command.run(Duration.ofSeconds(60), PROMTOOL, "test", "rules",
                MONITORING.resolve("alerts.test.yml").toString());
        assertThat(fired.exit()).as(fired.output()).isZero();

        String scrape;
        try (TestHub hub = TestHub.start(); TestDevice unit = TestCommunity.create(hub.hub()).connectUnit()) {
            unit.send(unit.newAlarm());
            assertThat(unit.receipt(Duration.ofSeconds(10), AlarmState.RECEIVED)).isNotNull();
            // Nobody on duty and no console: the call is unhandled, and the series the critical alert reads says so.
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> scrape(hub).contains("carecall_calls_unreached 1.0"));
            scrape = scrape(hub);
        }
        Path text = Files.createTempFile("carecall-metrics-", ".prom");
        Files.writeString(text, scrape);
        Command parsed = Command.run(Duration.ofSeconds(60), "bash", "-c", PROMTOOL + " check metrics < " + text);
        assertThat(parsed.exit()).as("promtool parses and lints the hub's /metrics: " + parsed.output()).isZero();

        Set<String> served = new TreeSet<>();
        scrape.lines().filter(line -> !line.startsWith("#") && !line.isBlank())
                .forEach(line -> served.add(line.split("[{ ]", 2)[0]));
        Set<String> named = new TreeSet<>();
        for (String file : new String[] {"alerts.yml", "grafana-dashboard.json"}) {
            String content = Files.readString(MONITORING.resolve(file));
            if (file.endsWith(".json")) {
                new ObjectMapper().readTree(content); // the dashboard is valid JSON
            }
            Matcher series = SERIES.matcher(content);
            while (series.find()) {
                named.add(series.group(1));
            }
        }
        named.removeAll(PROMETHEUS_OWN);
        assertThat(named).as("series the rules and the dashboard use").isNotEmpty()
                .contains("carecall_calls_unreached", "carecall_store_healthy", "carecall_units",
                        "carecall_time_to_notified_seconds_bucket", "jvm_memory_used_bytes");
        assertThat(served).as("what the hub serves").containsAll(named);
        assertThat(scrape).as("grid 3 of the test community has nobody on duty").contains("carecall_grids_without_duty 1.0");
        assertThat(served).contains("carecall_consoles_connected", "carecall_open_calls", "carecall_store_queued",
                "carecall_store_commit_seconds_bucket", "carecall_escalation_steps_total");
    }

    private static String scrape(TestHub hub) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + hub.hub().httpPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
