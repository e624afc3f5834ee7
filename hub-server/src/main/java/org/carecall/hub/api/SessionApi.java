package org.carecall.hub.api;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;
import java.util.Map;
import org.carecall.hub.http.ApiException;
import org.carecall.hub.http.HttpRoutes;
import org.carecall.hub.http.HttpRoutes.Access;
import org.carecall.hub.http.HttpRoutes.Reply;
import org.carecall.hub.staff.Staff;
import org.carecall.hub.security.CommonPasswords;
import org.carecall.hub.staff.StaffDirectory;

/**
 * Logging in and out of the console: {@code POST /api/session}, {@code DELETE /api/session}, {@code GET /api/me},
 * choosing a password ({@code POST /api/me/password}) and logging out everywhere ({@code DELETE /api/me/sessions}).
 * A session opened with a one-time password reaches only these, except log out everywhere.
 */
public final class SessionApi {
    private final StaffDirectory staff;

    public SessionApi(StaffDirectory staff) {
        this.staff = staff;
    }

    public void register(HttpRoutes routes) {
        routes.add(HttpMethod.POST, "/api/session", Access.PUBLIC, call -> {
            Fields fields = new Fields(call.json());
            String username = fields.text("username");
            String password = fields.text("password");
            fields.check();
            return staff.login(username, password, call.origin())
                    .map(session -> Reply.ok(Map.of("token", session.token(), "expiresAt", session.expiresAt(),
                            "staff", view(session.staff()), "mustChangePassword", session.oneTime())))
                    .orElseThrow(() -> refusal(staff.loginWait(username, call.origin()), "wrong user name or password"));
        });
        routes.add(HttpMethod.DELETE, "/api/session", Access.evenBeforePasswordChange(), call -> {
            staff.logout(call.token(), call.origin());
            return Reply.ok(Map.of("loggedOut", true));
        });
        routes.add(HttpMethod.DELETE, "/api/me/sessions", Access.anyStaff(), call -> {
            int ended = staff.endSessions(call.caller().id(), null, call.caller().username(), call.origin());
            return Reply.ok(Map.of("loggedOut", true, "sessionsEnded", ended));
        });
        routes.add(HttpMethod.GET, "/api/me", Access.evenBeforePasswordChange(), call -> {
            Map<String, Object> me = new java.util.LinkedHashMap<>(view(call.caller()));
            me.put("mustChangePassword", staff.caller(call.token()).map(StaffDirectory.Caller::oneTime).orElse(false));
            return Reply.ok(me);
        });
        routes.add(HttpMethod.POST, "/api/me/password", Access.evenBeforePasswordChange(), call -> {
            Fields fields = new Fields(call.json());
            String current = fields.text("current");
            String next = fields.text("new");
            String refused = next == null ? null : StaffDirectory.refusal(next);
            if (refused != null) {
                fields.problem("new", CommonPasswords.contains(next) ? "common" : "short", "the new password " + refused,
                        Map.of("min", StaffDirectory.MIN_PASSWORD));
            }
            fields.check();
            if (!staff.changePassword(call.caller(), current, next, call.origin(), call.token())) {
                Duration wait = staff.loginWait(call.caller().username(), call.origin());
                throw wait.isZero() ? new ApiException(HttpResponseStatus.FORBIDDEN, "wrong-password",
                        "the current password is not right") : refusal(wait, null);
            }
            return Reply.ok(Map.of("changed", true));
        });
    }

    /**
     * A refused login: while the address must wait, 429 with how long (it says only what the person can act
     * on: wait, rather than try more passwords); otherwise 401, the same for a wrong name and a wrong password.
     */
    private static ApiException refusal(Duration wait, String wrong) {
        if (wait.isZero()) {
            return new ApiException(HttpResponseStatus.UNAUTHORIZED, "login-failed", wrong);
        }
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        return new ApiException(HttpResponseStatus.TOO_MANY_REQUESTS, "throttled",
                "too many wrong passwords from here; try again in " + seconds + " s")
                .with("retryAfterS", seconds);
    }

    static Map<String, Object> view(Staff member) {
        return Map.of("id", member.id(), "username", member.username(), "displayName", member.displayName(),
                "role", member.role().name(), "siteId", member.siteId() == null ? "" : member.siteId());
    }
}
