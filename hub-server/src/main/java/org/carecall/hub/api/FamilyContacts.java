package org.carecall.hub.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.carecall.hub.community.Resident;

/**
 * A contact's family-news fields as posted: her e-mail address, whether she wants updates, the language of
 * her messages and her consent. The consent is recorded by the hub, never taken from the client: a contact
 * posted with consent that had none before gets the hub's time and the caller's user name; one that had it
 * keeps when and by whom it was first recorded; one posted without it has none (withdrawing is that one
 * change). "Wants updates" without a consent is refused, naming the contact's {@code consentAt}.
 */
final class FamilyContacts {
    static final Set<String> NEWS_LANGUAGES = Set.of("zh-CN", "en");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");

    private final String caller;
    private final long now;
    private final List<Resident.Contact> before;

    FamilyContacts(String caller, long now, List<Resident.Contact> before) {
        this.caller = caller;
        this.now = now;
        this.before = before == null ? List.of() : before;
    }

    /** The contact with its news fields read from {@code node}; {@code at} is its field prefix (emergencyContacts.1.). */
    Resident.Contact read(Fields fields, String at, JsonNode node, String name, String relation, String phone) {
        String email = node.path("email").asText("").strip();
        if (email.isEmpty()) {
            email = null;
        } else if (email.length() > 200 || !EMAIL.matcher(email).matches()) {
            fields.problem(at + "email", "email", "an e-mail address such as name@example.cn, at most 200 characters");
        }
        boolean updates = node.path("updates").asBoolean(false);
        String language = node.path("language").asText("zh-CN").strip();
        if (!NEWS_LANGUAGES.contains(language)) {
            fields.problem(at + "language", "languages", "a contact's messages are written in zh-CN or en");
        }
        // "consent": true or false says it; without it, a consentAt sent back as read keeps the consent.
        boolean consent = node.has("consent") ? node.path("consent").asBoolean(false)
                : node.hasNonNull("consentAt");
        if (updates && !consent) {
            fields.problem(at + "consentAt", "consent-required",
                    "a contact who wants updates needs her consent recorded first");
        }
        Long consentAt = null;
        String consentBy = null;
        if (consent) {
            Resident.Contact kept = earlier(name, phone);
            consentAt = kept == null ? now : kept.consentAt();
            consentBy = kept == null ? caller : kept.consentBy();
        }
        Resident.Contact same = same(before.stream(), name, phone);
        return new Resident.Contact(name, relation, phone, email, updates, language, consentAt, consentBy)
                .keeping(same == null ? Map.of() : same.more()); // what a newer node stored on her stays
    }

    /** The same person's contact before this edit, if her consent was on record then. */
    private Resident.Contact earlier(String name, String phone) {
        return same(before.stream().filter(contact -> contact.consentAt() != null), name, phone);
    }

    private static Resident.Contact same(Stream<Resident.Contact> contacts, String name, String phone) {
        return contacts.filter(contact -> Objects.equals(contact.phone(), phone) || Objects.equals(contact.name(), name))
                .findFirst().orElse(null);
    }

    /** Who is asked for news and with whose consent, as an audit row shows it. */
    static String consents(List<Resident.Contact> contacts) {
        return String.join(", ", contacts.stream().filter(contact -> contact.updates() || contact.consentAt() != null)
                .map(contact -> contact.name() + (contact.updates() ? " wants updates" : " no updates")
                        + (contact.email() == null ? "" : " <" + contact.email() + ">")
                        + (contact.consentAt() == null ? ", no consent" : ", consent recorded by " + contact.consentBy()))
                .toList());
    }
}
