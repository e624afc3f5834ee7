package org.carecall.agent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.carecall.agent.config.AgentConfig;
import org.carecall.agent.config.AgentConfigLoader;
import org.carecall.agent.feedback.Lamps;
import org.carecall.agent.provision.Provisioning;
import org.carecall.agent.provision.UnitStatus;

/**
 * {@code ./carecall agent [--config FILE] [--simulate]}. With {@code --simulate} the pins are mock pins
 * driven from the keyboard: {@code tap call-button}, {@code press door}, {@code release door},
 * {@code hold cancel-button 3}, {@code status}.
 */
public final class AgentMain {

    private AgentMain() {
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
                default -> {
                    System.err.println("usage: carecall agent [--config FILE] [--simulate]");
                    System.exit(2);
                }
            }
        }
        AgentConfig config;
        try {
            config = AgentConfigLoader.load(configFile, System.getenv(), simulate);
        } catch (AgentConfigLoader.Refused e) {
            System.err.println("carecall agent: " + e.getMessage());
            System.exit(2);
            return;
        }
        Agent agent = Agent.start(config, Clock.systemDefaultZone());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            stopped.countDown();
        }, "agent-shutdown"));
        System.out.println("CareCall agent " + config.device.id + " running; hub " + config.hub.uri
                + (simulate ? "; simulated pins (type 'help')" : ""));
        if (simulate) {
            keyboard(agent);
        }
        stopped.await();
    }

    /** {@code provision enrol --hub HOST --code CODE [--config FILE]} or {@code provision status [--config FILE]}. */
    private static int provision(String[] args) {
        if (args.length > 1 && args[1].equals("status")) {
            return status(args);
        }
        String hub = null;
        String code = null;
        Path config = Path.of("/etc/carecall/agent.yaml");
        boolean enrol = args.length > 1 && args[1].equals("enrol");
        for (int i = 2; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--hub" -> hub = args[i + 1];
                case "--code" -> code = args[i + 1];
                case "--config" -> config = Path.of(args[i + 1]);
                default -> enrol = false;
            }
        }
        if (!enrol || hub == null || code == null) {
            System.err.println("usage: carecall provision enrol --hub HOST[:HTTP_PORT] --code CODE [--config FILE]\n"
                    + "       carecall provision status [--config FILE]");
            return 2;
        }
        try {
            Provisioning.Enrolled enrolled = Provisioning.enrol(hub, code, config);
            System.out.println("Enrolled as " + enrolled.deviceId() + " with hub " + enrolled.hubUri() + "; settings in "
                    + config + " (readable by its owner only). Start the agent: systemctl restart carecall-agent,"
                    + " or ./carecall agent --config " + config);
            return 0;
        } catch (IOException | InterruptedException e) {
            System.err.println("carecall provision: " + e.getMessage());
            return 1;
        }
    }

    private static int status(String[] args) {
        Path config = args.length > 3 && args[2].equals("--config") ? Path.of(args[3]) : Path.of("/etc/carecall/agent.yaml");
        AgentConfig settings;
        try {
            settings = AgentConfigLoader.load(config, System.getenv(), false);
        } catch (AgentConfigLoader.Refused e) {
            System.out.println("[FAIL] configuration: " + e.getMessage());
            return 1;
        }
        List<UnitStatus.Check> checks = UnitStatus.check(settings);
        checks.forEach(System.out::println);
        return checks.stream().allMatch(UnitStatus.Check::ok) ? 0 : 1;
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
        return agent.onLoop(() -> {
            StringBuilder status = new StringBuilder("phase=" + agent.feedback().shown());
            for (Lamps.Lamp lamp : Lamps.Lamp.values()) {
                status.append(' ').append(lamp.name().toLowerCase()).append('=').append(agent.lamps().mode(lamp));
            }
            status.append(" outbox=").append(agent.outbox().pending())
                    .append(" link=").append(agent.link().connected() ? "up" : "down");
            return status.toString();
        });
    }
}
