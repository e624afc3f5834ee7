package org.carecall.hub.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.zip.GZIPInputStream;
import org.carecall.hub.support.TestHub;
import org.carecall.hub.support.TestLiveConsole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console's text goes gzip-compressed to a browser that accepts it, and as it is to one that does not;
 * images are not compressed again, and the live WebSocket still opens through the same pipeline.
 */
class TextCompressionTest {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static TestHub hub;

    @BeforeAll
    static void start() throws Exception {
        hub = TestHub.start();
    }

    @AfterAll
    static void stop() throws Exception {
        hub.close();
    }

    @Test
    void theConsolesStaticFilesAreGzippedForABrowserThatAcceptsItAndReadTheSame() throws Exception {
        for (String path : new String[] {"/console/board.js", "/console/console.css", "/console/i18n.js"}) {
            HttpResponse<byte[]> plain = get(path, null);
            HttpResponse<byte[]> gzipped = get(path, "gzip, deflate, br");
            assertThat(plain.headers().firstValue("content-encoding")).as(path + " uncompressed when not asked").isEmpty();
            assertThat(gzipped.headers().firstValue("content-encoding")).as(path).contains("gzip");
            byte[] unpacked = new GZIPInputStream(new ByteArrayInputStream(gzipped.body())).readAllBytes();
            assertThat(unpacked).as(path + " reads the same").isEqualTo(plain.body());
            assertThat(gzipped.body().length).as(path + " smaller").isLessThan(plain.body().length * 2 / 3);
        }
    }

    @Test
    void pagesAndApiAnswersAreNeverCompressedSoTheirLengthsTellNothingOfTheirSecrets() throws Exception {
        HttpResponse<byte[]> page = get("/", "gzip, deflate, br");
        assertThat(page.body().length).as("the page is over a kilobyte: it would be compressed").isGreaterThan(1024);
        assertThat(page.headers().firstValue("content-encoding")).as("the page (BREACH)").isEmpty();
        assertThat(TextCompressor.isText("application/json; charset=utf-8")).as("API answers").isFalse();
        assertThat(TextCompressor.isText("text/html; charset=utf-8")).isFalse();
        assertThat(TextCompressor.isText("text/csv; charset=utf-8")).as("reports").isFalse();
        assertThat(TextCompressor.isText("application/manifest+json")).isTrue();
    }

    @Test
    void imagesAreSentAsTheyAreAndTheLiveSocketStillOpens() throws Exception {
        HttpResponse<byte[]> icon = get("/console/icon-192.png", "gzip");
        assertThat(icon.statusCode()).isEqualTo(200);
        assertThat(icon.headers().firstValue("content-encoding")).isEmpty();
        try (TestLiveConsole live = new TestLiveConsole(hub.hub().httpPort())) {
            live.auth("no-such-token");
            assertThat(live.next("error", java.time.Duration.ofSeconds(5)).path("error").asText()).isEqualTo("unauthenticated");
        }
    }

    private static HttpResponse<byte[]> get(String path, String acceptEncoding) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.hub().httpPort() + path));
        if (acceptEncoding != null) {
            request.header("Accept-Encoding", acceptEncoding);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
