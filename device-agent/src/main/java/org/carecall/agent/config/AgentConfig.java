package org.carecall.agent.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.carecall.protocol.DeviceIds;

/**
 * The agent's settings, read from YAML by {@link AgentConfigLoader}. The default wiring is the one in
 * {@code hardware-docs/pins.md} (a test keeps the two in step); any input or output may be set to
 * {@code null} when the unit does not have it.
 */
public final class AgentConfig {
    public Device device = new Device();
    public Hub hub = new Hub();
    public String dataDir = "./data/agent";
    public Gpio gpio = new Gpio();
    public Inputs inputs = new Inputs();
    public Outputs outputs = new Outputs();
    public Feedback feedback = new Feedback();
    public Timing timing = new Timing();

    public static final class Device {
        public String id;
        public String secret;
        public String firmware = "0.1.0";
        public String hardware = "rpi4b";
    }

    public static final class Hub {
        /** {@code tcp://host:1883} or {@code ssl://host:8883}; a bare {@code host} or {@code host:port} means tcp. */
        public String uri = "tcp://127.0.0.1:1883";
        /**
         * The hub nodes of a district, in the order to try them; when given, used instead of {@link #uri}.
         * The unit stays with the node that answers and moves on to the next when it stops answering.
         */
        public List<String> uris;
        /**
         * PEM CA certificate to trust for {@code ssl://} ({@code provision enrol} saves the hub's here);
         * the system's trust store when empty.
         */
        public String caFile;
        /**
         * {@code tcp://} (clear text: the unit's secret and its calls readable and forgeable on the way) to a
         * hub on another machine is refused unless this says so; a hub on this machine is always allowed.
         */
        public boolean allowPlain = false;
        public int keepAliveS = 30;
    }

    /** The hubs this unit may send to: {@code hub.uris} when given, else {@code hub.uri} alone. */
    public List<String> hubs() {
        return hub.uris != null && !hub.uris.isEmpty() ? List.copyOf(hub.uris) : List.of(hub.uri);
    }

    /** The hubs as the unit's log and status lines name them. */
    public String hubsInWords() {
        return String.join(" or ", hubs());
    }

    public static final class Gpio {
        /** {@code gpiod} on a real board; {@code mock} for simulation and tests. */
        public String provider = "gpiod";
    }

    public static final class Inputs {
        public InputPin callButton = new InputPin(17, InputPin.Pull.UP, true, 30);
        public InputPin pullCord = new InputPin(27, InputPin.Pull.UP, true, 30);
        public InputPin cancelButton = new InputPin(22, InputPin.Pull.UP, true, 30);
        public InputPin motion = new InputPin(23, InputPin.Pull.DOWN, false, 50);
        public InputPin door = new InputPin(24, InputPin.Pull.UP, true, 100);
        public InputPin smoke = new InputPin(25, InputPin.Pull.UP, true, 200);
        public InputPin powerFail = new InputPin(5, InputPin.Pull.UP, true, 500);
        public InputPin tamper = new InputPin(6, InputPin.Pull.UP, true, 200);
        /** The green 平安 key: "I am fine today". Sends only while the hub's config enables it. */
        public InputPin checkInKey = new InputPin(26, InputPin.Pull.UP, true, 30);
        /** The service key: "please come, I need something". Sends only while the hub's config enables it. */
        public InputPin serviceKey = new InputPin(4, InputPin.Pull.UP, true, 30);
    }

    public static final class Outputs {
        public OutputPin redLed = new OutputPin(16, false);
        public OutputPin amberLed = new OutputPin(20, false);
        public OutputPin greenLed = new OutputPin(21, false);
        public OutputPin buzzer = new OutputPin(13, false);
    }

    public static final class Feedback {
        /** {@code zh-CN} or {@code en}, until the hub sends its own setting. */
        public String language = "zh-CN";
        /** The command that plays a WAV clip; empty for a unit without a speaker. */
        public String player = "aplay";
        /** Where the spoken clips are: {@code <clipsDir>/<language>/<clip>.wav}. */
        public String clipsDir = "/usr/share/carecall-agent/clips";
        /** Speaks prompts that carry a name ("Wang Li is on the way"); empty, or not installed: the generic clip. */
        public String speechEngine = "espeak-ng";
    }

    public static final class Timing {
        /** Without RECEIVED this long after a press, show the fault pattern (the outbox keeps trying). */
        public int faultAfterS = 20;
        /** While the hub says nobody is handling the call, "please use the phone" is said again this often. */
        public int unreachedRepeatS = 60;
        /** How long the cancel button must be held to cancel a call. */
        public int cancelHoldMs = 2000;
        /** A contact held longer than this is stuck: it raises once and is then ignored until released. */
        public int stuckAfterS = 60;
        /** Presses closer together than this are one press (chatter a debounce let through). */
        public int minPressGapMs = 200;
        /** The spoken and blinking warning before an inactivity alarm; any button cancels it. */
        public int inactivityWarningS = 60;
        /** First resend delay; doubles per attempt up to retryMaxMs, with jitter. */
        public int retryInitialMs = 1000;
        public int retryMaxMs = 60_000;
        /**
         * An everyday key's press not acknowledged by the hub this long after it was made: the unit says
         * once that it cannot reach the community and keeps trying.
         */
        public int keyRetryingAfterS = 5;
        /** Non-alarm events older than this are dropped unsent. */
        public int eventTtlS = 24 * 3600;
    }

    public Path dataPath() {
        return Path.of(dataDir);
    }

    /** The inputs that are fitted, by name. */
    public Map<String, InputPin> fittedInputs() {
        Map<String, InputPin> fitted = new LinkedHashMap<>();
        put(fitted, "call-button", inputs.callButton);
        put(fitted, "pull-cord", inputs.pullCord);
        put(fitted, "cancel-button", inputs.cancelButton);
        put(fitted, "motion", inputs.motion);
        put(fitted, "door", inputs.door);
        put(fitted, "smoke", inputs.smoke);
        put(fitted, "power-fail", inputs.powerFail);
        put(fitted, "tamper", inputs.tamper);
        put(fitted, "check-in-key", inputs.checkInKey);
        put(fitted, "service-key", inputs.serviceKey);
        return fitted;
    }

    /** The outputs that are fitted, by name. */
    public Map<String, OutputPin> fittedOutputs() {
        Map<String, OutputPin> fitted = new LinkedHashMap<>();
        put(fitted, "red-led", outputs.redLed);
        put(fitted, "amber-led", outputs.amberLed);
        put(fitted, "green-led", outputs.greenLed);
        put(fitted, "buzzer", outputs.buzzer);
        return fitted;
    }

    /** Every problem with the settings, in words a technician can act on; empty when all is well. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        // "inputs:" with nothing under it reads as no section at all; every other check needs the sections.
        Map<String, Object> sections = new LinkedHashMap<>();
        sections.put("device", device);
        sections.put("hub", hub);
        sections.put("gpio", gpio);
        sections.put("inputs", inputs);
        sections.put("outputs", outputs);
        sections.put("feedback", feedback);
        sections.put("timing", timing);
        sections.forEach((name, section) -> {
            if (section == null) {
                problems.add("'" + name + ":' is there but empty; fill it in, or leave it out for the defaults");
            }
        });
        if (!problems.isEmpty()) {
            return problems;
        }
        if (device.id == null || !DeviceIds.isValid(device.id)) {
            problems.add("device.id must be set to the device's id (3 to 64 lower-case letters, digits and dashes);"
                    + " got " + (device.id == null ? "nothing" : "'" + device.id + "'"));
        }
        if (device.secret == null || device.secret.isBlank()) {
            problems.add("device.secret must be set to the secret the hub gave for this device");
        }
        if (hub.uris != null && !hub.uris.isEmpty()) {
            for (String uri : hub.uris) {
                if (uri == null || !uri.matches("(tcp|ssl)://[^/\\s]+")) {
                    problems.add("hub.uris: each entry must be a hub such as tcp://hub-a.local:1883; got '" + uri + "'");
                }
            }
            if (new HashSet<>(hub.uris).size() < hub.uris.size()) {
                problems.add("hub.uris names the same hub twice: " + hub.uris);
            }
        } else if (hub.uri == null || hub.uri.isBlank()) {
            problems.add("hub.uri must name the hub, such as ssl://hub.local:8883");
        }
        if (!hub.allowPlain) {
            for (String uri : hubs()) {
                if (uri != null && uri.startsWith("tcp://") && !onThisMachine(uri)) {
                    problems.add("hub " + uri + " is plain MQTT to another machine: the unit's secret and calls would"
                            + " cross the network in clear. Use ssl://<hub>:8883 with hub.caFile (provision enrol writes"
                            + " both), or set hub.allowPlain: true (CARECALL_HUB_ALLOW_PLAIN=true) to accept the risk");
                }
            }
        }
        if (hub.caFile != null && !hub.caFile.isBlank() && !java.nio.file.Files.isReadable(Path.of(hub.caFile))) {
            problems.add("hub.caFile " + hub.caFile + " cannot be read");
        }
        if (!"gpiod".equals(gpio.provider) && !"mock".equals(gpio.provider)) {
            problems.add("gpio.provider must be gpiod (a real board) or mock (simulation); got '" + gpio.provider + "'");
        }
        if (inputs.callButton == null && inputs.pullCord == null) {
            problems.add("inputs: neither a call button nor a pull cord is fitted; a unit needs at least one");
        }
        Set<Integer> used = new HashSet<>();
        fittedInputs().forEach((name, pin) -> checkPin(name, pin.bcm, used, problems));
        fittedOutputs().forEach((name, pin) -> checkPin(name, pin.bcm, used, problems));
        fittedInputs().forEach((name, pin) -> {
            if (pin.debounceMs < 0 || pin.debounceMs > 5000) {
                problems.add("inputs." + name + ".debounceMs must be between 0 and 5000; got " + pin.debounceMs);
            }
        });
        if (timing.unreachedRepeatS < 10) {
            problems.add("timing.unreachedRepeatS must be at least 10 (a calm interval, not a nag)");
        }
        if (timing.faultAfterS < 1) {
            problems.add("timing.faultAfterS must be at least 1");
        }
        if (timing.retryInitialMs < 10 || timing.retryMaxMs < timing.retryInitialMs) {
            problems.add("timing.retryInitialMs must be at least 10 and no more than timing.retryMaxMs");
        }
        return problems;
    }

    /** tcp://host:port with a loopback host (by its text alone: nothing is looked up). */
    private static boolean onThisMachine(String uri) {
        String rest = uri.substring("tcp://".length());
        String host = rest.startsWith("[") ? rest.substring(1, Math.max(1, rest.indexOf(']'))) : rest.split(":", 2)[0];
        return host.equalsIgnoreCase("localhost") || host.matches("127(\\.[0-9]{1,3}){3}") || host.equals("::1");
    }

    private static void checkPin(String name, int bcm, Set<Integer> used, List<String> problems) {
        if (bcm < 2 || bcm > 27) {
            problems.add(name + ": BCM pin " + bcm + " is not a GPIO pin of the 40-pin header (use 2 to 27)");
        } else if (!used.add(bcm)) {
            problems.add(name + ": BCM pin " + bcm + " is already used by another input or output");
        }
    }

    private static <T> void put(Map<String, T> map, String name, T value) {
        if (value != null) {
            map.put(name, value);
        }
    }
}
