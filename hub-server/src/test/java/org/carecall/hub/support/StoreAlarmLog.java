package org.carecall.hub.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What a live console showed of the hub's "cannot store calls" alarm: every {@code system.status} message,
 * raised or cleared, with the time it came. It reads the console's messages from a thread of its own, so
 * the test using it reads none itself.
 */
public final class StoreAlarmLog implements AutoCloseable {

    /** One status message: the store usable or not, and when the console got it. */
    public record Shown(Instant at, boolean storeOk) {
    }

    private final List<Shown> shown = new ArrayList<>();
    private final Thread reader;

    public StoreAlarmLog(TestLiveConsole console) {
        reader = Thread.ofVirtual().start(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    JsonNode status = console.next("system.status", Duration.ofMillis(200));
                    if (status != null) {
                        note(new Shown(Instant.now(), status.path("system").path("storeOk").asBoolean()));
                    }
                }
            } catch (InterruptedException e) {
                // closed
            }
        });
    }

    private synchronized void note(Shown status) {
        shown.add(status);
    }

    /** The alarm's messages between two moments, in words, times counted from {@code from}. */
    public synchronized String between(Instant from, Instant to) {
        List<Shown> window = shown.stream().filter(s -> !s.at().isBefore(from) && !s.at().isAfter(to)).toList();
        if (window.isEmpty()) {
            return "no \"cannot store calls\" alarm";
        }
        return window.stream().map(s -> (s.storeOk() ? "cleared" : "\"cannot store calls\"") + " at "
                + Duration.between(from, s.at()).toMillis() + " ms").collect(Collectors.joining(", "));
    }

    @Override
    public void close() throws InterruptedException {
        reader.interrupt();
        reader.join();
    }
}
