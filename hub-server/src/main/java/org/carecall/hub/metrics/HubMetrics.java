package org.carecall.hub.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * The hub's figures in Prometheus form, served on {@code /metrics}. One registry per hub: the Java
 * runtime's own figures, the calls and how fast people were reached and took them, escalation, the store
 * writer, consoles and units. {@code monitoring/} holds the alert rules and the dashboard built on them.
 */
public final class HubMetrics {
    private static final double[] HUMAN_SECONDS = {1, 5, 10, 15, 30, 60, 90, 120, 180, 300, 600, 1800};
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Histogram timeToNotified = Histogram.builder()
            .name("carecall_time_to_notified_seconds")
            .help("From a call's arrival to the first person seeing it (or the outside channel taking it)")
            .classicUpperBounds(HUMAN_SECONDS)
            .register(registry);
    private final Histogram timeToAcknowledged = Histogram.builder()
            .name("carecall_time_to_acknowledged_seconds")
            .help("From a call's arrival to someone taking it")
            .classicUpperBounds(HUMAN_SECONDS)
            .register(registry);
    private final Counter escalationSteps = Counter.builder()
            .name("carecall_escalation_steps_total")
            .help("Escalation steps fired, by result: rang (someone could see it) or nobody (moved on at once)")
            .labelNames("result")
            .register(registry);
    private final Counter unreached = Counter.builder()
            .name("carecall_escalation_unreached_total")
            .help("Calls whose every escalation step reached nobody")
            .register(registry);
    private final Counter rosterGaps = Counter.builder()
            .name("carecall_roster_gaps_total")
            .help("Calls that found nobody on duty where they should have rung")
            .register(registry);
    private final Counter outsideFailures = Counter.builder()
            .name("carecall_outside_channel_failures_total")
            .help("Deliveries to the outside channel that did not answer success after every attempt")
            .register(registry);
    private final Histogram storeCommit = Histogram.builder()
            .name("carecall_store_commit_seconds")
            .help("How long each group commit of the store writer took")
            .classicUpperBounds(0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 5)
            .register(registry);
    private final Counter alarmsReceived = Counter.builder()
            .name("carecall_alarms_received_total")
            .help("Alarms committed to the store, by kind")
            .labelNames("kind")
            .register(registry);
    private final Counter alarmOutcomes = Counter.builder()
            .name("carecall_alarm_reports_total")
            .help("Alarm reports from devices, by outcome: raised, merged (a repeat press), duplicate (a resend)")
            .labelNames("outcome")
            .register(registry);
    private final Histogram receiptLatency = Histogram.builder()
            .name("carecall_alarm_receipt_seconds")
            .help("From an alarm's PUBLISH arriving to its commit and RECEIVED being sent")
            .classicUpperBounds(0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5)
            .register(registry);
    private final Counter refused = Counter.builder()
            .name("carecall_refused_total")
            .help("Refused connections and messages, by reason")
            .labelNames("reason")
            .register(registry);
    private final Counter messages = Counter.builder()
            .name("carecall_device_messages_total")
            .help("Messages received from devices, by channel")
            .labelNames("channel")
            .register(registry);

    private final Counter familyMessages = Counter.builder()
            .name("carecall_family_messages_total")
            .help("Attempts to deliver a message to a resident's family, by channel (EMAIL, WEBHOOK) and result:"
                    + " delivered, failed (to be retried), given-up (the last attempt failed)")
            .labelNames("channel", "result")
            .register(registry);

    public HubMetrics() {
        JvmMetrics.builder().register(registry);
        // Every channel's series exist at 0, so that an alert's rate over them is defined before the first letter.
        for (String channel : List.of("EMAIL", "WEBHOOK")) {
            for (String result : List.of("delivered", "failed", "given-up")) {
                familyMessages.labelValues(channel, result);
            }
        }
        // Counted by the JVM itself, not sampled at collections: the bench divides it by a scenario's calls.
        gauge("carecall_jvm_allocated_bytes", "Heap bytes allocated by all threads since the hub started",
                HubMetrics::allocatedBytes);
    }

    private static double allocatedBytes() {
        return ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads
                ? threads.getTotalThreadAllocatedBytes() : Double.NaN;
    }

    public void notified(java.time.Duration sinceArrival) {
        timeToNotified.observe(sinceArrival.toMillis() / 1000.0);
    }

    public void acknowledged(java.time.Duration sinceArrival) {
        timeToAcknowledged.observe(sinceArrival.toMillis() / 1000.0);
    }

    public void escalationStep(boolean reachedSomebody) {
        escalationSteps.labelValues(reachedSomebody ? "rang" : "nobody").inc();
    }

    public void rosterGap() {
        rosterGaps.inc();
    }

    public void callUnreached() {
        unreached.inc();
    }

    public void outsideChannelFailed() {
        outsideFailures.inc();
    }

    public void storeCommit(long nanos) {
        storeCommit.observe(nanos / 1e9);
    }

    /** A gauge with labels, read when scraped: each entry is the labels' values and the figure. */
    public void gauge(String name, String help, List<String> labelNames, Supplier<Map<List<String>, ? extends Number>> values) {
        GaugeWithCallback.builder().name(name).help(help).labelNames(labelNames.toArray(String[]::new))
                .callback(callback -> values.get().forEach((labels, value) ->
                        callback.call(value.doubleValue(), labels.toArray(String[]::new))))
                .register(registry);
    }

    public void alarmStored(String kind) {
        alarmsReceived.labelValues(kind).inc();
    }

    public void alarmReport(String outcome) {
        alarmOutcomes.labelValues(outcome).inc();
    }

    public void receiptLatency(long nanos) {
        receiptLatency.observe(nanos / 1e9);
    }

    /** Makes a refusal's series exist at 0, so that a rate over it is defined before its first refusal. */
    public void expectRefusals(String reason) {
        refused.labelValues(reason);
    }

    public void refused(String reason) {
        refused.labelValues(reason).inc();
    }

    /** One attempt to deliver a family message on a channel, and how it went. */
    public void familyMessage(String channel, String result) {
        familyMessages.labelValues(channel, result).inc();
    }

    public void message(String channel) {
        messages.labelValues(channel).inc();
    }

    /** A gauge read when scraped, such as the number of connected devices. */
    public void gauge(String name, String help, DoubleSupplier value) {
        GaugeWithCallback.builder().name(name).help(help)
                .callback(callback -> callback.call(value.getAsDouble()))
                .register(registry);
    }

    /** The Prometheus text exposition of every metric. */
    public String scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    public static String contentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }
}
