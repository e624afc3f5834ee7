package org.carecall.agent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.carecall.agent.config.AgentConfig;
import org.carecall.agent.config.AgentConfigLoader;
import org.carecall.agent.feedback.Lamps;
import org.carecall.agent.health.UnitWatchdog;
import org.carecall.agent.provision.Provisioning;
import org.carecall.agent.provision.SelfTest;
import org.carecall.agent.provision.UnitStatus;
import org.carecall.protocol.settings.SettingsProblems;
import org.carecall.protocol.settings.Variables;

/**
 * {@code ./carecall agent [--config FILE] [--simulate]}. With {@code --simulate} the pins are mock pins
 * driven from the keyboard: {@code tap call-button}, {@code tap check-in-key}, {@code tap service-key},
 * {@code press door}, {@code release door}, {@code hold cancel-button 3}, {@code status}.
 */
public final class AgentMain {

    private AgentMain() {
    }

    private static void help() {
        System.out.println("""
                carecall agent [--config FILE] [--simulate]   the unit: inputs, outbox, link, lamps and voice
                carecall provision enrol --hub https://HUB:8443 --code CODE --pin sha256:HEX [--config FILE] [--confirm]
                                                        enrol with the line the console shows: over HTTPS,
                                                        the hub trusted by its CA's fingerprint (the pin);
                                                        --confirm re-enrols a unit the hub sees working
                carecall provision status | selftest          a technician's checks on the unit

                Settings come from the YAML file (device-agent/README.md lists every one), and these
                environment variables win over it:
                """ + Variables.help(Variables.AGENT));
    }

    public static void main(String[] args) throws Exception {
        String command = args.length > 0 ? args[0] : "agent";
        if (command.equals("provision")) {
            System.exit(provision(args));
        }
        Path configFile = null;
        boolean simulate = false;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--config" -> configFile = i + 1 < args.length ? Path.of(args[++i]) : null;
                case "--simulate" -> simulate = true;
                case "help", "--help", "-h" -> {
                    help();
                    return;
                }
                default -> {
                    System.err.println("usage: carecall agent [--config FILE] [--simulate]   (carecall agent help)");
                    System.exit(2);
                }
            }
        }
        SettingsProblems.unknownVariables(System.getenv(), Variables.all())
                .forEach(warning -> System.err.println("carecall agent: warning: " + warning));
        AgentConfig config;
        try {
            config = AgentConfigLoader.load(configFile, System.getenv(), simulate);
        } catch (AgentConfigLoader.Refused e) {
            System.err.println("carecall agent: " + e.getMessage());
            System.exit(2);
            return;
        }
        Agent agent = Agent.start(config, Clock.systemDefaultZone());
        // Alive means the loop thread answers and the outbox can be read.
        UnitWatchdog watchdog = new UnitWatchdog("systemd-notify", () -> agent.onLoop(() -> agent.outbox().pending()));
        watchdog.start(System.getenv());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            watchdog.close();
            agent.close();
            stopped.countDown();
        }, "agent-shutdown"));
        System.out.println("CareCall agent " + config.device.id + " running; hub " + config.hubsInWords()
                + (simulate ? "; simulated pins (type 'help')" : ""));
        if (simulate) {
            keyboard(agent);
        }
        stopped.await();
    }

    private static final String PROVISION_USAGE = """
            usage: carecall provision enrol --hub https://HUB:8443 --code CODE --pin sha256:HEX [--config FILE] [--confirm]
                   carecall provision enrol --hub 127.0.0.1:8080 --code CODE [--config FILE] [--confirm]   (a hub on this machine)
                   carecall provision status [--config FILE]
                   carecall provision selftest [--config FILE] [--no-wait] [--simulate]""";

    /** The technician's commands at the unit: enrol with a one-time code, status, self-test. */
    private static int provision(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 2; i < args.length; i++) {
            switch (args[i]) {
                case "--hub", "--code", "--pin", "--config" -> {
                    if (i + 1 >= args.length) {
                        return usage();
                    }
                    options.put(args[i], args[++i]);
                }
                case "--no-wait", "--simulate", "--confirm" -> options.put(args[i], "yes");
                default -> {
                    return usage();
                }
            }
        }
        Path config = Path.of(options.getOrDefault("--config", "/etc/carecall/agent.yaml"));
        String what = args.length > 1 ? args[1] : "";
        return switch (what) {
            case "enrol" -> options.containsKey("--hub") && options.containsKey("--code")
                    ? enrol(options.get("--hub"), options.get("--code"), options.get("--pin"), config,
                            options.containsKey("--confirm")) : usage();
            case "status" -> report(config, false, UnitStatus::check);
            case "selftest" -> {
                // Simulated pins have nobody to press them: read them without waiting.
                boolean simulate = options.containsKey("--simulate");
                Duration wait = simulate || options.containsKey("--no-wait") ? Duration.ZERO : Duration.ofSeconds(15);
                yield report(config, simulate, settings -> SelfTest.run(settings, line -> System.out.println("  ... " + line),
                        wait));
            }
            default -> usage();
        };
    }

    private static int usage() {
        System.err.println(PROVISION_USAGE);
        return 2;
    }

    private static int enrol(String hub, String code, String pin, Path config, boolean confirm) {
        try {
            Provisioning.Enrolled enrolled = Provisioning.enrol(hub, code, pin, config, confirm);
            System.out.println("Enrolled as " + enrolled.deviceId() + " with hub " + enrolled.hubUri() + "; settings in "
                    + config + " (readable by its owner only). An installed unit run with sudo starts its service by"
                    + " itself; otherwise start the agent: ./carecall agent --config " + config);
            return 0;
        } catch (IOException | InterruptedException e) {
            System.err.println("carecall provision: " + e.getMessage());
            return 1;
        }
    }

    /** Prints each check as it stands; exit status 0 only when every check passed. */
    private static int report(Path config, boolean simulate, Function<AgentConfig, List<UnitStatus.Check>> checks) {
        AgentConfig settings;
        try {
            settings = AgentConfigLoader.load(config, System.getenv(), simulate);
        } catch (AgentConfigLoader.Refused e) {
            System.out.println("[FAIL] configuration: " + e.getMessage());
            return 1;
        }
        List<UnitStatus.Check> results = checks.apply(settings);
        System.out.println("unit " + settings.device.id + ":");
        results.forEach(System.out::println);
        return results.stream().allMatch(UnitStatus.Check::ok) ? 0 : 1;
    }

    /** Drives the mock pins from standard input, one command a line. */
    private static void keyboard(Agent agent) throws IOException, InterruptedException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] words = line.trim().split("\\s+");
            try {
                switch (words[0]) {
                    case "press" -> agent.board().simulate(words[1], true);
                    case "release" -> agent.board().simulate(words[1], false);
                    case "tap" -> {
                        agent.board().simulate(words[1], true);
                        Thread.sleep(150);
                        agent.board().simulate(words[1], false);
                    }
                    case "hold" -> {
                        agent.board().simulate(words[1], true);
                        Thread.sleep((long) (Double.parseDouble(words[2]) * 1000));
                        agent.board().simulate(words[1], false);
                    }
                    case "status" -> System.out.println(status(agent));
                    case "", "help" -> System.out.println("commands: tap|press|release INPUT, hold INPUT SECONDS, status;"
                            + " inputs: " + agent.config().fittedInputs().keySet());
                    default -> System.out.println("unknown command '" + words[0] + "'; type 'help'");
                }
            } catch (RuntimeException e) {
                System.out.println("cannot do that: " + e.getMessage());
            }
            System.out.flush();
        }
    }

    static String status(Agent agent) {
        org.carecall.protocol.message.DeviceConfig settings = agent.settings(); // off the loop: it asks the loop itself
        return agent.onLoop(() -> {
            StringBuilder status = new StringBuilder("phase=" + agent.feedback().shown());
            for (Lamps.Lamp lamp : Lamps.Lamp.values()) {
                status.append(' ').append(lamp.name().toLowerCase()).append('=').append(agent.lamps().mode(lamp));
            }
            status.append(" check-in-key=").append(settings.checkInEnabled() ? "enabled" : "off")
                    .append(" service-key=").append(settings.serviceKeyEnabled() ? "enabled" : "off");
            status.append(" outbox=").append(agent.outbox().pending())
                    .append(" link=").append(agent.link().connected() ? "up" : "down");
            return status.toString();
        });
    }
}
