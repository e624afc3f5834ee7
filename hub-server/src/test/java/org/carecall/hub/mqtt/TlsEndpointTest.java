package org.carecall.hub.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.support.ReliabilityLedger;
import org.carecall.hub.support.Command;
import org.carecall.hub.support.TestHub;
import org.carecall.protocol.MessageIds;
import org.carecall.protocol.WireTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** With a certificate and key configured, devices can connect over TLS 1.2 or 1.3, and nothing older. */
@Tag("security")
class TlsEndpointTest {
    private TestHub hub;
    private DeviceRegistry.Enrolled unit;

    @BeforeEach
    void start() throws Exception {
        hub = TestHub.startWithTls();
        unit = hub.enrol("bed-0001");
    }

    @AfterEach
    void stop() throws Exception {
        hub.close();
    }

    @Test
    void aDeviceRaisesAnAlarmOverTls() throws Exception {
        String id = MessageIds.next();
        Command result = Command.run("mosquitto_pub", "-h", "127.0.0.1", "-p", String.valueOf(hub.hub().mqttTlsPort()),
                "--cafile", hub.certificate().toString(), "-V", "mqttv311", "-q", "1",
                "-i", unit.deviceId(), "-u", unit.deviceId(), "-P", unit.secret(),
                "-t", "carecall/v1/devices/bed-0001/up/alarm",
                "-m", "{\"v\":1,\"id\":\"" + id + "\",\"kind\":\"CALL_BUTTON\",\"raisedAt\":\""
                        + WireTime.format(Instant.now()) + "\",\"seq\":1,\"attempt\":1}");

        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(hub.hub().calls().alarms().countById(id)).isEqualTo(1);
    }

    @Test
    void onlyTls12AndTls13AreOffered() throws Exception {
        String port = "127.0.0.1:" + hub.hub().mqttTlsPort();

        Command modern = Command.run("sh", "-c", "echo | openssl s_client -connect " + port + " -tls1_3 -brief");
        Command old = Command.run("sh", "-c", "echo | openssl s_client -connect " + port + " -tls1_1 -brief");

        assertThat(modern.output()).contains("TLSv1.3");
        assertThat(old.exit()).isNotZero();
        assertThat(old.output()).doesNotContain("Protocol version: TLSv1.1");
        ReliabilityLedger.record(new ReliabilityLedger.Check("tls-modern-only", "with TLS enabled, the device port"
                + " speaks TLS 1.2 and 1.3 only", "openssl s_client: TLS 1.3 handshake made; TLS 1.1 refused"));
    }
}
