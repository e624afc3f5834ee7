package org.carecall.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A share of a fleet of units in a process of its own: one process may open only so many files here, and
 * each connected unit is one, so a fleet larger than that is several of these. {@code SwarmMain PORT FILE
 * BLOCK} connects the units listed in FILE (a device id and its secret per line, tab between) to the hub
 * node on PORT from the source addresses 127.0.BLOCK.x, prints {@code connected N of M in S s}, heartbeats once a minute and ends when its input closes.
 */
public final class SwarmMain {

    private SwarmMain() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Map<String, String> secrets = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of(args[1]))) {
            String[] unit = line.split("\t");
            secrets.put(unit[0], unit[1]);
        }
        try (Swarm swarm = new Swarm(2, Integer.parseInt(args[2]))) {
            DeviceSwarm units = new DeviceSwarm(swarm, secrets);
            long start = System.nanoTime();
            int up = units.connect(port, 500, 300);
            System.out.printf("connected %d of %d in %.2f s%n", up, secrets.size(), (System.nanoTime() - start) / 1e9);
            System.out.flush();
            units.heartbeat(60);
            while (System.in.read() >= 0) {
                // held until the bench closes this process's input
            }
        }
        System.exit(0);
    }
}
