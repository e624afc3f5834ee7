package org.carecall.hub;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import org.carecall.hub.config.ConfigException;
import org.carecall.hub.config.HubConfig;
import org.carecall.hub.config.HubConfigLoader;

/** {@code ./carecall hub [--config FILE]}: runs a hub until it is stopped. */
public final class HubMain {

    private HubMain() {
    }

    public static void main(String[] args) throws Exception {
        Path configFile = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                configFile = Path.of(args[++i]);
            } else {
                System.err.println("usage: carecall hub [--config FILE]");
                System.exit(2);
            }
        }
        HubConfig config;
        try {
            config = HubConfigLoader.load(configFile, System.getenv());
        } catch (ConfigException e) {
            System.err.println("carecall hub: " + e.getMessage());
            System.exit(2);
            return;
        }
        Hub hub = Hub.start(config, Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            hub.close();
            stopped.countDown();
        }, "hub-shutdown"));
        System.out.printf("CareCall hub running: MQTT on port %d, HTTP on port %d, data in %s%n",
                hub.mqttPort(), hub.httpPort(), config.dataPath().toAbsolutePath());
        stopped.await();
    }
}
