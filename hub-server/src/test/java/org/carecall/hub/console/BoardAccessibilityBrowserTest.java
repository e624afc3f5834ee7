package org.carecall.hub.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.carecall.hub.support.Browser;
import org.carecall.hub.support.TestCommunity;
import org.carecall.hub.support.TestDevice;
import org.carecall.hub.support.TestHub;
import org.carecall.protocol.AlarmKind;
import org.carecall.protocol.message.AlarmReport;
import org.junit.jupiter.api.Test;

/**
 * axe-core (the engine accessibility audits use) on a duty worker's phone at the worst moment for it: a call
 * rings and alerts are not started yet, so the start-duty button flashes over the cards. No serious or
 * critical violation, twice half a flash apart (both frames of the flash, as far as timing allows) and with
 * reduced motion set; each run must have checked the button's contrast, or it proved nothing. axe.min.js comes from the
 * test class path (Deque's package on Maven Central), injected into the page as it is.
 */
class BoardAccessibilityBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void theBoardWhileACallRingsAndAlertsAreNotStartedHasNoSeriousViolation() throws Exception {
        String axe = axeScript();
        try (TestHub hub = TestHub.start()) {
            TestCommunity xincheng = TestCommunity.create(hub.hub());
            xincheng.onDuty("lina", "Li Na");
            try (TestDevice unit = xincheng.connectUnit()) {
                Browser lina = Browser.phone(null, 360);
                try {
                    lina.open(hub.consoleUrl());
                    lina.click("#lang");
                    lina.loginOnly("lina", "lina-password-1");
                    AlarmReport press = unit.newAlarm(AlarmKind.CALL_BUTTON);
                    unit.send(press);
                    lina.until(WAIT, () -> lina.exists("li[data-alarm-id='" + press.id() + "'][data-ringing=true]"));
                    lina.until(WAIT, () -> lina.exists("body[data-ringing=true] #start-duty:not([hidden])"));

                    assertThat(serious(lina, axe)).as("axe-core, first frame").isEmpty();
                    Thread.sleep(500); // half a flash later: most likely the other frame (red on white, not white on red)
                    assertThat(serious(lina, axe)).as("axe-core, second frame").isEmpty();
                    lina.emulateMedia("prefers-reduced-motion", "reduce");
                    assertThat(serious(lina, axe)).as("axe-core, reduced motion").isEmpty();
                } finally {
                    lina.close();
                }
            }
        }
    }

    /**
     * The serious and critical violations on the page now, each as its rule, its help and where; and a line
     * of its own if axe did not check the contrast of the start-duty button (a check that proved nothing).
     */
    @SuppressWarnings("unchecked")
    private static List<String> serious(Browser browser, String axe) {
        if (!Boolean.TRUE.equals(browser.script("return typeof window.axe === 'object'"))) {
            browser.script(axe);
        }
        Object answer = browser.asyncScript("""
                const done = arguments[arguments.length - 1];
                window.axe.run(document).then((results) => {
                  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
                    .map((v) => v.id + ': ' + v.help + ' at ' + v.nodes.map((n) => n.target.join(' ')).join(', '));
                  const contrast = results.passes.concat(results.violations).filter((r) => r.id === 'color-contrast')
                    .flatMap((r) => r.nodes).some((n) => n.target.join(' ').includes('start-button'));
                  done(contrast ? bad : bad.concat(["the start-duty button's contrast was not checked"]));
                }).catch((error) => done(['axe failed: ' + error]));
                """);
        return (List<String>) answer;
    }

    private static String axeScript() throws IOException {
        try (InputStream in = BoardAccessibilityBrowserTest.class.getResourceAsStream("/axe.min.js")) {
            assertThat(in).as("axe.min.js on the test class path").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
