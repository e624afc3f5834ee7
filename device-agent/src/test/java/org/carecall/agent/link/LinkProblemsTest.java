package org.carecall.agent.link;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.Test;

class LinkProblemsTest {

    @Test
    void aRefusedSecretAndAHubThatIsDownEachSayWhatTheyAreAndWhereTheUnitTried() {
        assertThat(LinkProblems.describe(new MqttException(MqttException.REASON_CODE_FAILED_AUTHENTICATION),
                "tcp://hub.local:1883")).startsWith("the hub at tcp://hub.local:1883 refused this unit's id or secret");
        assertThat(LinkProblems.describe(new MqttException(MqttException.REASON_CODE_SERVER_CONNECT_ERROR),
                "tcp://10.0.0.9:1883")).startsWith("nothing answers at tcp://10.0.0.9:1883: is the hub running")
                .endsWith("[reason 32103]");
        assertThat(LinkProblems.describe(new MqttException(MqttException.REASON_CODE_NOT_AUTHORIZED), "tcp://h:1883"))
                .contains("revoked");
    }
}
