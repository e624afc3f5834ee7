package org.carecall.hub.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's etcd as the store Patroni keeps its leader key in: one member on free loopback ports with a
 * temporary data directory (a district runs three, one beside each database server). Its v2 API is on:
 * Patroni 3.0.2 (Debian 12) takes the leader key through it with compare-and-set, where its etcd3 client
 * could overwrite a newer leader's key (see docs/deployment.md). Guarantees: once started it answers its
 * health check; closing it kills it.
 */
public final class TestEtcd implements AutoCloseable {
    private static final Duration STARTING = Duration.ofSeconds(30);

    private final Process process;
    private final int clientPort;

    private TestEtcd(Process process, int clientPort) {
        this.process = process;
        this.clientPort = clientPort;
    }

    public static TestEtcd start() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("carecall-etcd-");
        int client = TestPostgres.freePort();
        int peer = TestPostgres.freePort();
        Process process = new ProcessBuilder(List.of("etcd", "--name", "etcd0", "--data-dir", dir.resolve("data").toString(),
                "--listen-client-urls", "http://127.0.0.1:" + client, "--advertise-client-urls", "http://127.0.0.1:" + client,
                "--listen-peer-urls", "http://127.0.0.1:" + peer, "--initial-advertise-peer-urls", "http://127.0.0.1:" + peer,
                "--initial-cluster", "etcd0=http://127.0.0.1:" + peer, "--enable-v2=true"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("etcd.log").toFile()).start();
        TestEtcd etcd = new TestEtcd(process, client);
        try {
            etcd.awaitHealthy();
        } catch (IOException | RuntimeException e) {
            etcd.close();
            throw e;
        }
        return etcd;
    }

    private void awaitHealthy() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        long until = System.nanoTime() + STARTING.toNanos();
        while (System.nanoTime() < until) {
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + clientPort + "/health")).timeout(Duration.ofSeconds(1)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.body().contains("\"health\":\"true\"")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (!process.isAlive()) {
                throw new IOException("etcd ended with " + process.exitValue());
            }
            Thread.sleep(100);
        }
        throw new IOException("etcd not healthy after " + STARTING.toSeconds() + " s");
    }

    /** host:port of its client API, as Patroni's {@code etcd.hosts} names it. */
    public String clientAddress() {
        return "127.0.0.1:" + clientPort;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
