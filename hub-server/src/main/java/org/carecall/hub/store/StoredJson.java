package org.carecall.hub.store;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * How the hub reads JSON it stored, which a newer hub node may have written: a field this node does not
 * know is ignored (classes that rewrite a document keep such fields themselves, see
 * {@code Resident.Contact}); a word of an enum it does not know reads as the enum's
 * {@code @JsonEnumDefaultValue} where it has one, else as null, and is left out of lists and sets.
 */
public final class StoredJson {
    private StoredJson() {
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
