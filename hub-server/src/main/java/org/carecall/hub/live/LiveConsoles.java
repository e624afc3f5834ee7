package org.carecall.hub.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.carecall.hub.alarm.Alarm;
import org.carecall.hub.alarm.AlarmStore;
import org.carecall.hub.api.AlarmViews;
import org.carecall.hub.events.HubEvent;
import org.carecall.hub.staff.Role;
import org.carecall.hub.staff.Staff;
import org.carecall.hub.staff.StaffDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consoles connected to {@code /ws}. A console authenticates with its session token in its first
 * message and is answered with the whole open board, so a console that reconnects has missed nothing;
 * after that it gets every change as it happens: {@code alarm.raised}, {@code alarm.updated} (with whether
 * it should ring), {@code device.status} for those who look after devices, {@code roster.gap} for care
 * staff, {@code system.status} for everyone when the hub's store fails or recovers (also part of
 * {@code ready}, so a console that joins during a fault sees it). A console whose session has ended is
 * closed.
 */
public final class LiveConsoles {
    private static final Logger log = LoggerFactory.getLogger(LiveConsoles.class);
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private record Console(Staff staff, String token) {
    }

    private final Map<Channel, Console> consoles = new ConcurrentHashMap<>();
    private final StaffDirectory staff;
    private final AlarmStore alarms;
    private final AlarmViews views;
    private volatile Map<String, Object> system = systemStatus(true, null);

    public LiveConsoles(StaffDirectory staff, AlarmStore alarms, AlarmViews views) {
        this.staff = staff;
        this.alarms = alarms;
        this.views = views;
    }

    /** A console presents its token; on success it is sent {@code ready} with the open board. */
    Optional<Staff> join(Channel channel, String token) {
        Optional<Staff> member = staff.authenticate(token);
        member.ifPresent(who -> {
            consoles.put(channel, new Console(who, token));
            Map<String, Object> ready = new LinkedHashMap<>();
            ready.put("type", "ready");
            ready.put("staff", Map.of("id", who.id(), "username", who.username(), "displayName", who.displayName(),
                    "role", who.role().name()));
            ready.put("alarms", board(who));
            ready.put("system", system);
            send(channel, ready);
        });
        return member;
    }

    void leave(Channel channel) {
        consoles.remove(channel);
    }

    public int count() {
        return consoles.size();
    }

    /** Sends each event to the consoles that may see it. Runs on the hub's event thread. */
    public void onEvent(HubEvent event) {
        if (event instanceof HubEvent.StoreHealthChanged health) {
            system = systemStatus(health.ok(), health.problem());
        }
        for (Map.Entry<Channel, Console> entry : consoles.entrySet()) {
            Channel channel = entry.getKey();
            Console console = entry.getValue();
            if (staff.authenticate(console.token()).isEmpty()) {
                send(channel, Map.of("type", "error", "error", "session-ended", "detail", "log in again"));
                channel.close();
                consoles.remove(channel);
                continue;
            }
            message(event, console.staff()).ifPresent(message -> send(channel, message));
        }
    }

    private Optional<Map<String, Object>> message(HubEvent event, Staff viewer) {
        return switch (event) {
            case HubEvent.AlarmRaised raised -> alarmMessage("alarm.raised", raised.alarm(), viewer);
            case HubEvent.AlarmUpdated updated -> alarmMessage("alarm.updated", current(updated.alarm()), viewer);
            case HubEvent.AlarmEscalated escalated -> alarmMessage("alarm.updated", current(escalated.alarm()), viewer);
            case HubEvent.RosterGap gap -> viewer.role() == Role.TECHNICIAN ? Optional.empty()
                    : Optional.of(Map.of("type", "roster.gap", "alarmId", gap.alarm().id(), "where", gap.where()));
            case HubEvent.DeviceStatusChanged status -> viewer.role() == Role.DUTY ? Optional.empty()
                    : Optional.of(Map.of("type", "device.status", "device", status.status()));
            case HubEvent.StoreHealthChanged health -> Optional.of(Map.of("type", "system.status", "system", system));
        };
    }

    private static Map<String, Object> systemStatus(boolean storeOk, String problem) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("storeOk", storeOk);
        status.put("problem", storeOk ? null : problem);
        return status;
    }

    private Optional<Map<String, Object>> alarmMessage(String type, Alarm alarm, Staff viewer) {
        if (!AlarmViews.visibleTo(viewer, alarm)) {
            return Optional.empty();
        }
        return Optional.of(Map.of("type", type, "alarm", views.view(alarm, viewer)));
    }

    /** The latest stored state, since an escalation event may carry the call as it was a moment ago. */
    private Alarm current(Alarm alarm) {
        try {
            return alarms.find(alarm.id()).orElse(alarm);
        } catch (SQLException e) {
            return alarm;
        }
    }

    private List<Map<String, Object>> board(Staff viewer) {
        try {
            return alarms.page(true, AlarmViews.kindsVisibleTo(viewer), 500, 0).stream()
                    .map(alarm -> views.view(alarm, viewer)).toList();
        } catch (SQLException e) {
            log.error("cannot read the open board for a console: {}", e.getMessage());
            return List.of();
        }
    }

    private static void send(Channel channel, Object message) {
        try {
            channel.writeAndFlush(new TextWebSocketFrame(JSON.writeValueAsString(message)));
        } catch (JsonProcessingException e) {
            log.error("cannot write a live message: {}", e.getMessage());
        }
    }
}
