package org.carecall.hub.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.carecall.hub.staff.Role;
import org.carecall.hub.support.Browser;
import org.carecall.hub.support.TestCommunity;
import org.carecall.hub.support.TestHub;
import org.carecall.hub.workorders.WorkOrderState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A work order from the worker's side, in a real Chromium at phone size: the supervisor reports Zhang Min's
 * hall lamp, and Wang, on duty in her grid, takes it, starts it and finishes it from Today; the follow-up call
 * then waits on Today until he records it.
 */
class WorkOrdersBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Path SCREENSHOTS = Path.of("../docs/screenshots");

    private TestHub hub;
    private TestCommunity xincheng;

    @BeforeEach
    void start() throws Exception {
        hub = TestHub.start();
        xincheng = TestCommunity.create(hub.hub());
        xincheng.onDuty("wang", "Wang Li");
        xincheng.staff("chen", "Chen Jie", Role.SUPERVISOR);
    }

    @AfterEach
    void stop() throws Exception {
        hub.close();
    }

    @Test
    void aDutyWorkerTakesStartsAndFinishesAnOrderOnTodayAndTheFollowUpAppears() throws Exception {
        String id = xincheng.console("chen").post("/api/work-orders", "{\"residentId\":\"" + xincheng.zhang().id()
                + "\",\"category\":\"REPAIR\",\"note\":\"the hall lamp is out\",\"source\":\"STAFF\"}").body()
                .path("id").asText();
        String card = "#today-orders li[data-order-id='" + id + "']";

        try (Browser wang = Browser.phone(null, 360)) {
            wang.open("http://127.0.0.1:" + hub.hub().httpPort() + "/");
            wang.click("#lang");
            wang.login("wang", "wang-password-1");
            wang.click("[data-tab=today]");
            wang.until(WAIT, () -> wang.exists(card));
            assertThat(wang.text(card)).contains("Zhang Min").contains("Repair").contains("Reported")
                    .contains("the hall lamp is out").doesNotContain("REPAIR");

            wang.click(card + " button[data-action=take-order]");
            wang.until(WAIT, () -> "ASSIGNED".equals(wang.attribute(card, "data-state")));
            assertThat(wang.text(card)).contains("Assigned").contains("With Wang Li");
            assertThat(state(id)).isEqualTo(WorkOrderState.ASSIGNED);

            wang.click(card + " button[data-action=start-order]");
            wang.until(WAIT, () -> "IN_PROGRESS".equals(wang.attribute(card, "data-state")));

            wang.click(card + " button[data-action=done-order]");
            wang.find(card + " select[name=outcome]").sendKeys("Resolved");
            wang.type(card + " textarea[name=note]", "new bulb fitted");
            wang.script("document.querySelector(arguments[0]).scrollIntoView()", card);
            wang.screenshot(SCREENSHOTS.resolve("work-order-done-phone.png"));
            wang.click(card + " button[data-action=confirm-done]");

            String followUp = "#today-followups li[data-order-id='" + id + "']";
            wang.until(WAIT, () -> wang.exists(followUp) && !wang.exists(card));
            assertThat(state(id)).isEqualTo(WorkOrderState.DONE);
            assertThat(hub.hub().care().workOrders().find(id).orElseThrow().outcome()).isEqualTo("RESOLVED");
            assertThat(wang.text(followUp)).contains("Zhang Min").contains("Repair").contains("Call her by");
            assertThat(wang.text("#today-orders")).contains("No work orders");
            assertThat((Long) wang.script("return document.documentElement.scrollWidth")).isLessThanOrEqualTo(360L);
            wang.script("document.getElementById('today-orders').previousElementSibling.scrollIntoView()");
            wang.screenshot(SCREENSHOTS.resolve("work-orders-today-phone.png"));

            // The follow-up call (回访): she is satisfied; the order is closed and leaves Today.
            wang.type(followUp + " textarea[name=note]", "the lamp works, thank you");
            wang.click(followUp + " button[data-action=satisfied]");
            wang.until(WAIT, () -> !wang.exists(followUp));
            assertThat(state(id)).isEqualTo(WorkOrderState.FOLLOWED_UP);
        }
    }

    private WorkOrderState state(String id) throws Exception {
        return hub.hub().care().workOrders().find(id).orElseThrow().state();
    }
}
