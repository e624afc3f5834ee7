package org.carecall.agent.provision;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.carecall.agent.config.AgentConfig;
import org.carecall.agent.outbox.Outbox;
import org.carecall.agent.outbox.OutboxEntry;

/**
 * {@code carecall provision status}: what a technician at the unit needs to know, in sentences: whether the
 * configuration is usable, whether the hub can be reached, what the outbox holds and where the open
 * call stands. Reads the outbox file directly, so it works whether the agent is running or not.
 */
public final class UnitStatus {

    /** One check: passed or not, and what was found. */
    public record Check(String name, boolean ok, String detail) {
        @Override
        public String toString() {
            return (ok ? "[ ok ] " : "[FAIL] ") + name + ": " + detail;
        }
    }

    private UnitStatus() {
    }

    public static List<Check> check(AgentConfig config) {
        List<Check> checks = new ArrayList<>();
        checks.add(new Check("configuration", true, "device " + config.device.id + ", hub " + config.hubsInWords()
                + ", " + config.fittedInputs().size() + " inputs and " + config.fittedOutputs().size()
                + " outputs fitted"));
        config.hubs().forEach(uri -> checks.add(hub(uri)));
        checks.addAll(outbox(config.dataPath()));
        return checks;
    }

    private static Check hub(String uri) {
        URI address = URI.create(uri);
        int port = address.getPort() > 0 ? address.getPort() : uri.startsWith("ssl://") ? 8883 : 1883;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address.getHost(), port), 3000);
            return new Check("hub", true, address.getHost() + ":" + port + " answers");
        } catch (IOException e) {
            return new Check("hub", false, address.getHost() + ":" + port + " cannot be reached (" + e.getMessage()
                    + "); presses are kept in the outbox until it can");
        }
    }

    private static List<Check> outbox(Path dataDir) {
        if (!Files.exists(dataDir.resolve("outbox.db"))) {
            return List.of(new Check("outbox", true, "empty (the agent has not run here yet)"));
        }
        try (Outbox outbox = Outbox.open(dataDir)) {
            String integrity = outbox.integrityCheck();
            int pending = outbox.pending();
            List<Check> checks = new ArrayList<>();
            checks.add(new Check("outbox", "ok".equals(integrity), "integrity " + integrity + ", " + pending
                    + (pending == 1 ? " message" : " messages") + " not yet received by the hub"));
            checks.add(new Check("storage", outbox.reserveKept(), outbox.reserveKept()
                    ? "the outbox's reserve for a full card is in place"
                    : "NO RESERVE: the card is (or was) full; free space, then restart the agent"));
            String call = outbox.openCall().map(UnitStatus::describe).orElse("no open call");
            checks.add(new Check("call", true, call));
            return checks;
        } catch (SQLException e) {
            return List.of(new Check("outbox", false, "cannot be read: " + e.getMessage()));
        }
    }

    private static String describe(OutboxEntry call) {
        return "call " + call.id() + " raised " + call.createdAt() + ": "
                + (call.state() == null ? "NOT YET RECEIVED by the hub (" + call.attempts() + " attempts so far)"
                : call.state() + (call.by() == null ? "" : " by " + call.by()));
    }
}
