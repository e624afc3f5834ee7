package org.carecall.demo;

import io.netty.handler.codec.http.HttpMethod;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.carecall.agent.Agent;
import org.carecall.agent.feedback.Lamps;
import org.carecall.hub.http.ApiException;
import org.carecall.hub.http.HttpRoutes;
import org.carecall.hub.http.HttpRoutes.Access;
import org.carecall.hub.http.HttpRoutes.Reply;

/**
 * The demo's simulator panel, added to the hub's HTTP API: each simulated unit with its lamps as the
 * resident sees them, and its inputs to press, pull or trip. The console shows the panel when it exists.
 */
final class DemoPanel {
    /** Inputs a visitor may work: a tap (press then release), or a hold for the cancel button. */
    private static final Set<String> TAPS = Set.of("call-button", "pull-cord", "smoke", "door", "motion", "tamper",
            "power-fail");

    private Demo demo;

    void attach(Demo demo) {
        this.demo = demo;
    }

    void register(HttpRoutes routes) {
        routes.add(HttpMethod.GET, "/api/demo/units", Access.anyStaff(), call -> Reply.ok(units()));
        routes.add(HttpMethod.POST, "/api/demo/units/{id}/{input}", Access.anyStaff(), call -> {
            Agent unit = unit(call.param("id"));
            String input = call.param("input");
            if (input.equals("cancel-button")) {
                hold(unit, input, 2500);
            } else if (TAPS.contains(input)) {
                hold(unit, input, 150);
            } else {
                throw ApiException.badRequest("no input '" + input + "' on the panel");
            }
            return Reply.ok(Map.of("unit", call.param("id"), "input", input));
        });
    }

    private List<Map<String, Object>> units() {
        if (demo == null) {
            return List.of();
        }
        return demo.units().stream().map(unit -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("id", unit.config().device.id);
            view.put("resident", demo.residentOf(unit.config().device.id));
            view.put("link", unit.link().connected() ? "up" : "down");
            unit.onLoop(() -> {
                view.put("phase", unit.feedback().shown().name());
                Map<String, String> lamps = new LinkedHashMap<>();
                for (Lamps.Lamp lamp : Lamps.Lamp.values()) {
                    lamps.put(lamp.name().toLowerCase(), unit.lamps().mode(lamp).name());
                }
                view.put("lamps", lamps);
                view.put("outbox", unit.outbox().pending());
                return null;
            });
            return view;
        }).toList();
    }

    private Agent unit(String id) {
        if (demo == null) {
            throw ApiException.notFound("the demo is still starting");
        }
        return demo.units().stream().filter(unit -> unit.config().device.id.equals(id)).findFirst()
                .orElseThrow(() -> ApiException.notFound("no simulated unit '" + id + "'"));
    }

    /** A finger on a contact: active for a while, then released, off the request's own thread. */
    private static void hold(Agent unit, String input, long millis) {
        unit.board().simulate(input, true);
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            unit.board().simulate(input, false);
        });
    }
}
