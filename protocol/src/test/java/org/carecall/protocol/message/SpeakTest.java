package org.carecall.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.carecall.protocol.CommandName;
import org.carecall.protocol.MessageIds;
import org.carecall.protocol.ProtocolException;
import org.carecall.protocol.SpokenPrompt;
import org.junit.jupiter.api.Test;

/** SPEAK's arguments: only the fixed list of prompts, and a name only as a short plain name. */
class SpeakTest {

    @Test
    void theHubsArgumentsReadBackAsTheSamePrompt() throws ProtocolException {
        Speak assigned = new Speak(SpokenPrompt.SERVICE_ASSIGNED, "Wang Li");

        assertThat(assigned.args()).isEqualTo(Map.of("prompt", "service-assigned", "name", "Wang Li"));
        assertThat(Speak.of(speak(assigned.args()))).isEqualTo(assigned);
        assertThat(Speak.of(speak(Map.of("prompt", "checkin-remind")))).isEqualTo(Speak.of(SpokenPrompt.CHECKIN_REMIND));
    }

    @Test
    void everyPromptOfTheSpecIsOnTheList() {
        assertThat(SpokenPrompt.values()).extracting(SpokenPrompt::wire).contains("checkin-remind", "checkin-ok",
                "service-received", "service-retrying", "service-assigned", "service-done", "service-appointment");
        assertThat(SpokenPrompt.SERVICE_ASSIGNED.names()).isTrue();
        assertThat(SpokenPrompt.SERVICE_APPOINTMENT.names()).isTrue();
        assertThat(SpokenPrompt.SERVICE_DONE.names()).isFalse();
    }

    @Test
    void anUnknownPromptIsRefusedNamingTheKnownOnes() {
        assertThatThrownBy(() -> Speak.of(speak(Map.of("prompt", "sing-a-song"))))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("unknown prompt 'sing-a-song'")
                .hasMessageContaining("checkin-remind");
        assertThatThrownBy(() -> Speak.of(speak(Map.of())))
                .hasMessageContaining("args.prompt must be one of the unit's prompts");
    }

    @Test
    void aNameThatIsNotAShortTextIsRefused() {
        assertThatThrownBy(() -> Speak.of(speak(Map.of("prompt", "service-assigned", "name", "x".repeat(41)))))
                .hasMessageContaining("args.name must be a name of 1 to 40 characters");
        assertThatThrownBy(() -> Speak.of(speak(Map.of("prompt", "service-assigned", "name", 7))))
                .hasMessageContaining("args.name");
    }

    private static Command speak(Map<String, Object> args) {
        return new Command(MessageIds.next(), CommandName.SPEAK, args);
    }
}
