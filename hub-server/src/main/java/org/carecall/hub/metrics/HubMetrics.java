package org.carecall.hub.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.DoubleSupplier;

/** The hub's figures in Prometheus form, served on {@code /metrics}. One registry per hub. */
public final class HubMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
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

    public void alarmStored(String kind) {
        alarmsReceived.labelValues(kind).inc();
    }

    public void alarmReport(String outcome) {
        alarmOutcomes.labelValues(outcome).inc();
    }

    public void receiptLatency(long nanos) {
        receiptLatency.observe(nanos / 1e9);
    }

    public void refused(String reason) {
        refused.labelValues(reason).inc();
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
