package org.carecall.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.carecall.hub.support.TestCommunity;
import org.carecall.hub.support.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Every staff API path that reads a JSON body, given any bytes as that body by an administrator (who may
 * call them all). A request the hub cannot use is answered 4xx with {@code {"error","detail"}}; the hub
 * never answers 500, which would mean an input reached code that did not expect it.
 */
class ApiJsonFuzzTest {
    private static final FuzzLedger LEDGER = new FuzzLedger("api-json");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private record Route(String method, String path) {
    }

    private static TestHub hub;
    private static String token;
    private static List<Route> routes;

    @BeforeAll
    static void start() throws Exception {
        hub = TestHub.start();
        TestCommunity community = TestCommunity.create(hub.hub());
        token = hub.admin().token();
        String site = community.site().id();
        String resident = community.zhang().id();
        String unit = community.unit().deviceId();
        routes = List.of(new Route("POST", "/api/sites"), new Route("POST", "/api/areas"),
                new Route("POST", "/api/residents"), new Route("PUT", "/api/residents/" + resident),
                new Route("POST", "/api/devices"), new Route("POST", "/api/devices/" + unit + "/commands"),
                new Route("POST", "/api/staff"), new Route("POST", "/api/shifts"),
                new Route("PUT", "/api/escalation-policies/" + site), new Route("POST", "/api/duty"),
                new Route("POST", "/api/enrol"), new Route("POST", "/api/session"));
    }

    @AfterAll
    static void stop() throws Exception {
        LEDGER.close();
        hub.close();
    }

    @FuzzTest(maxDuration = "15s")
    void anyBodyIsUsedOrRefusedWithAClearErrorNeverA500(FuzzedDataProvider data) throws Exception {
        LEDGER.run(() -> oneInput(data));
    }

    private void oneInput(FuzzedDataProvider data) throws Exception {
        Route route = data.pickValue(routes);
        byte[] body = data.consumeRemainingAsBytes();
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + hub.hub().httpPort() + route.path()))
                .method(route.method(), HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).as("%s %s with %s", route.method(), route.path(), answer.body())
                .isLessThan(500);
        if (answer.statusCode() >= 400) {
            JsonNode error = JSON.readTree(answer.body());
            assertThat(error.path("error").asText()).isNotBlank();
            assertThat(error.path("detail").asText()).isNotBlank();
        }
    }
}
