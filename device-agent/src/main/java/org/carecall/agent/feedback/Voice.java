package org.carecall.agent.feedback;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.carecall.protocol.SpokenPrompt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spoken prompts: clips in the resident's language ({@code <clipsDir>/<language>/<clip>.wav}, installed
 * with the package from the texts in {@code prompts.tsv}), played with the system's audio player at the
 * volume the hub set. With a speech engine on the unit, "help is coming" names the person coming.
 *
 * <p>Guarantees: a prompt never delays the call: speaking happens on a thread of its own, and a new
 * prompt cuts off the one before, except an announcement (power lost or back, low battery), which is
 * heard to its end before the next prompt. The everyday keys' prompts ({@link Clip#everyday()}) never
 * cut anything off: they wait until what is playing (a call's "help is coming", say) has finished, and
 * a call's next prompt cuts them off. A unit without a speaker (no player, no clip, no sound card) stays
 * silent and says so once in the log; the lights carry the message alone.
 *
 * <p>Prompts that name someone ({@code help-coming}, {@code service-assigned}, {@code service-appointment})
 * are made at the time from the {@code <clip>-named} line of {@code prompts.tsv} by the speech engine
 * (espeak-ng) when it is installed; without it, or if it fails within five seconds, the plain clip is
 * played and the name is not said.
 */
public final class Voice implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Voice.class);
    private static final int HISTORY = 50;
    /** Prompts about the unit rather than the call: heard to their end. */
    private static final java.util.Set<Clip> ANNOUNCEMENTS = java.util.EnumSet.of(Clip.LOW_BATTERY, Clip.POWER_LOST,
            Clip.POWER_BACK);

    /** The prompts the unit can speak; each is {@code <clipsDir>/<language>/<file>.wav}. */
    public enum Clip {
        CALLING("calling"),
        RECEIVED("received"),
        HELP_COMING("help-coming"),
        STAFF_ARRIVED("staff-arrived"),
        CALL_CLOSED("call-closed"),
        CANCELLED("cancelled"),
        FAULT("fault-use-phone"),
        INACTIVITY_WARNING("are-you-ok"),
        TEST("test-call"),
        LOW_BATTERY("low-battery"),
        POWER_LOST("power-lost"),
        POWER_BACK("power-back"),
        CHECKIN_REMIND("checkin-remind"),
        CHECKIN_OK("checkin-ok"),
        CHECKIN_RETRYING("checkin-retrying"),
        SERVICE_RECEIVED("service-received"),
        SERVICE_RETRYING("service-retrying"),
        SERVICE_ASSIGNED("service-assigned"),
        SERVICE_DONE("service-done"),
        SERVICE_APPOINTMENT("service-appointment");

        public final String file;

        Clip(String file) {
            this.file = file;
        }

        /** A prompt of the everyday keys: it waits for what is playing rather than cutting it off. */
        public boolean everyday() {
            return ordinal() >= CHECKIN_REMIND.ordinal();
        }

        /** The clip of a prompt the hub may ask for with SPEAK: the same name. */
        public static Clip of(SpokenPrompt prompt) {
            for (Clip clip : values()) {
                if (clip.file.equals(prompt.wire())) {
                    return clip;
                }
            }
            throw new IllegalStateException("no clip for the prompt " + prompt.wire()); // VoiceTest keeps them in step
        }
    }

    /** What the unit said (or meant to say, without a speaker): the clip, in which language, naming whom. */
    public record Spoken(Clip clip, String language, String name, Path file) {
    }

    private final String player;
    private final String speechEngine;
    private final Path clipsDir;
    private final Path scratch;
    private volatile String language;
    private volatile int volume = 80;
    private final AtomicReference<Clip> lastSpoken = new AtomicReference<>();
    private final Deque<Spoken> spoken = new ArrayDeque<>();
    private int spokenTotal;
    private final ExecutorService speaker = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("voice").daemon(true).factory());
    private boolean warnedSilent;
    private Process playing;
    private boolean playingAnnouncement;

    public Voice(String player, Path clipsDir, String language) {
        this(player, null, clipsDir, language);
    }

    /** {@code speechEngine}: espeak-ng (or none) for prompts that carry a name. */
    public Voice(String player, String speechEngine, Path clipsDir, String language) {
        this.player = player == null || player.isBlank() ? null : player;
        this.speechEngine = speechEngine == null || speechEngine.isBlank() ? null : speechEngine;
        this.clipsDir = clipsDir;
        this.language = language;
        Path dir;
        try {
            dir = Files.createTempDirectory("carecall-voice-");
        } catch (IOException e) {
            dir = null;
        }
        this.scratch = dir;
    }

    public void language(String language) {
        this.language = language;
    }

    /** 0 (silent) to 100 (the clip as recorded), from the hub's device settings. */
    public void volume(int volume) {
        this.volume = Math.max(0, Math.min(100, volume));
    }

    /** Speaks a clip, cutting off the one before; never blocks the caller. */
    public void say(Clip clip) {
        say(clip, null);
    }

    /** Speaks a clip; with a name, the named sentence when the clip has one and a speech engine is here. */
    public void say(Clip clip, String name) {
        lastSpoken.set(clip);
        String lang = language;
        Path file = clipsDir.resolve(lang).resolve(clip.file + ".wav");
        synchronized (spoken) {
            spoken.addLast(new Spoken(clip, lang, name, file));
            spokenTotal++;
            if (spoken.size() > HISTORY) {
                spoken.removeFirst();
            }
        }
        int level = volume;
        log.info("voice: says {}{}", clip.file, name == null ? "" : " (naming " + name + ")");
        speaker.execute(() -> speak(clip, name, lang, file, level));
    }

    private void speak(Clip clip, String name, String lang, Path file, int level) {
        Path sound = name != null ? named(clip, lang, name).orElse(file) : file;
        if (player == null || level == 0 || !Files.isReadable(sound)) {
            if (!warnedSilent) {
                log.info("voice: silent ({}); lights only", player == null ? "no player configured"
                        : level == 0 ? "volume 0" : "no clip at " + sound);
                warnedSilent = true;
            }
            return;
        }
        if ((playingAnnouncement || clip.everyday()) && playing != null && playing.isAlive()) {
            try {
                playing.waitFor(15, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        stopPlaying();
        playingAnnouncement = ANNOUNCEMENTS.contains(clip);
        try {
            playing = new ProcessBuilder(player, atVolume(sound, level).toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            log.warn("voice: cannot run {}: {}", player, e.getMessage());
        }
    }

    private void stopPlaying() {
        if (playing != null && playing.isAlive()) {
            playing.destroy();
        }
    }

    /** "Wang Li is on the way", made by the speech engine from the {@code <clip>-named} text; empty without one. */
    private Optional<Path> named(Clip clip, String lang, String name) {
        if (speechEngine == null || scratch == null) {
            return Optional.empty();
        }
        try {
            Optional<String[]> template = Files.readAllLines(clipsDir.resolve("prompts.tsv"), StandardCharsets.UTF_8)
                    .stream().map(line -> line.split("\t")).filter(cols -> cols.length == 4)
                    .filter(cols -> cols[0].equals(clip.file + "-named") && cols[1].equals(lang)).findFirst();
            if (template.isEmpty()) {
                return Optional.empty();
            }
            // Only letters, spaces and the like from a name: it is spoken, never run.
            String safe = name.replaceAll("[^\\p{L}\\p{M} .'-]", "").strip();
            Path out = scratch.resolve(clip.file + "-named.wav");
            Process synth = new ProcessBuilder(List.of(speechEngine, "-v", template.get()[2], "-s", "140", "-w",
                    out.toString(), template.get()[3].replace("{name}", safe))).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (synth.waitFor(5, TimeUnit.SECONDS) && synth.exitValue() == 0 && Files.size(out) > 44) {
                return Optional.of(out);
            }
            synth.destroyForcibly();
        } catch (IOException e) {
            log.debug("voice: no speech engine ({}); the generic prompt", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Optional.empty();
    }

    /**
     * The clip at the hub's volume: 16-bit PCM samples scaled, written beside the others in the scratch
     * folder. Players have no volume setting of their own, and the sound card's mixer is the resident's.
     */
    private Path atVolume(Path clip, int level) {
        if (level >= 100 || scratch == null) {
            return clip;
        }
        try {
            byte[] wav = Files.readAllBytes(clip);
            ByteBuffer data = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
            if (wav.length < 44 || data.getInt(0) != 0x46464952 || data.getShort(34) != 16) {
                return clip; // not plain 16-bit PCM WAV: play it as it is
            }
            int offset = dataOffset(data);
            for (int i = offset; i + 1 < wav.length; i += 2) {
                data.putShort(i, (short) (data.getShort(i) * level / 100));
            }
            Path scaled = scratch.resolve(clip.getFileName().toString().replace(".wav", "-" + level + ".wav"));
            Files.write(scaled, wav);
            return scaled;
        } catch (IOException e) {
            return clip;
        }
    }

    /** Where the samples start: after the "data" chunk's header. */
    private static int dataOffset(ByteBuffer wav) {
        int at = 12;
        while (at + 8 <= wav.limit()) {
            int id = wav.getInt(at);
            int size = wav.getInt(at + 4);
            if (id == 0x61746164) { // "data"
                return at + 8;
            }
            at += 8 + size + (size & 1);
        }
        return wav.limit();
    }

    /** The last prompt the unit meant to speak, whether or not it had a speaker. */
    public Clip lastSpoken() {
        return lastSpoken.get();
    }

    /** The prompts spoken lately, oldest first. */
    public List<Spoken> spoken() {
        synchronized (spoken) {
            return List.copyOf(spoken);
        }
    }

    /** The prompts spoken lately with how many the unit has spoken since it started, read at one moment. */
    public History history() {
        synchronized (spoken) {
            return new History(spokenTotal, List.copyOf(spoken));
        }
    }

    public record History(int total, List<Spoken> recent) {
    }

    @Override
    public void close() {
        speaker.shutdownNow();
        stopPlaying();
    }
}
