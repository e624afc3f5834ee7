package org.carecall.protocol.message;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.carecall.protocol.CommandName;
import org.carecall.protocol.ProtocolException;
import org.carecall.protocol.SpokenPrompt;

/**
 * The arguments of a {@code SPEAK} command: {@code {"prompt":"service-assigned","name":"王丽"}}. The hub
 * builds them with {@link #args()}, the unit reads them with {@link #of(Command)}, which refuses a prompt
 * outside the fixed list ({@link SpokenPrompt}) and a name that is not a short plain name. A name given
 * for a prompt that names nobody is ignored.
 */
public record Speak(SpokenPrompt prompt, String name) {
    /** Long enough for any resident's or worker's name; a name is spoken, never run or shown as markup. */
    public static final int MAX_NAME_CHARS = 40;

    public Speak {
        Objects.requireNonNull(prompt, "prompt");
        if (name != null && (name.isBlank() || name.length() > MAX_NAME_CHARS)) {
            throw new IllegalArgumentException("a name to speak must be 1 to " + MAX_NAME_CHARS + " characters");
        }
    }

    public static Speak of(SpokenPrompt prompt) {
        return new Speak(prompt, null);
    }

    /** The command's {@code args}. */
    public Map<String, Object> args() {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("prompt", prompt.wire());
        if (name != null) {
            args.put("name", name);
        }
        return args;
    }

    /** Reads a SPEAK command's arguments; every problem in words a technician can act on. */
    public static Speak of(Command command) throws ProtocolException {
        if (command.cmd() != CommandName.SPEAK) {
            throw new ProtocolException("not a SPEAK command: " + command.cmd());
        }
        List<String> problems = new ArrayList<>();
        Object prompt = command.args().get("prompt");
        Object name = command.args().get("name");
        SpokenPrompt known = null;
        if (!(prompt instanceof String wire)) {
            problems.add("args.prompt must be one of the unit's prompts (" + known() + ")");
        } else {
            known = SpokenPrompt.ofWire(wire).orElse(null);
            if (known == null) {
                problems.add("unknown prompt '" + shorten(wire) + "'; the unit knows " + known());
            }
        }
        if (name != null && (!(name instanceof String text) || text.isBlank() || text.length() > MAX_NAME_CHARS)) {
            problems.add("args.name must be a name of 1 to " + MAX_NAME_CHARS + " characters");
        }
        if (!problems.isEmpty()) {
            throw new ProtocolException(problems);
        }
        return new Speak(known, (String) name);
    }

    private static String known() {
        return Arrays.stream(SpokenPrompt.values()).map(SpokenPrompt::wire).collect(Collectors.joining(", "));
    }

    private static String shorten(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
