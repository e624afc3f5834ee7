package org.carecall.hub.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.carecall.hub.staff.Role;
import org.carecall.hub.support.Browser;
import org.carecall.hub.support.TestConsole;
import org.carecall.hub.support.TestHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Given a reset password, the console shows the form to choose one's own and nothing else; once chosen it
 * opens as usual, and "log out everywhere" ends the session.
 */
class OneTimeLoginBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private TestHub hub;
    private Browser wang;

    @BeforeEach
    void start() throws Exception {
        hub = TestHub.start();
        wang = new Browser();
    }

    @AfterEach
    void stop() throws Exception {
        wang.close();
        hub.close();
    }

    @Test
    void aOneTimePasswordShowsOnlyTheFormToChooseOnesOwn() throws Exception {
        String id = hub.hub().people().staff().create("wang", "Wang Li", Role.SUPERVISOR, null, null, "wang-password-1").join().id();
        String reset = hub.hub().people().staff().resetByAdmin(id, "test", "admin");
        wang.open("http://127.0.0.1:" + hub.hub().httpPort() + "/");
        wang.click("#lang");

        wang.type("#login input[name=username]", "wang");
        wang.type("#login input[name=password]", reset);
        wang.click("#login button[type=submit]");

        wang.until(WAIT, () -> !hidden("change-password"));
        assertThat(hidden("tabs")).as("no tabs").isTrue();
        assertThat(hidden("board")).as("no board").isTrue();
        assertThat(hidden("logout-everywhere")).isTrue();
        wang.type("#change-password input[name=current]", reset);
        wang.type("#change-password input[name=new]", "password123");
        wang.click("#change-password button[type=submit]");
        wang.until(WAIT, () -> wang.text("#change-error").contains("too common"));

        wang.type("#change-password input[name=new]", "wang-own-password-2");
        wang.click("#change-password button[type=submit]");
        wang.until(WAIT, () -> !hidden("tabs"));
        assertThat(hidden("change-password")).isTrue();
        String token = (String) wang.script("return sessionStorage.getItem('carecall.token')");

        wang.script("window.confirm = () => true");
        wang.click("#logout-everywhere");
        wang.until(WAIT, () -> !hidden("login"));
        assertThat(TestConsole.withToken(hub.hub().httpPort(), token).get("/api/me").status()).isEqualTo(401);
    }

    private boolean hidden(String id) {
        return Boolean.TRUE.equals(wang.script("return document.getElementById(arguments[0]).hidden", id));
    }
}
