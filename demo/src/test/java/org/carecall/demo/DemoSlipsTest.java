package org.carecall.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * Small things a new user meets first: the panel shows what the unit said in words, and a demo started on
 * a port already taken is recognised as that, so it is told in one sentence rather than a stack trace.
 */
class DemoSlipsTest {

    @Test
    void thePanelShowsThePromptsWordsInTheUnitsLanguage() {
        assertThat(PromptWords.of("received", "zh-CN", null)).isEqualTo("您的呼叫已收到");
        assertThat(PromptWords.of("received", "en", null)).isEqualTo("Your call has been received");
        assertThat(PromptWords.of("help-coming", "en", "Li Na")).isEqualTo("Li Na is on the way");
    }

    @Test
    void aDemoOnABusyPortIsRecognisedAsOne() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Exception failure = null;
            try (Demo demo = Demo.start(Files.createTempDirectory("carecall-demo-busy-"), 0, taken.getLocalPort())) {
                assertThat(demo).as("the demo should not start on a taken port").isNull();
            } catch (Exception e) {
                failure = e;
            }
            assertThat(failure).isNotNull();
            assertThat(DemoMain.cannotStart(failure)).as(String.valueOf(failure))
                    .contains("port " + taken.getLocalPort()).contains("in use").doesNotContain("Exception");
        }
    }
}
