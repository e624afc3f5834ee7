package org.carecall.agent.command;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.carecall.agent.alarm.AlarmRaiser;
import org.carecall.agent.feedback.Feedback;
import org.carecall.agent.feedback.Lamps;
import org.carecall.agent.feedback.Voice;
import org.carecall.agent.gpio.Board;
import org.carecall.agent.link.HubLink;
import org.carecall.agent.outbox.Outbox;
import org.carecall.agent.outbox.Sender;
import org.carecall.protocol.AlarmKind;
import org.carecall.protocol.Channel;
import org.carecall.protocol.MessageIds;
import org.carecall.protocol.ProtocolException;
import org.carecall.protocol.message.Command;
import org.carecall.protocol.message.CommandResult;
import org.carecall.protocol.message.PayloadCodec;
import org.carecall.protocol.message.Speak;

/**
 * Carries out what the hub asks of the unit: SELFTEST (cycle the outputs, read the inputs, check the link
 * and the outbox), LOCATE (blink), TEST_CALL (a TEST alarm end to end), RELOAD_CONFIG and SPEAK (one
 * prompt of the fixed list, after whatever a call is saying; an unknown prompt is refused with the
 * reason and nothing is said). Each answer goes through the outbox like any other message. Runs on the
 * agent's loop thread.
 */
public final class CommandRunner {
    private static final Duration LOCATE_FOR = Duration.ofSeconds(30);
    private static final long OUTPUT_STEP_MILLIS = 300;

    private final Board board;
    private final Lamps lamps;
    private final Feedback feedback;
    private final HubLink link;
    private final Outbox outbox;
    private final Sender sender;
    private final AlarmRaiser raiser;
    private final Runnable reloadConfig;
    private final Clock clock;
    private final ScheduledExecutorService loop;
    private final PayloadCodec codec = new PayloadCodec();

    public CommandRunner(Board board, Lamps lamps, Feedback feedback, HubLink link, Outbox outbox, Sender sender,
                         AlarmRaiser raiser, Runnable reloadConfig, Clock clock, ScheduledExecutorService loop) {
        this.board = board;
        this.lamps = lamps;
        this.feedback = feedback;
        this.link = link;
        this.outbox = outbox;
        this.sender = sender;
        this.raiser = raiser;
        this.reloadConfig = reloadConfig;
        this.clock = clock;
        this.loop = loop;
    }

    public void run(Command command) throws SQLException {
        switch (command.cmd()) {
            case SELFTEST -> selfTest(detail -> answer(command, Boolean.TRUE.equals(detail.get("ok")), detail));
            case LOCATE -> {
                feedback.locate(LOCATE_FOR);
                answer(command, true, Map.of("blinkingForS", LOCATE_FOR.toSeconds()));
            }
            case TEST_CALL -> {
                String alarmId = raiser.raise(AlarmKind.TEST, "test-call", true).orElse(null);
                answer(command, alarmId != null, alarmId == null ? Map.of() : Map.of("alarmId", alarmId));
            }
            case RELOAD_CONFIG -> {
                reloadConfig.run();
                answer(command, true, Map.of());
            }
            case SPEAK -> speak(command);
        }
    }

    private void speak(Command command) {
        Speak speak;
        try {
            speak = Speak.of(command);
        } catch (ProtocolException e) {
            answer(command, false, Map.of("reason", e.getMessage()));
            return;
        }
        String name = speak.prompt().names() ? speak.name() : null;
        feedback.announce(Voice.Clip.of(speak.prompt()), name);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("prompt", speak.prompt().wire());
        if (name != null) {
            detail.put("name", name);
        }
        answer(command, true, detail);
    }

    /**
     * The self-test: lights each output in turn (so a technician sees every LED and hears the buzzer),
     * then reports each input's state, the link and the outbox. An input that reads active at rest is
     * reported, since a stuck contact cannot raise a new call.
     */
    public void selfTest(Consumer<Map<String, Object>> report) {
        long step = 0;
        for (Lamps.Lamp lamp : Lamps.Lamp.values()) {
            loop.schedule(() -> lamps.show(Map.of(lamp, Lamps.Mode.ON)), step++ * OUTPUT_STEP_MILLIS, TimeUnit.MILLISECONDS);
        }
        loop.schedule(() -> {
            feedback.resume(); // give the lamps back to the call's own pattern
            report.accept(checks());
        }, step * OUTPUT_STEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    private Map<String, Object> checks() {
        Map<String, Object> detail = new LinkedHashMap<>();
        Map<String, Object> inputs = new LinkedHashMap<>();
        boolean stuck = false;
        for (String input : board.inputWiring().keySet()) {
            boolean restsActive = board.stuckAtRest(input);
            stuck |= restsActive;
            inputs.put(input, restsActive ? "ACTIVE AT REST (stuck or wiring fault?)"
                    : board.isActive(input) ? "active" : "idle");
        }
        detail.put("inputs", inputs);
        detail.put("outputs", "cycled");
        detail.put("link", link.connected() ? "connected" : "NOT CONNECTED");
        String integrity;
        int pending;
        try {
            integrity = outbox.integrityCheck();
            pending = outbox.pending();
        } catch (SQLException e) {
            integrity = "ERROR: " + e.getMessage();
            pending = -1;
        }
        detail.put("outbox", integrity);
        detail.put("outboxPending", pending);
        detail.put("ok", link.connected() && "ok".equals(integrity) && !stuck);
        return detail;
    }

    private void answer(Command command, boolean ok, Map<String, Object> detail) {
        Instant now = clock.instant();
        try {
            outbox.add(MessageIds.next(now.toEpochMilli()), Channel.CMD_RESULT,
                    codec.encode(new CommandResult(command.id(), ok, detail)), outbox.nextSeq(), now, null,
                    now.plus(Duration.ofHours(1)));
            sender.sendNow();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store the result of " + command.cmd(), e);
        }
    }
}
