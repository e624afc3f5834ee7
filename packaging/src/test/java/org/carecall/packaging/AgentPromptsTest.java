package org.carecall.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.carecall.agent.config.AgentConfig;
import org.carecall.agent.feedback.Voice;
import org.junit.jupiter.api.Test;

/**
 * The agent's Debian package carries a spoken prompt for every state and event of a call, in Mandarin
 * and English, where the agent looks for them by default. Read from the built package itself.
 */
class AgentPromptsTest {
    private static final Path AGENT_DEB = Path.of("../device-agent/target/carecall-agent.deb");

    @Test
    void everyPromptIsInThePackageInBothLanguagesAsAudioOfMoreThanAThirdOfASecond() throws Exception {
        Path unpacked = Files.createTempDirectory("carecall-agent-deb-");
        Process extract = new ProcessBuilder("dpkg-deb", "-x", AGENT_DEB.toString(), unpacked.toString())
                .redirectErrorStream(true).start();
        assertThat(extract.waitFor(60, TimeUnit.SECONDS) && extract.exitValue() == 0)
                .as("dpkg-deb -x: " + new String(extract.getInputStream().readAllBytes())).isTrue();
        // Where an installed agent looks without being told: its default, under the package's root.
        Path clips = unpacked.resolve(Path.of("/").relativize(Path.of(new AgentConfig().feedback.clipsDir)));
        assertThat(Path.of("../device-agent/packaging/agent.yaml")).content()
                .contains("clipsDir: " + new AgentConfig().feedback.clipsDir);

        for (String language : List.of("zh-CN", "en")) {
            for (Voice.Clip clip : Voice.Clip.values()) {
                Path file = clips.resolve(language).resolve(clip.file + ".wav");
                assertThat(file).as(language + " " + clip).isRegularFile();
                assertThat(seconds(file)).as(language + " " + clip + ", seconds").isGreaterThan(0.3);
            }
        }
        assertThat(clips.resolve("prompts.tsv")).as("the words, for a community to re-record").content()
                .contains("help-coming-named\tzh-CN");
    }

    /** The length of a PCM WAV file, from its header; fails if it is not one. */
    private static double seconds(Path file) throws Exception {
        ByteBuffer wav = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(wav.getInt(0)).as(file + " is RIFF").isEqualTo(0x46464952);
        assertThat(wav.getInt(8)).as(file + " is WAVE").isEqualTo(0x45564157);
        assertThat(wav.getShort(20)).as(file + " is PCM").isEqualTo((short) 1);
        int byteRate = wav.getInt(28);
        int at = 12;
        while (at + 8 <= wav.limit()) {
            int id = wav.getInt(at);
            int size = wav.getInt(at + 4);
            if (id == 0x61746164) { // "data"
                return (double) Math.min(size, wav.limit() - at - 8) / byteRate;
            }
            at += 8 + size + (size & 1);
        }
        throw new AssertionError(file + " has no audio data");
    }
}
