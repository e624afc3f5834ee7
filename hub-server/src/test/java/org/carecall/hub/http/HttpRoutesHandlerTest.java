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
import java.util.Optional;
import org.carecall.hub.staff.Role;
import org.carecall.hub.staff.Staff;
import org.carecall.hub.staff.StaffDirectory.Caller;
import org.junit.jupiter.api.Test;

class HttpRoutesHandlerTest {
    private static final Staff ADMIN = new Staff("s1", "root", "Root", Role.ADMIN, null, null, false);
    private static final Staff DUTY = new Staff("s2", "wang", "Wang Li", Role.DUTY, null, null, false);

    private final HttpRoutes routes = new HttpRoutes()
            .add(HttpMethod.GET, "/healthz", HttpRoutes.Access.PUBLIC,
                    call -> HttpRoutes.Reply.json(HttpResponseStatus.OK, Map.of("status", "ok")))
            .add(HttpMethod.GET, "/broken", HttpRoutes.Access.PUBLIC, call -> {
                throw new IllegalStateException("boom");
            })
            .add(HttpMethod.GET, "/things/{id}", HttpRoutes.Access.PUBLIC,
                    call -> HttpRoutes.Reply.ok(Map.of("id", call.param("id"))))
            .add(HttpMethod.GET, "/staff-only", HttpRoutes.Access.roles(Role.ADMIN),
                    call -> HttpRoutes.Reply.ok(Map.of("who", call.caller().username())))
            .add(HttpMethod.GET, "/me", HttpRoutes.Access.evenBeforePasswordChange(),
                    call -> HttpRoutes.Reply.ok(Map.of("who", call.caller().username())));

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
    void pathParametersReachTheRoute() {
        FullHttpResponse response = call(HttpMethod.GET, "/things/r-17");

        assertThat(response.content().toString(StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"r-17\"}");
        response.release();
    }

    @Test
    void aStaffRouteNeedsAValidTokenAndTheRightRole() {
        FullHttpResponse none = call(HttpMethod.GET, "/staff-only", null);
        FullHttpResponse wrong = call(HttpMethod.GET, "/staff-only", "forged");
        FullHttpResponse duty = call(HttpMethod.GET, "/staff-only", "duty-token");
        FullHttpResponse admin = call(HttpMethod.GET, "/staff-only", "admin-token");

        assertThat(none.status()).isEqualTo(HttpResponseStatus.UNAUTHORIZED);
        assertThat(wrong.status()).isEqualTo(HttpResponseStatus.UNAUTHORIZED);
        assertThat(duty.status()).isEqualTo(HttpResponseStatus.FORBIDDEN);
        assertThat(admin.status()).isEqualTo(HttpResponseStatus.OK);
        assertThat(admin.content().toString(StandardCharsets.UTF_8)).contains("\"who\":\"root\"");
        for (FullHttpResponse response : new FullHttpResponse[] {none, wrong, duty, admin}) {
            response.release();
        }
    }

    @Test
    void aSessionOpenedWithAOneTimePasswordReachesOnlyTheRoutesForChoosingANewOne() {
        FullHttpResponse elsewhere = call(HttpMethod.GET, "/staff-only", "one-time-admin-token");
        FullHttpResponse me = call(HttpMethod.GET, "/me", "one-time-admin-token");

        assertThat(elsewhere.status()).isEqualTo(HttpResponseStatus.FORBIDDEN);
        assertThat(elsewhere.content().toString(StandardCharsets.UTF_8)).contains("\"error\":\"must-change-password\"");
        assertThat(me.status()).isEqualTo(HttpResponseStatus.OK);
        elsewhere.release();
        me.release();
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
        return call(method, uri, null);
    }

    private FullHttpResponse call(HttpMethod method, String uri, String token) {
        EmbeddedChannel channel = new EmbeddedChannel(new HttpRoutesHandler(routes, given ->
                "admin-token".equals(given) ? Optional.of(new Caller(ADMIN, false))
                        : "duty-token".equals(given) ? Optional.of(new Caller(DUTY, false))
                        : "one-time-admin-token".equals(given) ? Optional.of(new Caller(ADMIN, true)) : Optional.empty()));
        DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri);
        if (token != null) {
            request.headers().set("Authorization", "Bearer " + token);
        }
        channel.writeInbound(request);
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
