package org.carecall.protocol.message;

import java.util.Map;
import java.util.Objects;
import org.carecall.protocol.Channel;
import org.carecall.protocol.CommandName;

/** {@code down/cmd}: the hub asks a device to do something; the answer is a {@link CommandResult}. */
public record Command(String id, CommandName cmd, Map<String, Object> args) implements Message {

    public Command {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(cmd, "cmd");
        args = args == null ? Map.of() : Map.copyOf(args);
    }

    @Override
    public Channel channel() {
        return Channel.CMD;
    }

    static Command read(PayloadReader r) {
        String id = r.requireId("id");
        CommandName cmd = r.requireEnum("cmd", CommandName.class);
        Map<String, Object> args = r.optionalMap("args");
        return r.build(() -> new Command(id, cmd, args));
    }
}
