package org.carecall.hub.community;

import java.time.LocalDate;
import java.util.List;

/** "One person, one file": who the resident is, where they live, what staff must know, whom to call. */
public record Resident(String id, String areaId, String name, String address, String room, LocalDate dateOfBirth,
                       String language, String healthNotes, List<Contact> emergencyContacts, RiskLevel riskLevel) {

    /** Someone to phone: a son, a neighbour, a doctor. */
    public record Contact(String name, String relation, String phone) {
    }

    /** How closely the resident is followed; it sets the visiting schedule (weekly for HIGH). */
    public enum RiskLevel { HIGH, MEDIUM, LOW }
}
