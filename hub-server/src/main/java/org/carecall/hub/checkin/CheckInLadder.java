package org.carecall.hub.checkin;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.carecall.hub.care.CarePolicy;

/**
 * The ladder of a day nobody has checked in, as a pure function of the day, the policy's times and the
 * time: the steps due now that were not done yet, in order. The sweep claims each step in the store before
 * doing it, so that each happens once in the district.
 *
 * <p>Rules: nothing for a closed day. A reminder is due at the deadline plus each {@code remindAfterMin};
 * one whose time came after the listing point has passed is still claimed, but not spoken (a sweep that ran
 * late never says "please check in" hours after she was listed). The listing point ({@code listAfterMin})
 * puts her on her grid worker's Today and counts the day as missed. The call ({@code ringAfterMin}) and the
 * family step ({@code familyAfterMin}) come only while nobody said "I'm on it".
 */
public final class CheckInLadder {
    public enum Kind { REMIND, LIST, RING, FAMILY }

    /** One step: its key in the store ({@code REMIND:0}, {@code LIST}...), when it fell due, whether to act. */
    public record Step(Kind kind, String key, Instant dueAt, boolean act) {
    }

    private CheckInLadder() {
    }

    public static List<Step> due(CheckInDay day, CarePolicy.CheckIn times, Instant now) {
        List<Step> steps = new ArrayList<>();
        if (!day.open()) {
            return steps;
        }
        Instant deadline = day.deadlineAt();
        Instant listAt = after(deadline, times.listAfterMin());
        for (int i = 0; i < times.remindAfterMin().size(); i++) {
            Instant at = after(deadline, times.remindAfterMin().get(i));
            String key = Kind.REMIND + ":" + i;
            if (!now.isBefore(at) && !day.steps().contains(key)) {
                steps.add(new Step(Kind.REMIND, key, at, now.isBefore(listAt)));
            }
        }
        if (!now.isBefore(listAt) && !day.steps().contains(Kind.LIST.name())) {
            steps.add(new Step(Kind.LIST, Kind.LIST.name(), listAt, true));
        }
        if (day.claimed()) {
            return steps;
        }
        Instant ringAt = after(deadline, times.ringAfterMin());
        if (!now.isBefore(ringAt) && !day.steps().contains(Kind.RING.name())) {
            steps.add(new Step(Kind.RING, Kind.RING.name(), ringAt, true));
        }
        Instant familyAt = after(deadline, times.familyAfterMin());
        if (!now.isBefore(familyAt) && !day.steps().contains(Kind.FAMILY.name())) {
            steps.add(new Step(Kind.FAMILY, Kind.FAMILY.name(), familyAt, true));
        }
        return steps;
    }

    /**
     * When the day's ladder next has something to do after {@code now}: the earliest step still to come;
     * empty for a closed day or one whose every step has come.
     */
    public static Optional<Instant> nextAfter(CheckInDay day, CarePolicy.CheckIn times, Instant now) {
        if (!day.open()) {
            return Optional.empty();
        }
        Instant deadline = day.deadlineAt();
        List<Instant> ahead = new ArrayList<>();
        times.remindAfterMin().forEach(minutes -> ahead.add(after(deadline, minutes)));
        ahead.add(after(deadline, times.listAfterMin()));
        if (!day.claimed()) {
            ahead.add(after(deadline, times.ringAfterMin()));
            ahead.add(after(deadline, times.familyAfterMin()));
        }
        return ahead.stream().filter(now::isBefore).min(Instant::compareTo);
    }

    /** Whether a close the hub learns of at {@code now} comes after the day counted as missed. */
    public static boolean late(CheckInDay day, CarePolicy.CheckIn times, Instant now) {
        return day.missed() || !now.isBefore(after(day.deadlineAt(), times.listAfterMin()));
    }

    /** When the day is listed on Today. */
    public static Instant listAt(CheckInDay day, CarePolicy.CheckIn times) {
        return after(day.deadlineAt(), times.listAfterMin());
    }

    private static Instant after(Instant deadline, int minutes) {
        return deadline.plus(Duration.ofMinutes(minutes));
    }
}
