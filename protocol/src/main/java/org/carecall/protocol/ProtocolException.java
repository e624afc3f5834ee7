package org.carecall.protocol;

import java.util.List;

/**
 * A message or topic that breaks the wire contract. The message says what is wrong in words a
 * technician can act on; {@link #problems()} lists each problem when there were several.
 */
public class ProtocolException extends Exception {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    public ProtocolException(String problem) {
        this(List.of(problem));
    }

    public ProtocolException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
