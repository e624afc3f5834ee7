package org.carecall.demo;

import java.net.BindException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.carecall.hub.config.ConfigException;
import org.carecall.hub.config.HubConfig;

/** {@code ./carecall demo}: the whole system on one machine, until Ctrl-C. */
public final class DemoMain {

    private DemoMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(env("CARECALL_DATA_DIR", "./data/demo"));
        int mqttPort = Integer.parseInt(env("CARECALL_MQTT_PORT", "1883"));
        int httpPort = Integer.parseInt(env("CARECALL_HTTP_PORT", "8080"));
        HubConfig defaults = new HubConfig();
        int mqttTlsPort = Integer.parseInt(env("CARECALL_MQTT_TLS_PORT", String.valueOf(defaults.mqtt.tlsPort)));
        int httpsPort = Integer.parseInt(env("CARECALL_HTTPS_PORT", String.valueOf(defaults.http.tlsPort)));
        Demo demo;
        try {
            demo = Demo.start(dataDir, mqttPort, httpPort, mqttTlsPort, httpsPort);
        } catch (Exception e) {
            String sentence = cannotStart(e);
            if (sentence != null) { // one sentence, no stack trace: the usual cause is a demo already running
                System.err.println("carecall demo: " + sentence);
                System.exit(2);
            }
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            demo.close();
            stopped.countDown();
        }, "demo-shutdown"));
        System.out.printf("""

                CareCall demo is running (data in %s).
                  Console:  http://localhost:%d/ on this machine; from a phone: %s
                            (install the hub's CA from the login page first; fingerprint %s)
                  Logins:   wang / wang-carecall   duty, grid 1      lina / lina-carecall   duty, grid 2
                            chen / chen-carecall   supervisor        zhou / zhou-carecall   technician
                            admin / admin-carecall
                  Six simulated bedside units are connected; press their buttons in the console's
                  simulator panel and watch their lamps. Ctrl-C stops everything.
                  Backup:   CARECALL_DATA_DIR=%s ./carecall hub backup --plaintext demo-backup.db
                """, dataDir.toAbsolutePath().normalize(), demo.hub().httpPort(),
                "https://" + demo.hub().config().publicNameInUrl() + ":" + demo.hub().httpsPort() + "/",
                demo.hub().tls().pin(), dataDir.resolve("hub").toAbsolutePath().normalize());
        stopped.await();
    }

    /**
     * The sentence to print instead of a stack trace when the demo cannot start for a reason its user can fix
     * (a port in use, named by the hub's own check, or a bind that lost a race with another program); null
     * for anything else, which keeps its trace.
     */
    static String cannotStart(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConfigException) {
                return cause.getMessage() + " (is a demo or hub already running?)";
            }
            if (cause instanceof BindException) {
                return "cannot start: a port is already in use (" + cause.getMessage() + "; is a demo or hub already"
                        + " running?); stop it, or choose other ports with CARECALL_HTTP_PORT, CARECALL_MQTT_PORT,"
                        + " CARECALL_HTTPS_PORT and CARECALL_MQTT_TLS_PORT";
            }
        }
        return null;
    }

    private static String env(String name, String absent) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? absent : value;
    }
}
