package org.carecall.agent.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
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
}
