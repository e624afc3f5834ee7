package org.carecall.hub.api;

import io.netty.handler.codec.http.HttpMethod;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.carecall.hub.access.Scope;
import org.carecall.hub.fleet.WeeklyTests;
import org.carecall.hub.http.ApiException;
import org.carecall.hub.http.HttpCall;
import org.carecall.hub.http.HttpRoutes;
import org.carecall.hub.http.HttpRoutes.Access;
import org.carecall.hub.http.HttpRoutes.Reply;
import org.carecall.hub.report.ResponseTimes;
import org.carecall.hub.staff.Role;

/**
 * {@code GET /api/reports/response-times?from=&to=} (ISO instants; the last 30 days by default) and
 * {@code GET /api/reports/weekly-tests} (every unit's weekly test, failed and overdue first), each of the
 * caller's own community only ({@link Scope}).
 */
public final class ReportApi {
    private final ResponseTimes responseTimes;
    private final WeeklyTests weeklyTests;
    private final Clock clock;
    private final Scope scope;

    public ReportApi(ResponseTimes responseTimes, WeeklyTests weeklyTests, Clock clock, Scope scope) {
        this.scope = scope;
        this.responseTimes = responseTimes;
        this.weeklyTests = weeklyTests;
        this.clock = clock;
    }

    public void register(HttpRoutes routes) {
        routes.add(HttpMethod.GET, "/api/reports/response-times", Access.roles(Role.SUPERVISOR, Role.ADMIN), call -> {
            Instant to = instant(call, "to", clock.instant());
            Instant from = instant(call, "from", to.minus(Duration.ofDays(30)));
            if (!from.isBefore(to)) {
                throw ApiException.badRequest("'from' must be before 'to'");
            }
            return Reply.ok(responseTimes.report(from, to, alarm -> scope.maySeeCall(call.caller(), alarm)));
        });
        routes.add(HttpMethod.GET, "/api/reports/weekly-tests", Access.roles(Role.TECHNICIAN, Role.SUPERVISOR,
                Role.ADMIN), call -> {
            List<WeeklyTests.DeviceTest> tests = weeklyTests.report().stream()
                    .filter(test -> scope.maySeeDevice(call.caller(), test.deviceId())).toList();
            Map<WeeklyTests.Status, Long> counts = new EnumMap<>(WeeklyTests.Status.class);
            tests.forEach(test -> counts.merge(test.status(), 1L, Long::sum));
            return Reply.ok(Map.of("at", clock.instant(), "counts", counts, "devices", tests));
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
