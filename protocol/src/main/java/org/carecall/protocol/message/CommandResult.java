package org.carecall.protocol.message;

import java.util.Map;
import java.util.Objects;
import org.carecall.protocol.Channel;

/** {@code up/cmd-result}: how a command from the hub went, with free-form detail for the technician. */
public record CommandResult(String cmdId, boolean ok, Map<String, Object> detail) implements Message {

    public CommandResult {
        Objects.requireNonNull(cmdId, "cmdId");
        detail = detail == null ? null : Map.copyOf(detail);
    }

    @Override
    public Channel channel() {
        return Channel.CMD_RESULT;
    }

    static CommandResult read(PayloadReader r) {
        String cmdId = r.requireId("cmdId");
        boolean ok = r.requireBoolean("ok");
        Map<String, Object> detail = r.optionalMap("detail");
        return r.build(() -> new CommandResult(cmdId, ok, detail));
    }
}
