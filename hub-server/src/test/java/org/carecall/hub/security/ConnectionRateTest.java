package org.carecall.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** New connections per address, on a clock the test moves. */
class ConnectionRateTest {
    private final AtomicLong nanos = new AtomicLong();
    private final List<InetAddress> refused = new ArrayList<>();

    @Test
    void aBurstThenTheSteadyRateAndEachTurnedAwayIsHeardOf() throws Exception {
        ConnectionRate rate = new ConnectionRate(5, 2, false, nanos::get, refused::add);
        InetAddress stranger = InetAddress.getByName("192.0.2.9");
        InetAddress unit = InetAddress.getByName("192.0.2.10");

        int admitted = 0;
        for (int i = 0; i < 20; i++) {
            admitted += rate.admit(stranger) ? 1 : 0;
        }
        assertThat(admitted).isEqualTo(5);
        assertThat(refused).hasSize(15).containsOnly(stranger);
        assertThat(rate.admit(unit)).as("another address has its own allowance").isTrue();

        nanos.addAndGet(1_000_000_000L);
        assertThat(rate.admit(stranger)).isTrue();
        assertThat(rate.admit(stranger)).isTrue();
        assertThat(rate.admit(stranger)).as("two a second after the burst").isFalse();
    }

    @Test
    void loopbackIsLetThroughUnlessAsked() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        ConnectionRate lenient = new ConnectionRate(1, 1, false, nanos::get, refused::add);
        ConnectionRate strict = new ConnectionRate(1, 1, true, nanos::get, refused::add);
        for (int i = 0; i < 10; i++) {
            assertThat(lenient.admit(loopback)).isTrue();
        }
        assertThat(strict.admit(loopback)).isTrue();
        assertThat(strict.admit(loopback)).isFalse();
    }
}
