package org.carecall.hub.checkin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.carecall.hub.inbox.KeyPresses;
import org.carecall.hub.store.StoreException;
import org.carecall.protocol.message.DeviceEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who closes a day: her key, a staff member who spoke to her, or family as told to staff. Sensor activity
 * never does. A close after any step of the ladder closes what is open: a CHECK_IN_MISSED call raised for
 * the day is resolved with a note saying she checked in.
 *
 * <p>Guarantees: a press's future completes only after its close is committed (the unit thanks her then);
 * a resend of the same press has no second effect; a press made offline that arrives after the day's
 * listing point closes it as late, and the day still counts as missed. Reads and writes happen off the
 * thread that brought the press.
 */
public final class CheckInDesk implements KeyPresses.Key {
    private static final Logger log = LoggerFactory.getLogger(CheckInDesk.class);
    /** A unit's clock a little ahead of the hub's: its press is taken as made now. */
    private static final Duration CLOCK_SLACK = Duration.ofMinutes(5);
    public static final String KEY = "KEY";
    public static final String STAFF = "STAFF";
    public static final String FAMILY = "FAMILY";

    private final CheckIns checkIns;
    private final Homes homes;
    private final CheckInUnits units;
    private final Clock clock;
    private final Executor background;

    public CheckInDesk(CheckIns checkIns, Homes homes, CheckInUnits units, Clock clock, Executor background) {
        this.checkIns = checkIns;
        this.homes = homes;
        this.units = units;
        this.clock = clock;
        this.background = background;
    }

    /** Her green key: closes the day the press was made on, at the press's time. */
    @Override
    public CompletableFuture<Void> pressed(String deviceId, DeviceEvent press, String origin) {
        return CompletableFuture.supplyAsync(() -> pressClose(deviceId, press), background)
                .thenCompose(close -> close.map(this::close).orElseGet(() -> CompletableFuture.completedFuture(null)))
                .thenAccept(closed -> { });
    }

    /** A staff member spoke to her, or family told staff: closes that day now, with who. */
    public CompletableFuture<CheckIns.Closed> confirm(String residentId, LocalDate day, String by, String name,
                                                      String relation, String note) throws StoreException {
        Homes.Home home = homes.of(residentId).orElseThrow(() -> new IllegalArgumentException("no such resident"));
        CheckInPlan plan = checkIns.plan(residentId).orElse(new CheckInPlan(residentId, false, null, null, null,
                Instant.EPOCH, Instant.EPOCH, null));
        return close(new CheckIns.Close(residentId, day, plan.deadlineOn(day, home.zone()), by, name, relation, note,
                null, clock.instant()));
    }

    /** A worker's "I'm on it": the ladder stops climbing for that day; empty when the day is not open. */
    public CompletableFuture<Optional<CheckInDay>> claim(String residentId, LocalDate day, String staffId, String name) {
        return checkIns.claim(residentId, day, staffId, name);
    }

    private Optional<CheckIns.Close> pressClose(String deviceId, DeviceEvent press) {
        try {
            Optional<String> residentId = homes.residentOf(deviceId);
            Optional<Homes.Home> home = residentId.isEmpty() ? Optional.empty() : homes.of(residentId.get());
            if (home.isEmpty()) {
                log.info("a check-in press from {}, which serves nobody: acknowledged, nothing closed", deviceId);
                return Optional.empty();
            }
            Instant now = clock.instant();
            Instant at = press.at() == null || press.at().isAfter(now.plus(CLOCK_SLACK)) ? now : press.at();
            LocalDate day = LocalDate.ofInstant(at, home.get().zone());
            Optional<CheckInPlan> plan = checkIns.plan(home.get().residentId());
            if (plan.isEmpty() || !plan.get().expectsOn(day, home.get().zone())) {
                log.info("a check-in press from {} on {}, when none is expected: acknowledged, nothing closed",
                        deviceId, day);
                return Optional.empty();
            }
            return Optional.of(new CheckIns.Close(home.get().residentId(), day,
                    plan.get().deadlineOn(day, home.get().zone()), KEY, null, null, null, press.id(), at));
        } catch (StoreException e) {
            throw new CompletionException(e); // not stored: the unit keeps the press and sends it again
        }
    }

    private CompletableFuture<CheckIns.Closed> close(CheckIns.Close close) {
        Duration listAfter;
        try {
            listAfter = Duration.ofMinutes(homes.of(close.residentId()).map(home -> home.times().listAfterMin()).orElse(0));
        } catch (StoreException e) {
            return CompletableFuture.failedFuture(e);
        }
        return checkIns.close(close, listAfter).thenCompose(closed -> {
            if (!closed.first() || closed.day().alarmId() == null) {
                return CompletableFuture.completedFuture(closed);
            }
            return closeCall(closed.day(), closed.day().closedBy()).thenApply(done -> closed);
        });
    }

    /** Resolves the day's call; a failure is logged, never undoing the close (the call stays for staff). */
    CompletableFuture<Void> closeCall(CheckInDay day, String by) {
        String note = switch (by) {
            case KEY -> "she checked in with her key";
            case FAMILY -> "family told staff she is well (" + day.closerName() + ", " + day.relation() + ")";
            default -> "checked in: " + day.closerName() + " spoke to her";
        };
        return units.closeCall(day.alarmId(), note).handle((done, failure) -> {
            if (failure != null) {
                log.warn("could not resolve check-in call {}: {}", day.alarmId(), failure.getMessage());
            }
            return null;
        });
    }
}
