package org.carecall.hub.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

/** Who may read /metrics: the token from anywhere, a loopback peer without one, a forwarded request never without. */
class ScrapeAccessTest {
    private static final InetSocketAddress OUTSIDE = new InetSocketAddress("192.0.2.7", 40000);
    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 40000);
    private final ScrapeAccess access = new ScrapeAccess("scrape-token-1", true);

    @Test
    void aClientFromOutsideNeedsTheToken() {
        assertThat(access.allows(OUTSIDE, null, false)).isFalse();
        assertThat(access.allows(OUTSIDE, "Bearer wrong-token", false)).isFalse();
        assertThat(access.allows(OUTSIDE, "Basic c2NyYXBlOnRva2Vu", false)).isFalse();
        assertThat(access.allows(OUTSIDE, "Bearer scrape-token-1", false)).isTrue();
        assertThat(access.allows(OUTSIDE, "bearer scrape-token-1", true)).isTrue();
    }

    @Test
    void aLoopbackClientNeedsNoTokenUnlessAProxyForwardedTheRequestOrLoopbackIsNotTrusted() {
        assertThat(access.allows(LOCAL, null, false)).isTrue();
        assertThat(access.allows(LOCAL, null, true)).as("a proxy on this machine forwarded it").isFalse();
        assertThat(access.allows(LOCAL, "Bearer wrong-token", false)).as("a wrong token is wrong anywhere").isFalse();
        assertThat(new ScrapeAccess("scrape-token-1", false).allows(LOCAL, null, false)).isFalse();
    }

    @Test
    void withoutATokenInTheSettingsOneIsMadeOnceInAFileOnlyTheHubReads() throws Exception {
        Path data = Files.createTempDirectory("carecall-scrape-");

        ScrapeAccess.load(null, data, true);
        String token = Files.readString(ScrapeAccess.tokenFile(data)).strip();
        ScrapeAccess again = ScrapeAccess.load("", data, true);

        assertThat(token).hasSizeGreaterThan(30);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ScrapeAccess.tokenFile(data))))
                .isEqualTo("rw-------");
        assertThat(again.allows(OUTSIDE, "Bearer " + token, false)).as("the same token after a restart").isTrue();
    }
}
