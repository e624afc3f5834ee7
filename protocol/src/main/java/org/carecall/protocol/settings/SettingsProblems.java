package org.carecall.protocol.settings;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Collects every mistake in a settings file as it is read, instead of stopping at the first, in words an
 * operator can act on: "'mqtt.prot' is not a setting; did you mean 'mqtt.port'?", "'http.port' must be a
 * whole number; got 'eighty'". Shared by the hub and the agent, whose files and environment variables are
 * part of what CareCall promises its operators. Also finds CARECALL_ variables that mean nothing.
 */
public final class SettingsProblems extends DeserializationProblemHandler {
    private final List<String> problems = new ArrayList<>();

    public List<String> problems() {
        return List.copyOf(problems);
    }

    @Override
    public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, JsonDeserializer<?> deserializer,
                                         Object beanOrClass, String propertyName) throws IOException {
        List<String> known = new ArrayList<>();
        deserializer.getKnownPropertyNames().forEach(name -> known.add(String.valueOf(name)));
        String path = path(p.getParsingContext());
        String prefix = path.contains(".") ? path.substring(0, path.lastIndexOf('.') + 1) : "";
        String nearest = nearest(propertyName, known);
        problems.add("'" + path + "' is not a setting" + (nearest == null ? "; the settings here are "
                + String.join(", ", new TreeSet<>(known)) : "; did you mean '" + prefix + nearest + "'?"));
        p.skipChildren();
        return true;
    }

    @Override
    public Object handleWeirdStringValue(DeserializationContext ctxt, Class<?> targetType, String value,
                                         String failureMsg) throws IOException {
        problems.add("'" + path(ctxt.getParser().getParsingContext()) + "' must be " + kind(targetType) + "; got '"
                + value + "'");
        return placeholder(targetType);
    }

    @Override
    public Object handleWeirdNumberValue(DeserializationContext ctxt, Class<?> targetType, Number value,
                                         String failureMsg) throws IOException {
        problems.add("'" + path(ctxt.getParser().getParsingContext()) + "' must be " + kind(targetType) + "; got "
                + value);
        return placeholder(targetType);
    }

    @Override
    public Object handleUnexpectedToken(DeserializationContext ctxt, JavaType targetType, JsonToken t, JsonParser p,
                                        String failureMsg) throws IOException {
        JsonStreamContext at = p.getParsingContext();
        if (t == JsonToken.START_ARRAY && at.inArray() || t == JsonToken.START_OBJECT && at.getCurrentName() == null) {
            at = at.getParent(); // the parser has stepped into the list or section already
        }
        problems.add("'" + path(at) + "' must be " + kind(targetType.getRawClass())
                + (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY ? ", not a list or section" : ""));
        p.skipChildren();
        return placeholder(targetType.getRawClass());
    }

    /**
     * The file's problems, then the settings' own checks on what was read, leaving out any check on a
     * setting already reported as unreadable (it holds only a stand-in value, so its check would mislead).
     */
    public static List<String> together(List<String> fileProblems, List<String> settingsProblems) {
        List<String> all = new ArrayList<>(fileProblems);
        String reported = String.join(" ", fileProblems);
        settingsProblems.stream().filter(problem -> !reported.contains("'" + problem.split(" ", 2)[0] + "'"))
                .forEach(all::add);
        return all;
    }

    /**
     * Every CARECALL_ variable in the environment that is not one of these, with the nearest known name:
     * a guessed name must not be silently ignored.
     */
    public static List<String> unknownVariables(Map<String, String> env, Collection<String> known) {
        List<String> unknown = new ArrayList<>();
        new TreeSet<>(env.keySet()).stream().filter(name -> name.startsWith("CARECALL_") && !known.contains(name))
                .forEach(name -> {
                    String nearest = nearest(name, known);
                    unknown.add(name + " is not a CareCall setting and is ignored"
                            + (nearest == null ? "" : "; did you mean " + nearest + "?"));
                });
        return unknown;
    }

    /** The known name closest to a mistyped one: a few letters off, or one containing the other. */
    static String nearest(String name, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int distance = distance(name.toLowerCase(), candidate.toLowerCase());
            if (candidate.toLowerCase().startsWith(name.toLowerCase()) || name.toLowerCase().startsWith(candidate.toLowerCase())) {
                distance = Math.min(distance, 1);
            }
            if (distance < bestDistance) {
                bestDistance = distance;
                best = candidate;
            }
        }
        return bestDistance <= Math.max(2, name.length() / 4) ? best : null;
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int[] current = new int[b.length() + 1];
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            previous = current;
        }
        return previous[b.length()];
    }

    private static String path(JsonStreamContext context) {
        List<String> names = new ArrayList<>();
        for (JsonStreamContext at = context; at != null; at = at.getParent()) {
            if (at.getCurrentName() != null) {
                names.addFirst(at.getCurrentName());
            } else if (at.inArray()) {
                names.addFirst("[" + at.getCurrentIndex() + "]");
            }
        }
        return String.join(".", names).replace(".[", "[");
    }

    private static final Set<Class<?>> WHOLE = Set.of(int.class, Integer.class, long.class, Long.class, short.class, Short.class);

    private static String kind(Class<?> type) {
        if (WHOLE.contains(type)) {
            return "a whole number";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type.isEnum()) {
            List<String> names = new ArrayList<>();
            for (Object constant : type.getEnumConstants()) {
                names.add(constant.toString());
            }
            return "one of " + String.join(", ", names);
        }
        if (type == String.class) {
            return "a text";
        }
        return Collection.class.isAssignableFrom(type) ? "a list" : "a section of settings";
    }

    /** A stand-in value so reading goes on to find the next mistake; the settings are refused anyway. */
    private static Object placeholder(Class<?> type) {
        // Each its own return: a conditional expression would widen them all to one type.
        if (type == long.class || type == Long.class) {
            return 0L;
        }
        if (type == short.class || type == Short.class) {
            return (short) 0;
        }
        if (WHOLE.contains(type)) {
            return 0;
        }
        if (type == double.class || type == Double.class) {
            return 0.0;
        }
        if (type == float.class || type == Float.class) {
            return 0.0f;
        }
        if (type == boolean.class || type == Boolean.class) {
            return false;
        }
        return null;
    }
}
