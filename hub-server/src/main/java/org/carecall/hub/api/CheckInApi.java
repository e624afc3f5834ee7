package org.carecall.hub.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpMethod;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.carecall.hub.access.Scope;
import org.carecall.hub.audit.AuditLog;
import org.carecall.hub.checkin.CheckInDay;
import org.carecall.hub.checkin.CheckInDesk;
import org.carecall.hub.checkin.CheckInPlan;
import org.carecall.hub.checkin.CheckIns;
import org.carecall.hub.checkin.DailyCheckIn;
import org.carecall.hub.checkin.Homes;
import org.carecall.hub.community.Area;
import org.carecall.hub.community.Community;
import org.carecall.hub.community.Resident;
import org.carecall.hub.http.ApiException;
import org.carecall.hub.http.HttpCall;
import org.carecall.hub.http.HttpRoutes;
import org.carecall.hub.http.HttpRoutes.Access;
import org.carecall.hub.http.HttpRoutes.Reply;
import org.carecall.hub.staff.Role;

/**
 * The daily 平安 check-in through the API: a resident's plan, her days, staff's confirmations and a worker's
 * "I'm on it", and the check-ins not made on Today. Who may: care staff of her community, and of the duty
 * staff only those of her grid ({@link Scope#mayVisit}), as for her visits; technicians never. Every change
 * is audited with who made it.
 */
public final class CheckInApi implements CareExtras {
    private static final Access CARE = Access.roles(Role.DUTY, Role.SUPERVISOR, Role.ADMIN);
    private static final int MAX_DAYS = 93;
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    private final DailyCheckIn checkIns;
    private final Community community;
    private final AuditLog audit;
    private final Clock clock;
    private final Scope scope;

    public CheckInApi(DailyCheckIn checkIns, Community community, AuditLog audit, Clock clock, Scope scope) {
        this.checkIns = checkIns;
        this.community = community;
        this.audit = audit;
        this.clock = clock;
        this.scope = scope;
    }

    public void register(HttpRoutes routes) {
        routes.storeOnly("/api/residents/{id}/check-in").storeOnly("/api/residents/{id}/check-ins/{day}/confirm")
                .storeOnly("/api/residents/{id}/check-ins/{day}/claim");
        routes.add(HttpMethod.GET, "/api/residents/{id}/check-in", CARE, call -> {
            Home home = home(call);
            return Reply.ok(planView(plan(home.resident().id()), home.zone()));
        });
        routes.add(HttpMethod.PUT, "/api/residents/{id}/check-in", CARE, call -> {
            Home home = home(call);
            CheckInPlan plan = checkIns.savePlan(readPlan(call, home.resident())).join();
            audit.changed(call.caller().username(), "check-in.plan", null, call.origin(), "resident "
                    + home.resident().id() + ": " + (plan.enabled() ? "on, by " + plan.deadline() : "off")
                    + (plan.awayFrom() == null ? "" : ", away " + plan.awayFrom() + " to " + plan.awayUntil()));
            return Reply.ok(planView(plan, home.zone()));
        });
        routes.add(HttpMethod.GET, "/api/residents/{id}/check-ins", CARE, call -> {
            Home home = home(call);
            LocalDate today = LocalDate.ofInstant(clock.instant(), home.zone());
            LocalDate from = date(call.query("from").orElse(null), "from", today.withDayOfMonth(1));
            LocalDate to = date(call.query("to").orElse(null), "to", today);
            if (to.isBefore(from) || from.plusDays(MAX_DAYS).isBefore(to)) {
                throw ApiException.badRequest("'from' must come before 'to', at most " + MAX_DAYS + " days apart");
            }
            return Reply.ok(days(home, from, to, today));
        });
        routes.add(HttpMethod.POST, "/api/residents/{id}/check-ins/{day}/confirm", CARE, call -> {
            Home home = home(call);
            LocalDate day = pathDay(call, home.zone());
            Fields fields = new Fields(call.json());
            String by = fields.text("by");
            if (by != null && !List.of(CheckInDesk.STAFF, CheckInDesk.FAMILY).contains(by)) {
                fields.problem("by", "choice", "'by' must be STAFF or FAMILY");
            }
            String name = fields.text("name");
            String relation = CheckInDesk.FAMILY.equals(by) ? fields.text("relation") : fields.optionalText("relation", 40);
            String note = fields.optionalText("note", 500);
            fields.check();
            CheckIns.Closed closed = checkIns.desk().confirm(home.resident().id(), day, by, name, relation, note).join();
            if (closed.first()) {
                audit.changed(call.caller().username(), "check-in.confirmed", null, call.origin(), "resident "
                        + home.resident().id() + " on " + day + ": " + by + " (" + name
                        + (relation == null || relation.isBlank() ? "" : ", " + relation) + ")");
            }
            Map<String, Object> view = dayView(closed.day(), home);
            view.put("alreadyClosed", !closed.first());
            return Reply.ok(view);
        });
        // "I'm on it": a worker is phoning her; the ladder stops climbing (no call, no family message).
        routes.add(HttpMethod.POST, "/api/residents/{id}/check-ins/{day}/claim", CARE, call -> {
            Home home = home(call);
            LocalDate day = pathDay(call, home.zone());
            Optional<CheckInDay> claimed = checkIns.desk().claim(home.resident().id(), day, call.caller().id(),
                    call.caller().displayName()).join();
            if (claimed.isEmpty() || !claimed.get().open()) {
                throw ApiException.conflict("not-open", "no open check-in of this resident on " + day);
            }
            audit.changed(call.caller().username(), "check-in.claimed", null, call.origin(), "resident "
                    + home.resident().id() + " on " + day + ": " + claimed.get().claimedName() + " is on it");
            return Reply.ok(dayView(claimed.get(), home));
        });
    }

    /** Today's section of the check-ins not made. */
    @Override
    public Map<String, List<?>> today(HttpCall call, List<Area> grids) throws Exception {
        return Map.of("checkIns", items(grids));
    }

    /** Today's check-ins not made (past the listing point and still open), oldest first. */
    List<Map<String, Object>> items(List<Area> grids) throws Exception {
        Map<String, String> names = new HashMap<>();
        grids.forEach(grid -> names.put(grid.id(), grid.name()));
        List<Map<String, Object>> items = new ArrayList<>();
        Instant now = clock.instant();
        for (CheckIns.Listed listed : checkIns.store().listed(names.keySet())) {
            Optional<Homes.Home> home = checkIns.homes().of(listed.day().residentId());
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("residentId", listed.day().residentId());
            item.put("name", listed.name());
            item.put("day", listed.day().day().toString());
            item.put("deadlineAt", listed.day().deadlineAt().toString());
            // The deadline as she and her worker read it: in her community's time zone, whatever the phone's.
            item.put("deadline", home.map(found -> HH_MM.format(listed.day().deadlineAt().atZone(found.zone())))
                    .orElse(null));
            item.put("minutesLate", Duration.between(listed.day().deadlineAt(), now).toMinutes());
            item.put("claimedBy", listed.day().claimedName());
            item.put("claimedAt", text(listed.day().claimedAt()));
            item.put("ringing", listed.day().alarmId() != null);
            item.put("familyDue", listed.day().familyDueAt() != null);
            item.put("lastActivityAt", home.map(this::lastActivity).orElse(null));
            item.put("address", listed.address());
            item.put("room", listed.room());
            item.put("phone", listed.phone());
            item.put("areaId", listed.areaId());
            item.put("gridName", names.get(listed.areaId()));
            items.add(item);
        }
        return items;
    }

    private record Home(Resident resident, ZoneId zone, Homes.Home home) {
    }

    private Home home(HttpCall call) throws Exception {
        Resident resident = CareApi.visited(call, community, scope, audit);
        Homes.Home home = checkIns.homes().of(resident.id())
                .orElseThrow(() -> ApiException.notFound("no resident '" + resident.id() + "'"));
        return new Home(resident, home.zone(), home);
    }

    private CheckInPlan plan(String residentId) throws Exception {
        return checkIns.store().plan(residentId).orElse(new CheckInPlan(residentId, false, null, null, null, null,
                null, null));
    }

    private CheckInPlan readPlan(HttpCall call, Resident resident) {
        Fields fields = new Fields(call.json());
        JsonNode enabled = fields.node("enabled");
        if (enabled == null || !enabled.isBoolean()) {
            fields.problem("enabled", "required", "'enabled' must be true or false");
        }
        LocalTime deadline = CheckInPlan.DEFAULT_DEADLINE;
        String sent = fields.optionalText("deadline", 5);
        if (sent != null) {
            try {
                deadline = LocalTime.parse(sent, HH_MM);
            } catch (DateTimeException e) {
                fields.problem("deadline", "time", "'deadline' must be a time such as 10:00");
            }
        }
        LocalDate awayFrom = fieldDate(fields, "awayFrom");
        LocalDate awayUntil = fieldDate(fields, "awayUntil");
        if (awayUntil != null && awayFrom == null) {
            fields.problem("awayFrom", "required", "'awayFrom' is required with 'awayUntil'");
        } else if (awayUntil != null && awayUntil.isBefore(awayFrom)) {
            fields.problem("awayUntil", "range", "'awayUntil' comes before 'awayFrom'");
        }
        fields.check();
        return new CheckInPlan(resident.id(), enabled.booleanValue(), deadline, awayFrom, awayUntil, null, null,
                call.caller().username());
    }

    private static LocalDate fieldDate(Fields fields, String name) {
        String text = fields.optionalText(name, 10);
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeException e) {
            fields.problem(name, "date", "'" + name + "' must be a day such as 2026-12-24");
            return null;
        }
    }

    private static LocalDate date(String text, String name, LocalDate absent) {
        if (text == null || text.isBlank()) {
            return absent;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeException e) {
            throw ApiException.badRequest("'" + name + "' must be a day such as 2026-12-01");
        }
    }

    /** The day in the path: a real day, not in the future of her community. */
    private LocalDate pathDay(HttpCall call, ZoneId zone) {
        LocalDate day = date(call.param("day"), "day", null);
        if (day == null || day.isAfter(LocalDate.ofInstant(clock.instant(), zone))) {
            throw ApiException.badRequest("the day must be today or earlier, such as 2026-12-01");
        }
        return day;
    }

    /** One row a day: the stored days, and AWAY for the days of an away period that have none. */
    private List<Map<String, Object>> days(Home home, LocalDate from, LocalDate to, LocalDate today) throws Exception {
        CheckInPlan plan = plan(home.resident().id());
        Map<LocalDate, CheckInDay> stored = new HashMap<>();
        checkIns.store().days(home.resident().id(), from, to).forEach(day -> stored.put(day.day(), day));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            if (stored.containsKey(day)) {
                rows.add(dayView(stored.get(day), home));
            } else if (plan.away(day) && (plan.enabled() || !day.isAfter(today))) {
                Map<String, Object> away = new LinkedHashMap<>();
                away.put("day", day.toString());
                away.put("state", "AWAY");
                rows.add(away);
            }
        }
        return rows;
    }

    private Map<String, Object> dayView(CheckInDay day, Home home) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("day", day.day().toString());
        view.put("state", day.shownState());
        view.put("deadlineAt", day.deadlineAt().toString());
        view.put("closedAt", text(day.closedAt()));
        view.put("closedBy", day.closedBy());
        view.put("name", day.closerName());
        view.put("relation", day.relation());
        view.put("note", day.note());
        view.put("late", day.late());
        view.put("missed", day.missed());
        view.put("claimedBy", day.claimedName());
        view.put("claimedAt", text(day.claimedAt()));
        view.put("alarmId", day.alarmId());
        view.put("familyDueAt", text(day.familyDueAt()));
        // A hint beside a day still open: when her unit last felt movement. It never closes the day.
        view.put("lastActivityAt", day.open() ? lastActivity(home.home()) : null);
        return view;
    }

    private String lastActivity(Homes.Home home) {
        return home.deviceId() == null ? null
                : checkIns.units().lastActivity(home.deviceId()).map(Instant::toString).orElse(null);
    }

    private Map<String, Object> planView(CheckInPlan plan, ZoneId zone) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("enabled", plan.enabled());
        view.put("deadline", plan.deadline().format(HH_MM));
        view.put("awayFrom", plan.awayFrom() == null ? null : plan.awayFrom().toString());
        view.put("awayUntil", plan.awayUntil() == null ? null : plan.awayUntil().toString());
        view.put("timezone", zone.getId());
        view.put("updatedAt", text(plan.updatedAt()));
        view.put("updatedBy", plan.updatedBy());
        return view;
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
