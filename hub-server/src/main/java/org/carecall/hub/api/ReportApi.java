package org.carecall.hub.api;

import io.netty.handler.codec.http.HttpMethod;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import org.carecall.hub.http.ApiException;
import org.carecall.hub.http.HttpCall;
import org.carecall.hub.http.HttpRoutes;
import org.carecall.hub.http.HttpRoutes.Access;
import org.carecall.hub.http.HttpRoutes.Reply;
import org.carecall.hub.report.ResponseTimes;
import org.carecall.hub.staff.Role;

/** {@code GET /api/reports/response-times?from=&to=} (ISO instants; the last 30 days by default). */
public final class ReportApi {
    private final ResponseTimes responseTimes;
    private final Clock clock;

    public ReportApi(ResponseTimes responseTimes, Clock clock) {
        this.responseTimes = responseTimes;
        this.clock = clock;
    }

    public void register(HttpRoutes routes) {
        routes.add(HttpMethod.GET, "/api/reports/response-times", Access.roles(Role.SUPERVISOR, Role.ADMIN), call -> {
            Instant to = instant(call, "to", clock.instant());
            Instant from = instant(call, "from", to.minus(Duration.ofDays(30)));
            if (!from.isBefore(to)) {
                throw ApiException.badRequest("'from' must be before 'to'");
            }
            return Reply.ok(responseTimes.report(from, to));
        });
    }

    private static Instant instant(HttpCall call, String name, Instant absent) {
        try {
            return call.query(name).map(Instant::parse).orElse(absent);
        } catch (DateTimeException e) {
            throw ApiException.badRequest("'" + name + "' must be an ISO-8601 time such as 2026-11-01T00:00:00Z");
        }
    }
}
