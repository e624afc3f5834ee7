package org.carecall.hub.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.carecall.hub.http.ApiException;

/**
 * Reads the fields of an API request body and collects every problem, so a 400 lists all that is wrong
 * at once. Each problem also names its field and a stable code ({@code required}, {@code date}, {@code range}
 * ...), which the console puts in words in its own language beside that field. Text is limited in length
 * so no field can be used to fill the database.
 */
final class Fields {
    private static final int MAX_TEXT = 2000;

    /** One thing wrong: the field (null: the request as a whole), a code, a sentence, and the code's figures. */
    record Problem(String field, String code, String text, Map<String, Object> figures) {
    }

    private final ObjectNode body;
    private final List<Problem> problems = new ArrayList<>();

    Fields(ObjectNode body) {
        this.body = body;
    }

    String text(String name) {
        String value = optionalText(name);
        if (value == null || value.isBlank()) {
            if (!hasProblemWith(name)) {
                problem(name, "required", "'" + name + "' is required");
            }
            return null;
        }
        return value;
    }

    String optionalText(String name) {
        return optionalText(name, MAX_TEXT);
    }

    /** A text of at most {@code max} characters, or null when absent or blank. */
    String optionalText(String name, int max) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            problem(name, "text", "'" + name + "' must be a string");
            return null;
        }
        String text = value.textValue().strip();
        if (text.length() > max) {
            problem(name, "too-long", "'" + name + "' is longer than " + max + " characters", Map.of("max", max));
            return null;
        }
        return text.isEmpty() ? null : text;
    }

    /** A phone number as people write them: digits, spaces, dashes, brackets, a leading +. */
    static final java.util.regex.Pattern PHONE = java.util.regex.Pattern.compile("\\+?[0-9][0-9 ()-]{2,30}");

    /** An optional phone number; a problem (code {@code phone}) for anything else. */
    String phone(String name) {
        String phone = optionalText(name, 40);
        checkPhone(name, phone);
        return phone;
    }

    void checkPhone(String name, String phone) {
        if (phone != null && !PHONE.matcher(phone).matches()) {
            problem(name, "phone", "'" + name + "' must be a phone number such as 138 0013 8000");
        }
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
        problem(name, "choice", "'" + name + "' must be one of " + Arrays.stream(type.getEnumConstants()).map(Enum::name)
                .collect(Collectors.joining(", ")));
        return absent;
    }

    JsonNode node(String name) {
        return body.get(name);
    }

    /** A problem with the request as a whole. */
    void problem(String problem) {
        problems.add(new Problem(null, "invalid", problem, Map.of()));
    }

    void problem(String field, String code, String text) {
        problem(field, code, text, Map.of());
    }

    void problem(String field, String code, String text, Map<String, Object> figures) {
        problems.add(new Problem(field, code, text, figures));
    }

    boolean ok() {
        return problems.isEmpty();
    }

    /** Throws a 400 listing every problem, if there were any. */
    void check() {
        if (!problems.isEmpty()) {
            throw refusal(problems);
        }
    }

    /** The 400 for these problems: one sentence for a person, and each field's code for a console. */
    static ApiException refusal(List<Problem> problems) {
        Map<String, Object> byField = new LinkedHashMap<>();
        for (Problem problem : problems) {
            if (problem.field() != null && !byField.containsKey(problem.field())) {
                Map<String, Object> view = new LinkedHashMap<>(problem.figures());
                view.put("code", problem.code());
                view.put("text", problem.text());
                byField.put(problem.field(), view);
            }
        }
        return ApiException.badRequest(problems.stream().map(Problem::text).collect(Collectors.joining("; ")))
                .with("fields", byField.isEmpty() ? null : byField);
    }

    /** A required whole number within bounds. */
    int wholeNumber(String name, int min, int max) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            problem(name, "required", "'" + name + "' is required");
            return min;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.intValue() < min || value.intValue() > max) {
            problem(name, "range", "'" + name + "' must be a whole number from " + min + " to " + max,
                    Map.of("min", min, "max", max));
            return min;
        }
        return value.intValue();
    }

    boolean hasProblemWith(String name) {
        return problems.stream().anyMatch(problem -> name.equals(problem.field()));
    }
}
