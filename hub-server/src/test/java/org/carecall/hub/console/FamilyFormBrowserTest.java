package org.carecall.hub.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.carecall.hub.support.Browser;
import org.carecall.hub.support.TestCommunity;
import org.carecall.hub.support.TestConsole;
import org.carecall.hub.support.TestGateway;
import org.carecall.hub.support.TestHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A son's consent recorded in the file's form, in a real Chromium: "wants updates" without the consent is
 * refused beside the consent box; with it, the hub stores his address, his language and who recorded it,
 * and the file offers a short update to the family, which reaches the gateway.
 */
class FamilyFormBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private TestGateway gateway;
    private TestHub hub;
    private TestCommunity xincheng;
    private TestConsole api;
    private Browser admin;

    @BeforeEach
    void start() throws Exception {
        gateway = TestGateway.answering();
        hub = TestHub.start(config -> {
            config.escalation.webhookUrl = gateway.url();
            config.escalation.webhookSecret = "family-gateway-secret-of-32-bytes!";
        });
        xincheng = TestCommunity.create(hub.hub());
        api = hub.admin();
        api.put("/api/residents/" + xincheng.zhang().id(), """
                {"areaId":"%s","name":"Zhang Min","riskLevel":"HIGH","healthNotes":"insulin at 8:00",
                 "emergencyContacts":[{"name":"Zhang Wei","relation":"son","phone":"139 0000 0001"}]}"""
                .formatted(xincheng.grid().id()));
        admin = new Browser();
        admin.open("http://127.0.0.1:" + hub.hub().httpPort() + "/");
        admin.click("#lang");
        admin.loginOnly("admin", TestHub.ADMIN_PASSWORD);
    }

    @AfterEach
    void stop() throws Exception {
        admin.close();
        hub.close();
        gateway.close();
    }

    @Test
    void wantsUpdatesNeedsTheConsentBoxAndTheHubRecordsWhoTookIt() throws Exception {
        admin.click("[data-tab=residents]");
        String zhang = "#resident-list li[data-resident-id='" + xincheng.zhang().id() + "']";
        admin.until(WAIT, () -> admin.exists(zhang));
        admin.click(zhang + " button");
        admin.until(WAIT, () -> admin.find("#file").isDisplayed());
        admin.click("#file-edit");
        admin.until(WAIT, () -> admin.find("#resident-editor").isDisplayed());
        String son = "#contact-rows li:first-child ";
        admin.type(son + "input[data-part=email]", "wei@example.cn");
        admin.click(son + "input[data-part=updates]");
        admin.click("#resident-form button[type=submit]");

        assertThat(admin.fieldError("#resident-form", "emergencyContacts.1.consentAt", WAIT))
                .isEqualTo("Record the consent before sending updates.");
        assertThat(api.get("/api/residents/" + xincheng.zhang().id()).body().path("emergencyContacts").get(0)
                .path("updates").asBoolean()).isFalse();

        admin.click(son + "input[data-part=consent]");
        admin.click("#resident-form button[type=submit]");
        admin.until(WAIT, () -> !admin.find("#resident-editor").isDisplayed());
        JsonNode stored = api.get("/api/residents/" + xincheng.zhang().id()).body().path("emergencyContacts").get(0);
        assertThat(stored.path("email").asText()).isEqualTo("wei@example.cn");
        assertThat(stored.path("updates").asBoolean()).isTrue();
        assertThat(stored.path("consentBy").asText()).isEqualTo("admin");
        admin.until(WAIT, () -> admin.text("#file-contacts").contains("gets news"));

        // Now the file offers a short update to the family, and it reaches the gateway.
        admin.until(WAIT, () -> admin.find("#family-update").isDisplayed());
        admin.type("#family-update textarea[name=text]", "Visited this morning; she is well.");
        admin.click("#family-update button[type=submit]");
        admin.until(WAIT, () -> admin.text("#notice-text").contains("1 message(s) on their way"));
        admin.until(WAIT, () -> gateway.posts().size() == 1);
        assertThat(gateway.posts().getFirst().body()).contains("Visited this morning").doesNotContain("insulin");
    }
}
