package org.carecall.agent;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.carecall.agent.alarm.AlarmRaiser;
import org.carecall.agent.alarm.ReceiptHandler;
import org.carecall.agent.command.CommandRunner;
import org.carecall.agent.config.AgentConfig;
import org.carecall.agent.feedback.Feedback;
import org.carecall.agent.feedback.Lamps;
import org.carecall.agent.feedback.Voice;
import org.carecall.agent.gpio.Board;
import org.carecall.agent.health.BoardHealth;
import org.carecall.agent.keys.EverydayKeys;
import org.carecall.agent.link.Backoff;
import org.carecall.agent.link.HubLink;
import org.carecall.agent.link.PahoHubLink;
import org.carecall.agent.outbox.Outbox;
import org.carecall.agent.outbox.OutboxEntry;
import org.carecall.agent.outbox.Sender;
import org.carecall.agent.trigger.InactivityWatch;
import org.carecall.agent.trigger.Triggers;
import org.carecall.protocol.AlarmKind;
import org.carecall.protocol.Channel;
import org.carecall.protocol.PowerSource;
import org.carecall.protocol.ProtocolException;
import org.carecall.protocol.message.Command;
import org.carecall.protocol.message.DeviceConfig;
import org.carecall.protocol.message.Heartbeat;
import org.carecall.protocol.message.Hello;
import org.carecall.protocol.message.Message;
import org.carecall.protocol.message.PayloadCodec;
import org.carecall.protocol.message.Receipt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running device agent, wired together. All of its state lives on one loop thread: GPIO edges, Paho
 * callbacks and timers are handed to that thread, so the order of events is the order they are handled
 * and nothing needs a lock.
 */
public final class Agent implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Agent.class);
    private static final Duration INACTIVITY_CHECK = Duration.ofSeconds(10);

    private final AgentConfig config;
    private final Clock clock;
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("agent-loop").factory());
    private final PayloadCodec codec = new PayloadCodec();
    private final String bootId = UUID.randomUUID().toString();
    private final Instant startedAt;
    private final Board board;
    private final Outbox outbox;
    private final Lamps lamps;
    private final Voice voice;
    private final Feedback feedback;
    private final HubLink link;
    private final Sender sender;
    private final AlarmRaiser raiser;
    private final ReceiptHandler receipts;
    private final EverydayKeys keys;
    private final InactivityWatch inactivity;
    private final Triggers triggers;
    private final CommandRunner commands;
    private DeviceConfig settings;
    private ScheduledFuture<?> heartbeats;
    /** RELOAD_CONFIG asked the hub for its config again: take the answer whatever its number. */
    private boolean reloadAsked;

    private Agent(AgentConfig config, Clock clock, Function<ScheduledExecutorService, HubLink> linkFactory)
            throws SQLException {
        this.config = config;
        this.clock = clock;
        this.startedAt = clock.instant();
        this.outbox = Outbox.open(config.dataPath());
        this.board = Board.open(config);
        this.lamps = new Lamps(board, loop);
        this.voice = new Voice(config.feedback.player, config.feedback.speechEngine, Path.of(config.feedback.clipsDir),
                config.feedback.language);
        this.feedback = new Feedback(lamps, voice, loop, Duration.ofSeconds(config.timing.faultAfterS),
                Duration.ofSeconds(config.timing.unreachedRepeatS));
        this.link = linkFactory.apply(loop);
        Backoff backoff = new Backoff(config.timing.retryInitialMs, config.timing.retryMaxMs, new Random());
        this.sender = new Sender(outbox, link, backoff, clock, loop, this::delivered);
        this.raiser = new AlarmRaiser(outbox, feedback, sender, clock, Duration.ofSeconds(config.timing.eventTtlS));
        this.receipts = new ReceiptHandler(outbox, feedback, clock);
        this.keys = new EverydayKeys(outbox, sender, feedback, () -> settings, clock, loop, new EverydayKeys.Timing(
                Duration.ofSeconds(config.timing.keyRetryingAfterS), Duration.ofSeconds(config.timing.eventTtlS)));
        this.inactivity = new InactivityWatch(clock, feedback, Duration.ofSeconds(config.timing.inactivityWarningS),
                () -> raiseQuietly(AlarmKind.INACTIVITY, "motion"));
        this.triggers = new Triggers(board, loop, raiser, keys, feedback, inactivity, clock, new Triggers.Timing(
                Duration.ofMillis(config.timing.cancelHoldMs), Duration.ofMillis(config.timing.minPressGapMs)));
        this.commands = new CommandRunner(board, lamps, feedback, link, outbox, sender, raiser, this::reloadConfig,
                clock, loop);
    }

    /** Starts an agent talking to its hub over MQTT. */
    public static Agent start(AgentConfig config, Clock clock) throws SQLException {
        Backoff linkBackoff = new Backoff(config.timing.retryInitialMs, config.timing.retryMaxMs, new Random());
        return start(config, clock, loop -> new PahoHubLink(config, loop, linkBackoff));
    }

    public static Agent start(AgentConfig config, Clock clock, Function<ScheduledExecutorService, HubLink> link)
            throws SQLException {
        Agent agent = new Agent(config, clock, link);
        agent.onLoop(() -> {
            agent.begin();
            return null;
        });
        return agent;
    }

    private void begin() throws SQLException {
        apply(outbox.setting("config").map(this::readConfig).orElseGet(this::defaultSettings), false);
        Optional<OutboxEntry> open = outbox.openCall();
        if (open.isPresent()) {
            log.info("restart with call {} open ({}); showing its state and sending what is pending",
                    open.get().id(), open.get().state() == null ? "not yet received" : open.get().state());
            feedback.restore(open.get().state());
        }
        loop.scheduleWithFixedDelay(this::checkInactivity, INACTIVITY_CHECK.toMillis(), INACTIVITY_CHECK.toMillis(),
                TimeUnit.MILLISECONDS);
        link.start(new HubLink.Listener() {
            @Override
            public void connected() {
                hello();
                sender.linkUp();
            }

            @Override
            public void disconnected(String why) {
                log.warn("link: lost the hub ({}); the outbox keeps everything until it is back", why);
            }

            @Override
            public void message(Channel channel, byte[] payload) {
                handle(channel, payload);
            }
        });
        log.info("agent {} started ({} GPIO, hub {})", config.device.id, board.simulated() ? "simulated" : "gpiod",
                config.hubsInWords());
    }

    private void handle(Channel channel, byte[] payload) {
        try {
            Message message = codec.decode(channel, payload);
            switch (message) {
                case Receipt receipt -> receipts.receipt(receipt);
                case DeviceConfig settings -> {
                    if (settings.version() >= this.settings.version() || reloadAsked) {
                        reloadAsked = false;
                        apply(settings, true);
                    } else {
                        // A hello's answer overtaken by a newer change: versions only grow, so this one is stale.
                        log.info("config version {} from the hub ignored: version {} is newer", settings.version(),
                                this.settings.version());
                    }
                }
                case Command command -> commands.run(command);
                default -> log.warn("ignoring {} from the hub", channel.suffix());
            }
        } catch (ProtocolException e) {
            log.warn("the hub sent something unreadable on {}: {}", channel.suffix(), e.getMessage());
        } catch (SQLException e) {
            log.error("COULD NOT UPDATE the outbox for {}: {}", channel.suffix(), e.getMessage());
        }
    }

    /** Takes new behaviour settings, live: heartbeat interval, inactivity, night door, voice. */
    private void apply(DeviceConfig next, boolean fromHub) throws SQLException {
        settings = next;
        if (fromHub) {
            outbox.putSetting("config", codec.encodeToString(next));
            log.info("config version {} from the hub applied: heartbeat {} s", next.version(), next.heartbeatS());
        }
        inactivity.settings(next.inactivity());
        triggers.nightDoor(next.nightDoor());
        if (next.feedback() != null) {
            voice.language(next.feedback().voice());
            voice.volume(next.feedback().volume());
        }
        if (heartbeats != null) {
            heartbeats.cancel(false);
        }
        heartbeats = loop.scheduleAtFixedRate(this::heartbeat, next.heartbeatS(), next.heartbeatS(), TimeUnit.SECONDS);
    }

    private DeviceConfig readConfig(String json) {
        try {
            return codec.decode(DeviceConfig.class, json.getBytes(StandardCharsets.UTF_8));
        } catch (ProtocolException e) {
            log.warn("stored config unreadable ({}); using defaults until the hub sends one", e.getMessage());
            return defaultSettings();
        }
    }

    /** Version 0, so the hub sends its own settings at the first hello. */
    private DeviceConfig defaultSettings() {
        return new DeviceConfig(0, 60,
                new DeviceConfig.Inactivity(true, 12, LocalTime.of(7, 0), LocalTime.of(22, 0)),
                new DeviceConfig.NightDoor(true, LocalTime.of(23, 0), LocalTime.of(6, 0)),
                new DeviceConfig.Feedback(config.feedback.language, 80));
    }

    private void reloadConfig() {
        reloadAsked = true; // whatever the hub answers now is its current config, even if numbered lower
        sendHello(0);
    }

    private void hello() {
        sendHello(settings.version());
    }

    private void sendHello(int configVersion) {
        int pending = pendingQuietly();
        link.publish(Channel.HELLO, codec.encode(new Hello(config.device.firmware, config.device.hardware, bootId,
                configVersion, pending, clock.instant(), features())), 1);
    }

    /** What this unit's wiring has beyond the call button, for the hub to know which keys it may enable. */
    private List<String> features() {
        List<String> features = new ArrayList<>();
        if (board.inputWiring().containsKey(EverydayKeys.Key.CHECK_IN.input)) {
            features.add(Hello.CHECK_IN_KEY);
        }
        if (board.inputWiring().containsKey(EverydayKeys.Key.SERVICE.input)) {
            features.add(Hello.SERVICE_KEY);
        }
        return features;
    }

    /** The hub acknowledged a message that is not an alarm: a key's press is said to be received. */
    private void delivered(OutboxEntry entry) {
        keys.delivered(entry);
    }

    private void heartbeat() {
        if (!link.connected()) {
            return;
        }
        Heartbeat beat = new Heartbeat(clock.instant(), Duration.between(startedAt, clock.instant()).toSeconds(),
                config.device.firmware, settings.version(), pendingQuietly(),
                triggers.onBattery() ? PowerSource.BATTERY : PowerSource.MAINS, null, BoardHealth.cpuTempC(),
                BoardHealth.wifiRssi(), inactivity.lastMotion());
        link.publish(Channel.HEARTBEAT, codec.encode(beat), 0);
    }

    private void checkInactivity() {
        try {
            inactivity.check();
        } catch (RuntimeException e) {
            log.error("inactivity check failed", e);
        }
    }

    private void raiseQuietly(AlarmKind kind, String source) {
        try {
            raiser.raise(kind, source, false);
        } catch (SQLException e) {
            log.error("COULD NOT STORE {} alarm: {}", kind, e.getMessage());
        }
    }

    private int pendingQuietly() {
        try {
            return outbox.pending();
        } catch (SQLException e) {
            return -1;
        }
    }

    /** Runs work on the agent's loop and waits for it: how tests and the simulator look inside safely. */
    public <T> T onLoop(Callable<T> work) {
        try {
            return loop.submit(work).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("agent loop task failed: " + e.getMessage(), e);
        }
    }

    public AgentConfig config() {
        return config;
    }

    public Board board() {
        return board;
    }

    public Lamps lamps() {
        return lamps;
    }

    public Feedback feedback() {
        return feedback;
    }

    public Voice voice() {
        return voice;
    }

    public Outbox outbox() {
        return outbox;
    }

    public HubLink link() {
        return link;
    }

    public InactivityWatch inactivity() {
        return inactivity;
    }

    public CommandRunner commands() {
        return commands;
    }

    public EverydayKeys keys() {
        return keys;
    }

    public DeviceConfig settings() {
        return onLoop(() -> settings);
    }

    @Override
    public void close() {
        link.close();
        voice.close();
        onLoop(() -> {
            lamps.stop();
            board.close();
            outbox.close();
            return null;
        });
        loop.shutdownNow();
    }
}
