package org.carecall.hub.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpRoutesHandlerTest {
    private final HttpRoutes routes = new HttpRoutes()
            .add(HttpMethod.GET, "/healthz", request -> HttpRoutes.Reply.json(HttpResponseStatus.OK, Map.of("status", "ok")))
            .add(HttpMethod.GET, "/broken", request -> {
                throw new IllegalStateException("boom");
            });

    @Test
    void aKnownRouteAnswersWithItsReply() {
        FullHttpResponse response = call(HttpMethod.GET, "/healthz?verbose=1");

        assertThat(response.status()).isEqualTo(HttpResponseStatus.OK);
        assertThat(response.content().toString(StandardCharsets.UTF_8)).isEqualTo("{\"status\":\"ok\"}");
        response.release();
    }

    @Test
    void anUnknownPathIsNotFoundAndAWrongMethodIsNotAllowed() {
        FullHttpResponse missing = call(HttpMethod.GET, "/nowhere");
        FullHttpResponse wrongMethod = call(HttpMethod.POST, "/healthz");

        assertThat(missing.status()).isEqualTo(HttpResponseStatus.NOT_FOUND);
        assertThat(wrongMethod.status()).isEqualTo(HttpResponseStatus.METHOD_NOT_ALLOWED);
        assertThat(wrongMethod.content().toString(StandardCharsets.UTF_8)).contains("\"error\":\"method-not-allowed\"");
        missing.release();
        wrongMethod.release();
    }

    @Test
    void aFailingRouteIsAJsonServerErrorWithoutItsInternals() {
        FullHttpResponse response = call(HttpMethod.GET, "/broken");

        assertThat(response.status()).isEqualTo(HttpResponseStatus.INTERNAL_SERVER_ERROR);
        assertThat(response.content().toString(StandardCharsets.UTF_8)).contains("\"error\":\"internal\"")
                .doesNotContain("boom");
        response.release();
    }

    private FullHttpResponse call(HttpMethod method, String uri) {
        EmbeddedChannel channel = new EmbeddedChannel(new HttpRoutesHandler(routes));
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri));
        FullHttpResponse[] response = new FullHttpResponse[1];
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            channel.runPendingTasks();
            response[0] = channel.readOutbound();
            return response[0] != null;
        });
        channel.finishAndReleaseAll();
        return response[0];
    }
}
