package org.carecall.hub.store;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * How the hub reads JSON it stored, which a newer hub node may have written: a field this node does not
 * know is ignored, and a class that rewrites a document keeps such fields ({@link #newerFields}); a word of an enum it does not know reads as the enum's
 * {@code @JsonEnumDefaultValue} where it has one, else as null, and is left out of lists and sets.
 */
public final class StoredJson {
    private StoredJson() {
    }

    /**
     * The fields of a stored object that the record {@code type} has no component for (nor {@code alsoKnown}
     * names): a newer node's, which a class that rewrites the document writes back as they were.
     */
    public static Map<String, JsonNode> newerFields(JsonNode stored, Class<? extends Record> type, String... alsoKnown) {
        Set<String> known = new HashSet<>(Arrays.asList(alsoKnown));
        Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).forEach(known::add);
        Map<String, JsonNode> newer = new LinkedHashMap<>();
        stored.properties().stream().filter(field -> !known.contains(field.getKey()))
                .forEach(field -> newer.put(field.getKey(), field.getValue()));
        return newer;
    }

    /** A mapper builder with those rules; callers add their modules. */
    public static JsonMapper.Builder builder() {
        return JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE)
                .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL)
                .defaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.SKIP));
    }
}
