package org.carecall.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.carecall.protocol.Channel;
import org.carecall.protocol.ProtocolException;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Runs the shared golden vectors in {@code protocol/vectors} through the codec. */
class ProtocolVectorsTest {
    private static final Path VECTORS = Path.of("vectors");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final PayloadCodec codec = new PayloadCodec();

    @Test
    void thereAreVectorsForEveryChannel() throws IOException {
        List<String> channels = Stream.concat(files("valid"), files("invalid"))
                .map(file -> read(file).get("channel").asText())
                .distinct().toList();
        for (Channel channel : Channel.values()) {
            assertThat(channels).as("vectors for %s", channel).contains(channel.suffix());
        }
    }

    @TestFactory
    Stream<DynamicTest> validPayloadsDecodeAndRoundTrip() throws IOException {
        return files("valid").map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            JsonNode vector = read(file);
            Channel channel = channel(vector);
            Message decoded = codec.decode(channel, payload(vector));

            assertThat(decoded.channel()).isEqualTo(channel);
            byte[] encoded = codec.encode(decoded);
            assertThat(codec.decode(channel, encoded)).isEqualTo(decoded);
            assertThat(new String(encoded, StandardCharsets.UTF_8)).startsWith("{\"v\":1,");
        }));
    }

    @TestFactory
    Stream<DynamicTest> invalidPayloadsAreRefusedWithTheirError() throws IOException {
        return files("invalid").map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            JsonNode vector = read(file);
            assertThatThrownBy(() -> codec.decode(channel(vector), payload(vector)))
                    .isInstanceOf(ProtocolException.class)
                    .hasMessageContaining(vector.get("error").asText());
        }));
    }

    private static Channel channel(JsonNode vector) {
        return Channel.ofSuffix(vector.get("channel").asText()).orElseThrow();
    }

    private static byte[] payload(JsonNode vector) throws IOException {
        if (vector.has("payloadText")) {
            return vector.get("payloadText").asText().getBytes(StandardCharsets.UTF_8);
        }
        if (vector.has("payloadBase64")) {
            return Base64.getDecoder().decode(vector.get("payloadBase64").asText());
        }
        return JSON.writeValueAsBytes(vector.get("payload"));
    }

    private static Stream<Path> files(String kind) throws IOException {
        try (Stream<Path> list = Files.list(VECTORS.resolve(kind))) {
            List<Path> files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
            assertThat(files).as(kind + " vectors").isNotEmpty();
            return files.stream();
        }
    }

    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read vector " + file, e);
        }
    }
}
