package org.carecall.hub.community;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.carecall.hub.store.StoredJson;

/**
 * A file's emergency contacts as stored JSON. Guarantees: a field a newer hub node wrote into a contact is
 * neither fatal nor lost: it is kept in the contact's {@code more} and written back as it was.
 */
final class ContactsJson {
    private static final ObjectMapper JSON = StoredJson.builder().build();

    private ContactsJson() {
    }

    static List<Resident.Contact> read(String stored) throws JsonProcessingException {
        List<Resident.Contact> contacts = new ArrayList<>();
        for (JsonNode node : JSON.readTree(stored == null ? "[]" : stored)) {
            Map<String, JsonNode> more = StoredJson.newerFields(node, Resident.Contact.class);
            Resident.Contact known = JSON.treeToValue(node, Resident.Contact.class);
            contacts.add(more.isEmpty() ? known : known.keeping(more));
        }
        return contacts;
    }

    static String write(List<Resident.Contact> contacts) {
        ArrayNode array = JSON.createArrayNode();
        for (Resident.Contact contact : contacts == null ? List.<Resident.Contact>of() : contacts) {
            ObjectNode node = JSON.valueToTree(contact);
            contact.more().forEach(node::putIfAbsent);
            array.add(node);
        }
        try {
            return JSON.writeValueAsString(array);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
