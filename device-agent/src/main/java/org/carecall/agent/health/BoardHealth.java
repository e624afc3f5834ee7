package org.carecall.agent.health;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Health figures the board can tell about itself, read from Linux's own files: CPU temperature and the
 * Wi-Fi signal. Missing on a machine without them (a laptop, a wired unit): then they are left out.
 */
public final class BoardHealth {
    private static final Path THERMAL = Path.of("/sys/class/thermal/thermal_zone0/temp");
    private static final Path WIRELESS = Path.of("/proc/net/wireless");

    private BoardHealth() {
    }

    public static Double cpuTempC() {
        try {
            return Integer.parseInt(Files.readString(THERMAL).trim()) / 1000.0;
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    /** The signal level of the first wireless interface in dBm, as /proc/net/wireless reports it. */
    public static Integer wifiRssi() {
        try {
            List<String> lines = Files.readAllLines(WIRELESS);
            if (lines.size() < 3) {
                return null;
            }
            String[] fields = lines.get(2).trim().split("\\s+");
            int level = (int) Double.parseDouble(fields[3].replaceAll("\\.$", "")); // "-61." means -61 dBm
            return level < -150 || level > 0 ? null : level;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
