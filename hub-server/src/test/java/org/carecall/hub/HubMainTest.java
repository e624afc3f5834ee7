package org.carecall.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The hub's command line, as an operator meets it. */
class HubMainTest {

    @Test
    void aHubThatCannotOpenItsPortSaysSoAndExitsInsteadOfLingeringHalfStarted() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String java = ProcessHandle.current().info().command().orElse("java");
            String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            ProcessBuilder builder = new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                    classpath, HubMain.class.getName())).redirectErrorStream(true);
            builder.environment().put("CARECALL_DATA_DIR", Files.createTempDirectory("carecall-main-").toString());
            builder.environment().put("CARECALL_MQTT_PORT", "0");
            builder.environment().put("CARECALL_MQTT_TLS_PORT", "0");
            builder.environment().put("CARECALL_HTTP_PORT", String.valueOf(taken.getLocalPort()));
            builder.environment().put("CARECALL_ADMIN_PASSWORD", "admin-password-for-tests");
            Process hub = builder.start();

            assertThat(hub.waitFor(30, TimeUnit.SECONDS)).as("the process ended by itself").isTrue();
            String output = new String(hub.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(hub.exitValue()).isEqualTo(1);
            assertThat(output).contains("carecall hub: cannot start").contains("Address already in use");
        }
    }
}
