package org.carecall.agent.feedback;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spoken prompts: pre-recorded clips in the resident's language, played with the system's audio player.
 * A unit without a speaker (no player configured, no clip, no sound card) stays silent and says so once
 * in the log; the lights carry the message alone.
 */
public final class Voice {
    private static final Logger log = LoggerFactory.getLogger(Voice.class);

    /** The prompts the unit can speak; each is {@code <clipsDir>/<language>/<file>.wav}. */
    public enum Clip {
        CALLING("calling"),
        RECEIVED("received"),
        HELP_COMING("help-coming"),
        STAFF_ARRIVED("staff-arrived"),
        CALL_CLOSED("call-closed"),
        FAULT("fault-use-phone"),
        INACTIVITY_WARNING("are-you-ok"),
        TEST("test-call");

        final String file;

        Clip(String file) {
            this.file = file;
        }
    }

    private final String player;
    private final Path clipsDir;
    private volatile String language;
    private volatile int volume = 80;
    private final AtomicReference<Clip> lastSpoken = new AtomicReference<>();
    private boolean warnedSilent;
    private Process playing;

    public Voice(String player, Path clipsDir, String language) {
        this.player = player == null || player.isBlank() ? null : player;
        this.clipsDir = clipsDir;
        this.language = language;
    }

    public void language(String language) {
        this.language = language;
    }

    public void volume(int volume) {
        this.volume = volume;
    }

    /** Speaks a clip, cutting off the one before; never blocks the caller. */
    public void say(Clip clip) {
        lastSpoken.set(clip);
        Path file = clipsDir.resolve(language).resolve(clip.file + ".wav");
        if (player == null || volume == 0 || !Files.isReadable(file)) {
            if (!warnedSilent) {
                log.info("voice: silent ({}); lights only", player == null ? "no player configured"
                        : volume == 0 ? "volume 0" : "no clip at " + file);
                warnedSilent = true;
            }
            return;
        }
        if (playing != null && playing.isAlive()) {
            playing.destroy();
        }
        try {
            playing = new ProcessBuilder(player, file.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            log.warn("voice: cannot run {}: {}", player, e.getMessage());
        }
    }

    /** The last prompt the unit meant to speak, whether or not it had a speaker. */
    public Clip lastSpoken() {
        return lastSpoken.get();
    }
}
