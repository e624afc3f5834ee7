package org.carecall.hub.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.carecall.hub.http.ApiException;

/**
 * Reads the fields of an API request body and collects every problem, so a 400 lists all that is wrong
 * at once. Text is limited in length so no field can be used to fill the database.
 */
final class Fields {
    private static final int MAX_TEXT = 2000;

    private final ObjectNode body;
    private final List<String> problems = new ArrayList<>();

    Fields(ObjectNode body) {
        this.body = body;
    }

    String text(String name) {
        String value = optionalText(name);
        if (value == null || value.isBlank()) {
            if (!hasProblemWith(name)) {
                problems.add("'" + name + "' is required");
            }
            return null;
        }
        return value;
    }

    String optionalText(String name) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            problems.add("'" + name + "' must be a string");
            return null;
        }
        String text = value.textValue().strip();
        if (text.length() > MAX_TEXT) {
            problems.add("'" + name + "' is longer than " + MAX_TEXT + " characters");
            return null;
        }
        return text;
    }

    <E extends Enum<E>> E choice(String name, Class<E> type, E absent) {
        String value = optionalText(name);
        if (value == null) {
            return absent;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(value)) {
                return constant;
            }
        }
        problems.add("'" + name + "' must be one of " + Arrays.stream(type.getEnumConstants()).map(Enum::name)
                .collect(Collectors.joining(", ")));
        return absent;
    }

    JsonNode node(String name) {
        return body.get(name);
    }

    void problem(String problem) {
        problems.add(problem);
    }

    /** Throws a 400 listing every problem, if there were any. */
    void check() {
        if (!problems.isEmpty()) {
            throw ApiException.badRequest(String.join("; ", problems));
        }
    }

    /** A required whole number within bounds. */
    int wholeNumber(String name, int min, int max) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            problems.add("'" + name + "' is required");
            return min;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.intValue() < min || value.intValue() > max) {
            problems.add("'" + name + "' must be a whole number from " + min + " to " + max);
            return min;
        }
        return value.intValue();
    }

    private boolean hasProblemWith(String name) {
        return problems.stream().anyMatch(problem -> problem.startsWith("'" + name + "'"));
    }
}
