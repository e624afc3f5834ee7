package org.carecall.hub.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.carecall.hub.alarm.Alarm;
import org.carecall.hub.alarm.AlarmStates;
import org.carecall.hub.alarm.AlarmStore;
import org.carecall.hub.audit.AuditLog;
import org.carecall.hub.board.AlarmViews;
import org.carecall.hub.board.BoardOrder;
import org.carecall.hub.escalation.OpenConsoles;
import org.carecall.hub.events.HubEvent;
import org.carecall.hub.staff.Role;
import org.carecall.hub.staff.Staff;
import org.carecall.hub.staff.StaffDirectory;
import org.carecall.hub.store.StoreException;
import org.carecall.protocol.AlarmKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consoles connected to {@code /ws}. A console authenticates with its session token in its first
 * message and is answered with the whole open board, so a console that reconnects has missed nothing;
 * after that it gets every change as it happens: {@code alarm.raised}, {@code alarm.updated} (with whether
 * it should ring), {@code device.status} for those who look after devices, {@code roster.gap} for care
 * staff, {@code system.status} for everyone when the hub's store fails or recovers (also part of
 * {@code ready}, so a console that joins during a fault sees it). A console whose session has ended is
 * closed. Every call, board, unit and roster gap goes only to the consoles whose person {@link
 * org.carecall.hub.access.Scope} lets see it: their own community's.
 *
 * <p>A console that rendered a ringing call says so ({@code {"type":"shown","alarmId":...}}); that is how the
 * hub learns a person was reached. A sighting counts only from a console that was sent the call as
 * ringing for its person, for a call still waiting to be taken; any other is refused, told to the
 * console and audited, since a false sighting would tell a resident somebody knows when nobody does.
 */
public final class LiveConsoles implements OpenConsoles {
    private static final Logger log = LoggerFactory.getLogger(LiveConsoles.class);
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /**
     * An open console: who, the calls it was sent as ringing for it (each as its last message showed it,
     * so that a sighting is checked without a read), and those it has confirmed it showed.
     */
    private record Console(Staff staff, String token, StaffDirectory.SessionKey session, Map<String, Alarm> rung,
                           Set<String> shown) {
        Console(Staff staff, String token) {
            // The session's key is worked out once: every event checks it, and hashing costs more than a lookup.
            this(staff, token, StaffDirectory.SessionKey.of(token), new ConcurrentHashMap<>(),
                    ConcurrentHashMap.newKeySet());
        }
    }

    /** Where a confirmed sighting goes: escalation, which makes the call NOTIFIED. */
    public interface Sightings {
        CompletableFuture<?> seen(Alarm alarm, Staff by, String origin);
    }


    private final Map<Channel, Console> consoles = new ConcurrentHashMap<>();
    private final StaffDirectory staff;
    private final AlarmStore alarms;
    private final AlarmViews views;
    private final AuditLog audit;
    private final Sightings sightings;
    private volatile Map<String, Object> system = systemStatus(true, null);

    public LiveConsoles(StaffDirectory staff, AlarmStore alarms, AlarmViews views, AuditLog audit, Sightings sightings) {
        this.staff = staff;
        this.alarms = alarms;
        this.views = views;
        this.audit = audit;
        this.sightings = sightings;
    }

    /** A console presents its token; on success it is sent {@code ready} with the open board. */
    Optional<Staff> join(Channel channel, String token) {
        // A session opened with a one-time password may only choose a new one: no board, no calls.
        Optional<Staff> member = staff.caller(token).filter(caller -> !caller.oneTime()).map(StaffDirectory.Caller::staff);
        member.ifPresent(who -> {
            Console console = new Console(who, token);
            consoles.put(channel, console);
            Map<String, Object> ready = new LinkedHashMap<>();
            ready.put("type", "ready");
            ready.put("staff", Map.of("id", who.id(), "username", who.username(), "displayName", who.displayName(),
                    "role", who.role().name()));
            List<Map<String, Object>> board = new ArrayList<>();
            for (Alarm alarm : openBoard(AlarmViews.kindsVisibleTo(who))) {
                if (!views.visibleTo(who, alarm)) {
                    continue;
                }
                Map<String, Object> view = views.view(alarm, who);
                noteRinging(console, alarm, view);
                board.add(view);
            }
            ready.put("alarms", board);
            ready.put("system", system);
            send(channel, ready);
        });
        return member;
    }

    /**
     * A message for every open console, outside the hub's own events: the demo's simulator panel uses it
     * to push each simulated unit's lamps and voice. A real hub sends nothing through it.
     */
    public void broadcast(Map<String, Object> message) {
        consoles.keySet().forEach(channel -> send(channel, message));
    }

    /** The hub is stopping: every console is told at once, so it shows it is offline rather than waiting. */
    public void closeAll() {
        consoles.keySet().forEach(channel -> channel.close().awaitUninterruptibly(1000));
        consoles.clear();
    }

    /**
     * An account was disabled or its role changed: its open consoles are told their session ended and
     * closed, so nobody keeps ringing (or seeing) with rights they no longer have.
     */
    public void endFor(String staffId) {
        consoles.forEach((channel, console) -> {
            if (console.staff().id().equals(staffId)) {
                send(channel, Map.of("type", "error", "error", "session-ended"));
                consoles.remove(channel);
                channel.close();
            }
        });
    }

    /**
     * Closes every console whose session has ended (a password changed or reset, log out everywhere, here,
     * on another node or from the command line), telling it so. Returns how many were closed.
     */
    public int closeEnded() {
        int closed = 0;
        for (Map.Entry<Channel, Console> entry : consoles.entrySet()) {
            if (staff.authenticate(entry.getValue().token()).isEmpty()) {
                send(entry.getKey(), Map.of("type", "error", "error", "session-ended", "detail", "log in again"));
                consoles.remove(entry.getKey());
                entry.getKey().close();
                closed++;
            }
        }
        return closed;
    }

    /** A session's end is announced in words this long before, on every ping of its console. */
    static final java.time.Duration WARN_BEFORE = java.time.Duration.ofMinutes(15);

    /**
     * A console's ping (every 25 s): while it stays connected its session slides on, and once the session
     * nears its absolute limit the console is told in words how many minutes are left, so its person can
     * log in again before a call comes rather than after.
     */
    void ping(Channel channel) {
        Console console = consoles.get(channel);
        if (console == null) {
            return;
        }
        staff.renew(console.session()).filter(left -> left.compareTo(WARN_BEFORE) <= 0).ifPresent(left -> {
            long minutes = Math.max(1, (left.toSeconds() + 59) / 60);
            send(channel, Map.of("type", "session.ending", "minutesLeft", minutes, "detail",
                    "this login ends in " + minutes + " min: log in again to keep receiving calls"));
        });
    }

    void leave(Channel channel) {
        consoles.remove(channel);
    }

    public int count() {
        return consoles.size();
    }

    /** Open consoles by their person's role, every role named (0 where none is open). */
    public Map<String, Integer> countByRole() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Role role : Role.values()) {
            counts.put(role.name(), 0);
        }
        consoles.values().forEach(console -> counts.merge(console.staff().role().name(), 1, Integer::sum));
        return counts;
    }

    /** The staff with a console open here, for the other hub nodes. */
    public Set<String> staffOpen() {
        return consoles.values().stream().map(console -> console.staff().id()).collect(java.util.stream.Collectors.toSet());
    }

    @Override
    public boolean anyOpenFor(Set<String> staffIds) {
        if (staffIds.isEmpty()) {
            return false; // asked for every step of every call, often of nobody
        }
        for (Console console : consoles.values()) {
            if (staffIds.contains(console.staff().id())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean anyOpenThatMaySee(Alarm alarm) {
        return consoles.values().stream().anyMatch(console -> views.visibleTo(console.staff(), alarm));
    }

    /**
     * A console says it showed a ringing call. Counted once per console and call; refused (told to the
     * console and audited) unless the console was ringing for it and the call still waits to be taken.
     * Checked against the call as this console was last sent it, without a read on the event loop: events
     * come in commit order, and the store makes the call NOTIFIED only if it still waits.
     */
    void shown(Channel channel, String alarmId, String origin) {
        Console console = consoles.get(channel);
        if (console == null) {
            return;
        }
        Alarm alarm = alarmId == null ? null : console.rung().get(alarmId);
        String refusal = alarm == null ? "this console was never sent the call as ringing for it"
                : !views.visibleTo(console.staff(), alarm) ? "this person may not see the call"
                : !AlarmStates.WAITING.contains(alarm.state()) ? "the call is " + alarm.state().name().toLowerCase()
                : null;
        if (refusal != null) {
            audit.noted(console.staff().username(), "console-sighting-refused", null, origin, "staff "
                    + console.staff().username() + ", call " + alarmId + ": " + refusal);
            send(channel, Map.of("type", "error", "error", "sighting-refused", "alarmId", String.valueOf(alarmId),
                    "detail", refusal));
            return;
        }
        if (console.shown().add(alarmId)) {
            String id = alarmId;
            sightings.seen(alarm, console.staff(), origin).whenComplete((done, failure) -> {
                if (failure != null) {
                    console.shown().remove(id); // the console may confirm again
                    log.error("could not record that {} saw call {}: {}", console.staff().username(), id,
                            failure.getMessage());
                }
            });
        }
    }

    /**
     * Which calls this console was sent as ringing, as last sent; a call off the board is forgotten, so
     * the maps stay small. A call that rang here stays known until then, with its newest state, so that a
     * late sighting is refused for what the call has become.
     */
    private static void noteRinging(Console console, Alarm alarm, Map<String, Object> view) {
        String id = alarm.id();
        if (Boolean.FALSE.equals(view.get("onBoard"))) {
            console.rung().remove(id);
            console.shown().remove(id);
        } else if (Boolean.TRUE.equals(view.get("ringingForMe")) || Boolean.TRUE.equals(view.get("ringingEveryone"))
                || console.rung().containsKey(id)) {
            console.rung().put(id, alarm);
        }
    }

    /**
     * Sends every console its whole board again, each call as a change it applies over what it shows.
     * For when another hub node stopped: news of a call it committed but could not tell (cut off from the
     * database at that moment, or killed) would otherwise never reach these consoles. Runs on the hub's
     * event thread.
     */
    public void sendBoardAgain() {
        Map<Set<AlarmKind>, List<Alarm>> boards = new HashMap<>(); // one read per set of kinds, not per console
        Map<Object, String> encoded = new HashMap<>();
        for (Map.Entry<Channel, Console> entry : consoles.entrySet()) {
            Console console = entry.getValue();
            List<Alarm> open = boards.computeIfAbsent(AlarmViews.kindsVisibleTo(console.staff()), this::openBoard);
            for (Alarm alarm : open) {
                if (!views.visibleTo(console.staff(), alarm)) {
                    continue;
                }
                Map<String, Object> view = views.view(alarm, console.staff());
                noteRinging(console, alarm, view);
                send(entry.getKey(), Map.of("type", "alarm.updated", "alarm", view), encoded);
            }
        }
    }

    /**
     * Sends each event to the consoles that may see it, each distinct message encoded once however many
     * consoles get it. Runs on the hub's event thread.
     */
    public void onEvent(HubEvent event) {
        Map<Object, String> encoded = new HashMap<>();
        if (event instanceof HubEvent.StoreHealthChanged health) {
            system = systemStatus(health.ok(), health.problem());
        }
        Alarm call = alarmOf(event);
        for (Map.Entry<Channel, Console> entry : consoles.entrySet()) {
            Channel channel = entry.getKey();
            Console console = entry.getValue();
            if (staff.authenticateFromMemory(console.session()).isEmpty()) { // the event thread never waits on the store
                send(channel, Map.of("type", "error", "error", "session-ended", "detail", "log in again"));
                channel.close();
                consoles.remove(channel);
                continue;
            }
            message(event, console.staff()).ifPresent(message -> {
                if (message.get("alarm") instanceof Map<?, ?> view) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> alarmView = (Map<String, Object>) view;
                    noteRinging(console, call, alarmView);
                }
                send(channel, message, encoded);
            });
        }
    }

    private Optional<Map<String, Object>> message(HubEvent event, Staff viewer) {
        return switch (event) {
            case HubEvent.AlarmRaised raised -> alarmMessage("alarm.raised", raised.alarm(), viewer);
            // Each event carries the call as its change committed it, and comes in commit order (HubEvents).
            case HubEvent.AlarmUpdated updated -> alarmMessage("alarm.updated", updated.alarm(), viewer);
            case HubEvent.AlarmEscalated escalated -> alarmMessage("alarm.updated", escalated.alarm(), viewer);
            case HubEvent.RosterGap gap -> viewer.role() == Role.TECHNICIAN || !views.visibleTo(viewer, gap.alarm())
                    ? Optional.empty()
                    : Optional.of(Map.of("type", "roster.gap", "alarmId", gap.alarm().id(), "where", gap.where()));
            case HubEvent.DeviceStatusChanged status -> viewer.role() == Role.DUTY
                    || !views.scope().maySeeDevice(viewer, status.status().deviceId()) ? Optional.empty()
                    : Optional.of(Map.of("type", "device.status", "device", status.status()));
            case HubEvent.StoreHealthChanged health -> Optional.of(Map.of("type", "system.status", "system", system));
        };
    }

    /** The call an event carries as its message shows it; null for an event that shows no call. */
    private static Alarm alarmOf(HubEvent event) {
        return switch (event) {
            case HubEvent.AlarmRaised raised -> raised.alarm();
            case HubEvent.AlarmUpdated updated -> updated.alarm();
            case HubEvent.AlarmEscalated escalated -> escalated.alarm();
            default -> null;
        };
    }

    private static Map<String, Object> systemStatus(boolean storeOk, String problem) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("storeOk", storeOk);
        status.put("problem", storeOk ? null : problem);
        return status;
    }

    private Optional<Map<String, Object>> alarmMessage(String type, Alarm alarm, Staff viewer) {
        if (!views.visibleTo(viewer, alarm)) {
            return Optional.empty();
        }
        return Optional.of(Map.of("type", type, "alarm", views.view(alarm, viewer)));
    }

    private List<Alarm> openBoard(Set<AlarmKind> kinds) {
        try {
            return alarms.page(true, kinds, 500, 0).stream().sorted(BoardOrder.PRIORITY_THEN_AGE).toList();
        } catch (StoreException e) {
            log.error("cannot read the open board for a console: {}", e.getMessage());
            return List.of();
        }
    }

    private static void send(Channel channel, Object message) {
        write(channel, encode(message));
    }

    /** Sends a message encoded once for every console that gets the same one. */
    private static void send(Channel channel, Object message, Map<Object, String> encoded) {
        write(channel, encoded.computeIfAbsent(message, LiveConsoles::encode));
    }

    private static void write(Channel channel, String text) {
        if (text != null) {
            channel.writeAndFlush(new TextWebSocketFrame(text));
        }
    }

    private static String encode(Object message) {
        try {
            return JSON.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            log.error("cannot write a live message: {}", e.getMessage());
            return null;
        }
    }
}
