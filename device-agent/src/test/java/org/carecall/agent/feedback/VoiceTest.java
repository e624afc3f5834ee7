package org.carecall.agent.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class VoiceTest {

    @Test
    void aClipIsPlayedInTheResidentsLanguageWithTheSystemsPlayer() throws Exception {
        Path clips = Files.createTempDirectory("clips-");
        Files.createDirectories(clips.resolve("en"));
        Files.writeString(clips.resolve("en/help-coming.wav"), "RIFF");
        Path played = clips.resolve("played.txt");
        Path player = clips.resolve("player.sh");
        Files.writeString(player, "#!/bin/sh\necho \"$1\" >> " + played + "\n");
        Files.setPosixFilePermissions(player, PosixFilePermissions.fromString("rwxr-xr-x"));
        Voice voice = new Voice(player.toString(), clips, "zh-CN");

        voice.language("en");
        voice.say(Voice.Clip.HELP_COMING);

        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(played));
        assertThat(Files.readString(played).strip()).isEqualTo(clips.resolve("en/help-coming.wav").toString());
    }

    @Test
    void aUnitWithoutASpeakerStaysSilentButKnowsWhatItMeantToSay() throws Exception {
        Voice voice = new Voice("", Files.createTempDirectory("clips-"), "zh-CN");

        voice.say(Voice.Clip.FAULT);

        assertThat(voice.lastSpoken()).isEqualTo(Voice.Clip.FAULT);
    }

    @Test
    void theHubsVolumeScalesTheClipBeforeTheSystemPlaysIt() throws Exception {
        Path clips = Files.createTempDirectory("clips-");
        Files.createDirectories(clips.resolve("en"));
        Files.write(clips.resolve("en/received.wav"), wav(new short[] {10000, -10000, 20000, -20000}));
        Path played = clips.resolve("played.txt");
        Voice voice = new Voice(logger(clips, played).toString(), clips, "en");

        voice.volume(50);
        voice.say(Voice.Clip.RECEIVED);

        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(played));
        Path file = Path.of(Files.readString(played).strip());
        java.nio.ByteBuffer samples = java.nio.ByteBuffer.wrap(Files.readAllBytes(file)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertThat(new short[] {samples.getShort(44), samples.getShort(46), samples.getShort(48), samples.getShort(50)})
                .containsExactly(5000, -5000, 10000, -10000);
        assertThat(Files.readAllBytes(clips.resolve("en/received.wav"))).as("the installed clip is left alone")
                .isEqualTo(wav(new short[] {10000, -10000, 20000, -20000}));
    }

    @Test
    void withASpeechEngineHelpIsComingNamesThePersonComing() throws Exception {
        Path file = saidNamed(Voice.Clip.HELP_COMING, "help-coming-named\ten\ten\t{name} is on the way", "Wang Li");

        assertThat(file.getFileName().toString()).startsWith("help-coming-named");
        assertThat(Files.size(file)).as("a spoken sentence, not the 4-byte generic clip").isGreaterThan(10_000);
    }

    @Test
    void withASpeechEngineTheServiceKeysPromptsNameTheWorker() throws Exception {
        Path file = saidNamed(Voice.Clip.SERVICE_ASSIGNED, "service-assigned-named\ten\ten\t{name} will come for your request",
                "Wang Li");

        assertThat(file.getFileName().toString()).startsWith("service-assigned-named");
        assertThat(Files.size(file)).as("a spoken sentence, not the 4-byte generic clip").isGreaterThan(10_000);
    }

    /** Says the clip naming someone, with espeak-ng and the one prompts.tsv line given; the file played. */
    private static Path saidNamed(Voice.Clip clip, String line, String name) throws Exception {
        if (!new java.io.File("/usr/bin/espeak-ng").canExecute()) {
            throw new IllegalStateException("Debian's espeak-ng is needed: apt-get install espeak-ng (.ci/run installs it)");
        }
        Path clips = Files.createTempDirectory("clips-");
        Files.createDirectories(clips.resolve("en"));
        Files.writeString(clips.resolve("en/" + clip.file + ".wav"), "RIFF");
        Files.writeString(clips.resolve("prompts.tsv"), line + "\n");
        Path played = clips.resolve("played.txt");
        Voice voice = new Voice(logger(clips, played).toString(), "espeak-ng", clips, "en");

        voice.say(clip, name);

        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(played));
        return Path.of(Files.readString(played).strip());
    }

    private static Path logger(Path dir, Path played) throws Exception {
        Path player = dir.resolve("player.sh");
        Files.writeString(player, "#!/bin/sh\necho \"$1\" >> " + played + "\n");
        Files.setPosixFilePermissions(player, PosixFilePermissions.fromString("rwxr-xr-x"));
        return player;
    }

    /** A mono 16-bit PCM WAV file at 22,050 Hz holding these samples. */
    private static byte[] wav(short[] samples) {
        java.nio.ByteBuffer wav = java.nio.ByteBuffer.allocate(44 + samples.length * 2).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        wav.putInt(0x46464952).putInt(36 + samples.length * 2).putInt(0x45564157).putInt(0x20746d66).putInt(16)
                .putShort((short) 1).putShort((short) 1).putInt(22050).putInt(44100).putShort((short) 2).putShort((short) 16)
                .putInt(0x61746164).putInt(samples.length * 2);
        for (short sample : samples) {
            wav.putShort(sample);
        }
        return wav.array();
    }

    @Test
    void everyPromptTheHubMayAskForHasAClipAndEveryClipItsWordsInBothLanguages() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("clips/prompts.tsv")).stream()
                .filter(line -> !line.startsWith("#") && !line.isBlank()).toList();

        for (org.carecall.protocol.SpokenPrompt prompt : org.carecall.protocol.SpokenPrompt.values()) {
            Voice.Clip clip = Voice.Clip.of(prompt);
            assertThat(clip.everyday()).as(prompt.wire() + " waits for a call's prompt").isTrue();
            if (prompt.names()) {
                assertThat(lines).as(prompt.wire() + " named").anyMatch(line -> line.startsWith(prompt.wire() + "-named\tzh-CN\t"))
                        .anyMatch(line -> line.startsWith(prompt.wire() + "-named\ten\t"));
            }
        }
        for (Voice.Clip clip : Voice.Clip.values()) {
            assertThat(lines).as(clip.file).anyMatch(line -> line.startsWith(clip.file + "\tzh-CN\t"))
                    .anyMatch(line -> line.startsWith(clip.file + "\ten\t"));
        }
    }
}
