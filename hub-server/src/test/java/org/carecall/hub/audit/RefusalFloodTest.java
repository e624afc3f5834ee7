package org.carecall.hub.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.carecall.hub.support.RawMqtt;
import org.carecall.hub.support.ReliabilityLedger;
import org.carecall.hub.support.TestDevice;
import org.carecall.hub.support.TestHub;
import org.carecall.protocol.AlarmState;
import org.carecall.protocol.message.Receipt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Given a stranger on the network sending refused attempts as fast as the hub answers them, with names as
 * long as the protocol lets through, when ten thousand CONNECTs and ten thousand logins have been refused,
 * then the store and the log have grown by less than a megabyte each, and a unit's call still gets through.
 */
@Tag("security")
class RefusalFloodTest {
    private static final int ATTEMPTS = 10_000;
    private static final int THREADS = 4;
    private static final long MEGABYTE = 1024 * 1024;

    private TestHub hub;
    private LogBytes log;

    @BeforeEach
    void start() throws Exception {
        hub = TestHub.start(config -> { });
        log = LogBytes.attach();
    }

    @AfterEach
    void stop() throws Exception {
        log.detach();
        hub.close();
    }

    @Test
    void tenThousandRefusedConnectsAndLoginsCostUnderAMegabyteOfStoreAndLog() throws Exception {
        var unit = hub.enrol("bed-0001");
        hub.hub().people().audit().flushRefusals();
        long storeBefore = storeBytes();
        String longName = "x".repeat(15 * 1024);

        long connects = inParallel(i -> {
            try (RawMqtt stranger = new RawMqtt(hub.hub().mqttPort())) {
                stranger.send(RawMqtt.connect("c" + i, longName + i, "guess", 30));
                stranger.readUntilClosed();
            }
        });
        HttpClient http = HttpClient.newHttpClient();
        String loginName = "n".repeat(1990); // the API refuses longer text with 400, before it is looked at
        long logins = inParallel(i -> {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                            + hub.hub().httpPort() + "/api/session"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + loginName + i
                            + "\",\"password\":\"guess-guess\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isIn(401, 429);
        });
        assertThat(connects + logins).isEqualTo(2L * ATTEMPTS);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(hub.hub().people().audit()
                .refusals(Instant.EPOCH, 100).stream().mapToLong(RefusalCounts.Count::count).sum())
                .as("every refusal is counted, none kept one by one").isGreaterThanOrEqualTo(2L * ATTEMPTS));
        hub.hub().people().audit().flushRefusals();
        try (TestDevice device = TestDevice.connect(hub.mqttUri(), unit.deviceId(), unit.secret())) {
            device.send(device.newAlarm());
            assertThat(device.next(Receipt.class, Duration.ofSeconds(5)).state()).isEqualTo(AlarmState.RECEIVED);
        }
        long storeGrowth = storeBytes() - storeBefore;
        long logGrowth = log.bytes();

        assertThat(storeGrowth).as("store growth in bytes").isLessThan(MEGABYTE);
        assertThat(logGrowth).as("log growth in bytes").isLessThan(MEGABYTE);
        ReliabilityLedger.record(new ReliabilityLedger.Check("refusal-flood", "refused attempts cannot grow the store"
                + " or the log without bound: they are counted per minute, source and reason, and logged once a minute",
                ATTEMPTS + " refused CONNECTs with 15 KB user names and " + ATTEMPTS + " failed logins with 2,000-character names"
                        + " grew the store by " + storeGrowth / 1024 + " KB and the log by " + logGrowth
                        + " bytes; a unit's call was RECEIVED after"));
    }

    private interface Attempt {
        void run(int i) throws Exception;
    }

    /** Runs the attempts on a few threads; returns how many ran. */
    private static long inParallel(Attempt attempt) throws Exception {
        AtomicLong done = new AtomicLong();
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int first = t;
                all.add(threads.submit(() -> {
                    for (int i = first; i < ATTEMPTS; i += THREADS) {
                        attempt.run(i);
                        done.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> each : all) {
                each.get();
            }
        } finally {
            threads.shutdownNow();
        }
        return done.get();
    }

    /** The SQLite file with its write-ahead log, or the PostgreSQL database's size. */
    private long storeBytes() throws Exception {
        if (TestHub.STORE.equals("postgresql")) {
            try (var connection = hub.connect(); var statement = connection.createStatement();
                 var rows = statement.executeQuery("SELECT pg_database_size(current_database())")) {
                rows.next();
                return rows.getLong(1);
            }
        }
        long bytes = 0;
        for (String name : List.of("carecall-hub.db", "carecall-hub.db-wal")) {
            Path file = hub.dataDir().resolve(name);
            bytes += Files.exists(file) ? Files.size(file) : 0;
        }
        return bytes;
    }

    /** The bytes the hub's log lines take, rendered with the hub's own pattern. */
    private static final class LogBytes extends AppenderBase<ILoggingEvent> {
        private final AtomicLong bytes = new AtomicLong();
        private PatternLayoutEncoder encoder;

        static LogBytes attach() {
            LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
            LogBytes counter = new LogBytes();
            counter.encoder = new PatternLayoutEncoder();
            counter.encoder.setContext(context);
            counter.encoder.setPattern("%d{HH:mm:ss.SSS} %-5level [%thread] %logger{0} - %msg%n");
            counter.encoder.start();
            counter.setContext(context);
            counter.start();
            context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(counter);
            return counter;
        }

        void detach() {
            ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(this);
            stop();
        }

        long bytes() {
            return bytes.get();
        }

        @Override
        protected void append(ILoggingEvent event) {
            bytes.addAndGet(encoder.encode(event).length);
        }
    }
}
