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
 * resident sees them, and its inputs to press, pull or trip, the two everyday keys among them (they send
 * only where the hub's config enables them; elsewhere the unit buzzes). The console shows the panel when it exists.
 */
final class DemoPanel {
    /**
     * Inputs a visitor may work, each held as long as a real one would be, so that it passes the unit's
     * own debounce (smoke 200 ms, power 500 ms) and the cancel button's long press.
     */
    private static final Map<String, Long> HOLD_MS = Map.of("call-button", 150L, "pull-cord", 150L, "smoke", 800L,
            "door", 400L, "motion", 400L, "tamper", 800L, "power-fail", 1500L, "cancel-button", 2500L,
            "check-in-key", 150L, "service-key", 150L);

    private Demo demo;

    void attach(Demo demo) {
        this.demo = demo;
    }

    void register(HttpRoutes routes) {
        // The panel's own script and style, which only the demo's console page names.
        routes.add(HttpMethod.GET, "/demo/panel.js", Access.PUBLIC, call -> resource("panel.js", "text/javascript; charset=utf-8"));
        routes.add(HttpMethod.GET, "/demo/panel.css", Access.PUBLIC, call -> resource("panel.css", "text/css; charset=utf-8"));
        routes.add(HttpMethod.GET, "/demo/clips/{language}/{clip}", Access.PUBLIC, call -> clip(call.param("language"),
                call.param("clip")));
        routes.add(HttpMethod.GET, "/api/demo/units", Access.anyStaff(), call -> Reply.ok(units()));
        routes.add(HttpMethod.POST, "/api/demo/units/{id}/{input}", Access.anyStaff(), call -> {
            Agent unit = unit(call.param("id"));
            String input = call.param("input");
            if (input.equals("no-motion")) {
                // Nobody has moved for a day: the unit asks "are you all right?" and, unanswered, calls.
                unit.onLoop(() -> {
                    unit.inactivity().assumeQuietSince(java.time.Instant.now().minus(java.time.Duration.ofDays(1)));
                    return null;
                });
                return Reply.ok(Map.of("unit", call.param("id"), "input", input));
            }
            Long hold = HOLD_MS.get(input);
            if (hold == null) {
                throw ApiException.badRequest("no input '" + input + "' on the panel");
            }
            hold(unit, input, hold);
            return Reply.ok(Map.of("unit", call.param("id"), "input", input));
        });
    }

    private static Reply resource(String name, String type) throws java.io.IOException {
        try (java.io.InputStream in = DemoPanel.class.getResourceAsStream("/demo/" + name)) {
            if (in == null) {
                throw ApiException.notFound("/demo/" + name);
            }
            return new Reply(io.netty.handler.codec.http.HttpResponseStatus.OK, type, in.readAllBytes());
        }
    }

    /** A unit's prompt, for the panel to play in the browser: only the two languages and the clips' own names. */
    private static Reply clip(String language, String clip) throws java.io.IOException {
        if (!Set.of("zh-CN", "en").contains(language) || !clip.matches("[a-z-]+\\.wav")) {
            throw ApiException.notFound("no clip " + language + "/" + clip);
        }
        return resource("clips/" + language + "/" + clip, "audio/wav");
    }

    /** What every unit shows and says now, as the panel draws it; pushed to the consoles when it changes. */
    List<Map<String, Object>> units() {
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
                // The last few prompts, numbered, so the panel plays each new one in turn.
                var history = unit.voice().history();
                var spoken = history.recent();
                int first = history.total() - spoken.size();
                List<Map<String, Object>> recent = new java.util.ArrayList<>();
                for (int i = Math.max(0, spoken.size() - 5); i < spoken.size(); i++) {
                    var said = spoken.get(i);
                    recent.add(Map.of("n", first + i + 1, "clip", said.clip().file, "language", said.language(),
                            "words", PromptWords.of(said.clip().file, said.language(), said.name())));
                }
                view.put("spoken", recent);
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
