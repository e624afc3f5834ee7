package org.carecall.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import org.carecall.hub.http.HttpRoutes;
import org.carecall.hub.support.ReliabilityLedger;
import org.carecall.hub.support.TestCommunity;
import org.carecall.hub.support.TestConsole;
import org.carecall.hub.support.TestHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * SQL in every parameter of every route the hub answers: each path parameter and each query parameter the
 * API reads, by an administrator (who may call them all). No answer is a 500, no injected text matches
 * a row it should not, and afterwards every table holds exactly what it held before.
 */
@Tag("security")
class InjectionTest {
    private static final List<String> PAYLOADS = List.of("' OR '1'='1", "1; DROP TABLE resident; --",
            "x\" OR 1=1 --", "') UNION SELECT password_hash FROM staff --");
    private static final List<String> QUERY_NAMES = List.of("state", "limit", "offset", "from", "to", "areaId",
            "siteId", "deviceId", "kind");
    // The audit log is left out: refusing a request may rightly add a row to it.
    private static final List<String> TABLES = List.of("alarm", "resident", "staff", "device", "site", "area",
            "shift", "staff_session", "enrolment_code", "escalation_policy", "device_command");

    private TestHub hub;
    private TestConsole admin;

    @BeforeEach
    void start() throws Exception {
        hub = TestHub.start();
        TestCommunity community = TestCommunity.create(hub.hub());
        community.onDuty("wang", "Wang Li");
        try (var unit = community.connectUnit()) {
            unit.send(unit.newAlarm());
        }
        admin = hub.admin();
    }

    @AfterEach
    void stop() throws Exception {
        hub.close();
    }

    @Test
    void sqlInEveryParameterOfEveryRouteIsTakenAsText() throws Exception {
        Map<String, Integer> before = rowCounts();
        List<String> wrong = new ArrayList<>();
        int requests = 0;
        for (HttpRoutes.Listed route : hub.hub().routeList()) {
            // Routes with a path parameter, and every GET for its query; bodies are the fuzzer's and BadInputTest's.
            boolean reads = route.method().equals("GET") || route.template().contains("{");
            if (!route.template().startsWith("/api/") || !reads) {
                continue;
            }
            for (String payload : PAYLOADS) {
                String encoded = URLEncoder.encode(payload, StandardCharsets.UTF_8).replace("+", "%20");
                String path = route.template().replaceAll("\\{[a-zA-Z]+}", Matcher.quoteReplacement(encoded));
                StringBuilder query = new StringBuilder();
                for (String name : QUERY_NAMES) {
                    query.append(query.isEmpty() ? "?" : "&").append(name).append('=').append(encoded);
                }
                String body = route.method().equals("GET") || route.method().equals("DELETE") ? null
                        : "{\"id\":\"" + payload.replace("\"", "\\\"") + "\"}";
                for (String target : List.of(path, path + query)) {
                    TestConsole.Answer answer = admin.send(route.method(), target, body);
                    requests++;
                    if (answer.status() >= 500) {
                        wrong.add(route.method() + " " + target + " -> " + answer.status() + " " + answer.body());
                    }
                    if (route.template().contains("{") && route.method().equals("GET") && answer.status() == 200
                            && !route.template().startsWith("/api/escalation-policies")) {
                        wrong.add(route.method() + " " + target + " found something: " + answer.body());
                    }
                }
            }
        }

        assertThat(wrong).isEmpty();
        assertThat(rowCounts()).as("every table as it was").isEqualTo(before);
        ReliabilityLedger.record(new ReliabilityLedger.Check("sql-injection", "SQL in every path and query parameter"
                + " of every API route is taken as text", ("%d requests over %d routes, %d payloads; no 500, nothing"
                + " found by an injected id, every table's rows unchanged").formatted(requests,
                hub.hub().routeList().size(), PAYLOADS.size())));
    }

    private Map<String, Integer> rowCounts() throws SQLException {
        Map<String, Integer> counts = new LinkedHashMap<>();
        try (Connection db = hub.connect()) {
            for (String table : TABLES) {
                try (ResultSet rows = db.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
                    counts.put(table, rows.next() ? rows.getInt(1) : -1);
                }
            }
        }
        return counts;
    }
}
