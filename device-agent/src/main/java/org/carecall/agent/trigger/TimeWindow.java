package org.carecall.agent.trigger;

import java.time.LocalTime;

/** A daily window such as 23:00 to 06:00, which may run past midnight. */
public record TimeWindow(LocalTime from, LocalTime to) {

    public boolean contains(LocalTime time) {
        if (from.equals(to)) {
            return true; // the whole day
        }
        return from.isBefore(to)
                ? !time.isBefore(from) && time.isBefore(to)
                : !time.isBefore(from) || time.isBefore(to);
    }
}
