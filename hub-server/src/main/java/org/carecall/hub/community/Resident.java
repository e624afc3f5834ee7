package org.carecall.hub.community;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * "One person, one file": who the resident is, where they live, what staff must know, whom to call.
 * {@code nameLatin} is the name in pinyin or English for staff who do not read Chinese; the first of
 * {@code languages} is the one her unit speaks. An archived file keeps its history but leaves the lists.
 */
public record Resident(String id, String areaId, String name, String nameLatin, String address, String room,
                       String phone, LocalDate dateOfBirth, List<String> languages, String healthNotes,
                       String medicines, String mobility, List<Contact> emergencyContacts, RiskLevel riskLevel,
                       boolean archived) {

    /**
     * Someone to phone: a son, a neighbour, a doctor. A family member may also want news of her: then
     * {@code updates} is set, {@code email} is where mail goes, {@code language} the language it is written
     * in (zh-CN or en), and {@code consentAt} and {@code consentBy} say when the consent was recorded and by
     * which member of staff. Nothing is sent to a contact without both "wants updates" and a consent.
     * {@code more}: the fields a newer hub node stored that this one does not know, kept as they were and
     * written back with the contact, so that editing the file here loses none of them.
     */
    public record Contact(String name, String relation, String phone, String email, boolean updates, String language,
                          Long consentAt, String consentBy,
                          @JsonIgnore Map<String, JsonNode> more) {
        public Contact {
            language = language == null || language.isBlank() ? "zh-CN" : language;
            more = more == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(more));
        }

        public Contact(String name, String relation, String phone, String email, boolean updates, String language,
                       Long consentAt, String consentBy) {
            this(name, relation, phone, email, updates, language, consentAt, consentBy, null);
        }

        /** A contact only to phone, as the first files had them. */
        public Contact(String name, String relation, String phone) {
            this(name, relation, phone, null, false, null, null, null);
        }

        /** The same contact with the fields a newer node stored, which this node does not know. */
        public Contact keeping(Map<String, JsonNode> newerFields) {
            return new Contact(name, relation, phone, email, updates, language, consentAt, consentBy, newerFields);
        }

        /** Whether this contact may be sent news now: she asked for it and her consent is on record. */
        public boolean takesNews() {
            return updates && consentAt != null;
        }
    }

    /** How closely the resident is followed; it sets the visiting schedule (weekly for HIGH). */
    public enum RiskLevel { HIGH, MEDIUM, LOW }

    /** A file with only the first wave's fields. */
    public Resident(String id, String areaId, String name, String address, String room, LocalDate dateOfBirth,
                    String language, String healthNotes, List<Contact> emergencyContacts, RiskLevel riskLevel) {
        this(id, areaId, name, null, address, room, null, dateOfBirth, List.of(language == null ? "zh-CN" : language),
                healthNotes, null, null, emergencyContacts, riskLevel, false);
    }

    public Resident {
        languages = languages == null || languages.isEmpty() ? List.of("zh-CN") : List.copyOf(languages);
        emergencyContacts = emergencyContacts == null ? List.of() : List.copyOf(emergencyContacts);
    }

    /** The language her unit speaks to her in. */
    public String language() {
        return languages.getFirst();
    }

    public Resident withId(String newId) {
        return new Resident(newId, areaId, name, nameLatin, address, room, phone, dateOfBirth, languages, healthNotes,
                medicines, mobility, emergencyContacts, riskLevel, archived);
    }

    public Resident archived(boolean archive) {
        return new Resident(id, areaId, name, nameLatin, address, room, phone, dateOfBirth, languages, healthNotes,
                medicines, mobility, emergencyContacts, riskLevel, archive);
    }

    /** The file as a technician may see it: no health notes, no medicines. */
    public Resident withoutHealth() {
        return new Resident(id, areaId, name, nameLatin, address, room, phone, dateOfBirth, languages, null, null,
                mobility, emergencyContacts, riskLevel, archived);
    }
}
