package org.carecall.protocol.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.carecall.protocol.MessageIds;
import org.carecall.protocol.WireTime;

/**
 * Reads the fields of one JSON object and collects every problem in words a technician can act on,
 * rather than stopping at the first. A missing optional field and an explicit {@code null} mean the
 * same; a required field must be present, non-null and of the right type. Unknown fields are ignored.
 */
public final class PayloadReader {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ObjectNode node;
    private final String path;
    private final List<String> problems;

    PayloadReader(ObjectNode node) {
        this(node, "", new ArrayList<>());
    }

    private PayloadReader(ObjectNode node, String path, List<String> problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    List<String> problems() {
        return problems;
    }

    /** Makes the message only if every field read so far was fine; otherwise returns null. */
    <T> T build(Supplier<T> make) {
        return problems.isEmpty() ? make.get() : null;
    }

    /** Records a problem that no single field check can see, such as a rule between fields. */
    public void problem(String problem) {
        problems.add(problem);
    }

    public String requireText(String field) {
        JsonNode value = require(field);
        return value == null ? null : text(field, value);
    }

    public String optionalText(String field) {
        JsonNode value = optional(field);
        return value == null ? null : text(field, value);
    }

    public String requireId(String field) {
        return checkId(field, requireText(field));
    }

    public String optionalId(String field) {
        return checkId(field, optionalText(field));
    }

    public long requireLong(String field, long min, long max) {
        JsonNode value = require(field);
        return value == null ? 0 : whole(field, value, min, max);
    }

    public int requireInt(String field, int min, int max) {
        return (int) requireLong(field, min, max);
    }

    public Integer optionalInt(String field, int min, int max) {
        JsonNode value = optional(field);
        return value == null ? null : (int) whole(field, value, min, max);
    }

    public Long optionalLong(String field, long min, long max) {
        JsonNode value = optional(field);
        return value == null ? null : whole(field, value, min, max);
    }

    public Double optionalDouble(String field) {
        JsonNode value = optional(field);
        if (value == null) {
            return null;
        }
        if (!value.isNumber()) {
            return wrongType(field, "a number", value, null);
        }
        return value.doubleValue();
    }

    public boolean requireBoolean(String field) {
        JsonNode value = require(field);
        return value != null && bool(field, value);
    }

    public boolean optionalBoolean(String field, boolean absent) {
        JsonNode value = optional(field);
        return value == null ? absent : bool(field, value);
    }

    public Instant requireInstant(String field) {
        return instant(field, requireText(field));
    }

    public Instant optionalInstant(String field) {
        return instant(field, optionalText(field));
    }

    public LocalTime requireTimeOfDay(String field) {
        String text = requireText(field);
        if (text == null) {
            return null;
        }
        try {
            return LocalTime.parse(text);
        } catch (DateTimeParseException e) {
            problems.add(name(field) + " must be a time of day such as \"07:00\"; got \"" + text + "\"");
            return null;
        }
    }

    public LocalTime optionalTimeOfDay(String field) {
        return optional(field) == null ? null : requireTimeOfDay(field);
    }

    /** An array of strings; absent means empty. */
    public List<String> optionalTextList(String field, int maxItems) {
        JsonNode value = optional(field);
        if (value == null) {
            return List.of();
        }
        if (!value.isArray()) {
            return wrongType(field, "an array of strings", value, List.of());
        }
        if (value.size() > maxItems) {
            problems.add(name(field) + " may have at most " + maxItems + " entries; got " + value.size());
            return List.of();
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                return wrongType(field, "an array of strings", value, List.of());
            }
            texts.add(item.textValue());
        }
        return List.copyOf(texts);
    }

    public <E extends Enum<E>> E requireEnum(String field, Class<E> type) {
        return enumValue(field, type, requireText(field));
    }

    public <E extends Enum<E>> E optionalEnum(String field, Class<E> type) {
        return enumValue(field, type, optionalText(field));
    }

    /** A free-form object, such as a command's arguments, as a map of plain Java values. */
    public Map<String, Object> optionalMap(String field) {
        JsonNode value = optional(field);
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            return wrongType(field, "an object", value, null);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = MAPPER.convertValue(value, Map.class);
        return Map.copyOf(map);
    }

    /** A nested object read by its own reader; its problems are reported with the dotted path. */
    public <T> T optionalObject(String field, Function<PayloadReader, T> read) {
        JsonNode value = optional(field);
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            return wrongType(field, "an object", value, null);
        }
        return read.apply(new PayloadReader((ObjectNode) value, path + field + ".", problems));
    }

    private JsonNode require(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            problems.add(name(field) + " is missing");
            return null;
        }
        return value;
    }

    private JsonNode optional(String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value;
    }

    private String text(String field, JsonNode value) {
        if (!value.isTextual()) {
            return wrongType(field, "a string", value, null);
        }
        return value.textValue();
    }

    private long whole(String field, JsonNode value, long min, long max) {
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            return wrongType(field, "a whole number", value, 0L);
        }
        long number = value.longValue();
        if (number < min || number > max) {
            problems.add(name(field) + " must be between " + min + " and " + max + "; got " + number);
        }
        return number;
    }

    private boolean bool(String field, JsonNode value) {
        if (!value.isBoolean()) {
            return wrongType(field, "true or false", value, false);
        }
        return value.booleanValue();
    }

    private String checkId(String field, String id) {
        if (id != null && !MessageIds.isValid(id)) {
            problems.add(name(field) + " must be a ULID or a UUID; got \"" + shorten(id) + "\"");
        }
        return id;
    }

    private Instant instant(String field, String text) {
        if (text == null) {
            return null;
        }
        try {
            return WireTime.parse(text);
        } catch (DateTimeParseException e) {
            problems.add(name(field) + " must be an ISO-8601 UTC time such as \"2026-11-22T08:15:30.125Z\"; got \""
                    + text + "\"");
            return null;
        }
    }

    private <E extends Enum<E>> E enumValue(String field, Class<E> type, String text) {
        if (text == null) {
            return null;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(text)) {
                return constant;
            }
        }
        String allowed = Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
        problems.add(name(field) + " must be one of " + allowed + "; got \"" + shorten(text) + "\"");
        return null;
    }

    private <T> T wrongType(String field, String expected, JsonNode value, T fallback) {
        problems.add(name(field) + " must be " + expected + "; got " + describe(value));
        return fallback;
    }

    private String name(String field) {
        return "field '" + path + field + "'";
    }

    private static String shorten(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    static String describe(JsonNode value) {
        JsonNodeType type = value.getNodeType();
        return switch (type) {
            case STRING -> "the string \"" + shorten(value.textValue()) + "\"";
            case NUMBER -> "the number " + value.asText();
            case BOOLEAN -> value.asText();
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            default -> type.name().toLowerCase();
        };
    }
}
