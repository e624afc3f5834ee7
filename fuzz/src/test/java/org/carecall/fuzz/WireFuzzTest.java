package org.carecall.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.carecall.protocol.Channel;
import org.carecall.protocol.ProtocolException;
import org.carecall.protocol.Topic;
import org.carecall.protocol.message.Message;
import org.carecall.protocol.message.PayloadCodec;
import org.junit.jupiter.api.AfterAll;

/**
 * The wire contract against anything a device could send: a topic and a payload of any bytes. Either
 * they are refused with a {@link ProtocolException} that names the problem, or what was read can be
 * written again and reads back the same. Nothing else may come out: no other exception, no hang.
 */
class WireFuzzTest {
    private static final PayloadCodec CODEC = new PayloadCodec();
    private static final Channel[] CHANNELS = Channel.values();
    private static final FuzzLedger LEDGER = new FuzzLedger("wire");

    @AfterAll
    static void tally() {
        LEDGER.close();
    }

    @FuzzTest(maxDuration = "15s")
    void anyTopicAndPayloadIsReadOrRefusedInWords(FuzzedDataProvider data) throws Exception {
        LEDGER.run(() -> oneInput(data));
    }

    private void oneInput(FuzzedDataProvider data) throws Exception {
        String topic = data.consumeString(120);
        Channel channel = data.pickValue(CHANNELS);
        byte[] payload = data.consumeRemainingAsBytes();

        try {
            Topic parsed = Topic.parse(topic);
            assertThat(Topic.of(parsed.deviceId(), parsed.channel()).toString()).isEqualTo(topic);
        } catch (ProtocolException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }

        Message message;
        try {
            message = CODEC.decode(channel, payload);
        } catch (ProtocolException refused) {
            assertThat(refused.problems()).isNotEmpty().allSatisfy(problem -> assertThat(problem).isNotBlank());
            return;
        }
        assertThat(payload.length).isLessThanOrEqualTo(PayloadCodec.MAX_PAYLOAD_BYTES);
        byte[] written = CODEC.encode(message);
        try {
            assertThat(CODEC.encode(CODEC.decode(channel, written))).isEqualTo(written);
        } catch (ProtocolException e) {
            throw new AssertionError("the codec cannot read what it wrote: " + new String(written), e);
        }
    }
}
