package org.carecall.hub.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.Optional;
import org.carecall.hub.events.HubEvent;
import org.carecall.protocol.Channel;

/**
 * What one hub node tells the others, as it travels through the {@code hub_event} table: a kind and a
 * JSON body. A call's news carries the call as committed, so a node that reads it need not ask the store.
 */
public sealed interface NodeNews {

    /** One of the hub's own events: a call raised or changed, a step that rang, a unit's status. */
    record Event(HubEvent event) implements NodeNews {
    }

    /**
     * A unit logged in on the telling node with this epoch, its next in {@code device_session}: a node
     * holding an older epoch of it closes that connection.
     */
    record UnitLogin(String deviceId, String node, String instance, long epoch) implements NodeNews {
    }

    /** A unit's connection to the telling node ended: the login of that epoch holds it no more. */
    record UnitLogout(String deviceId, String instance, long epoch) implements NodeNews {
    }

    /**
     * A message for a unit that the telling node does not hold, for the login of that epoch or a newer
     * one; 0 when the telling node had not heard where the unit is, for whichever node holds it.
     */
    record UnitMessage(String deviceId, long epoch, Channel channel, String payload) implements NodeNews {
    }

    /**
     * Somebody changed the community's records on the telling node (staff, residents, units, policies, a
     * logout): the others read their kept copies again.
     */
    record RecordsChanged(String what) implements NodeNews {
    }

    /** A row as stored: the kind names the record, the body is its JSON. */
    record Row(String kind, String body) {
    }

    /** A newer node's fields are ignored, and a call kind it wrote reads as UNKNOWN (as from the store). */
    ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE);

    /**
     * The row for a piece of news; empty for what concerns only the node it happened on (its own store's
     * health: every node has its own connection to the database and raises its own alarm).
     */
    static Optional<Row> toRow(NodeNews news) {
        Object body = switch (news) {
            case Event(HubEvent.StoreHealthChanged health) -> null;
            case Event(HubEvent event) -> event;
            default -> news;
        };
        if (body == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Row(body.getClass().getSimpleName(), JSON.writeValueAsString(body)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + body.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** The news in a row; empty for a kind this node does not know (a newer node's), which it skips. */
    static Optional<NodeNews> fromRow(Row row) throws JsonProcessingException {
        return switch (row.kind()) {
            case "AlarmRaised" -> event(row, HubEvent.AlarmRaised.class);
            case "AlarmUpdated" -> event(row, HubEvent.AlarmUpdated.class);
            case "AlarmEscalated" -> event(row, HubEvent.AlarmEscalated.class);
            case "RosterGap" -> event(row, HubEvent.RosterGap.class);
            case "DeviceStatusChanged" -> event(row, HubEvent.DeviceStatusChanged.class);
            case "UnitLogin" -> Optional.of(JSON.readValue(row.body(), UnitLogin.class));
            case "UnitLogout" -> Optional.of(JSON.readValue(row.body(), UnitLogout.class));
            case "UnitMessage" -> Optional.of(JSON.readValue(row.body(), UnitMessage.class));
            case "RecordsChanged" -> Optional.of(JSON.readValue(row.body(), RecordsChanged.class));
            default -> Optional.empty();
        };
    }

    private static Optional<NodeNews> event(Row row, Class<? extends HubEvent> type) throws JsonProcessingException {
        return Optional.of(new Event(JSON.readValue(row.body(), type)));
    }
}
