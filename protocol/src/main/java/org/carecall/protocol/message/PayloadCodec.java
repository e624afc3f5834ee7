package org.carecall.protocol.message;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.carecall.protocol.Channel;
import org.carecall.protocol.ProtocolException;
import org.carecall.protocol.WireTime;

/**
 * Turns payloads into messages and back, enforcing the wire contract: UTF-8 JSON objects of at most
 * {@value #MAX_PAYLOAD_BYTES} bytes, {@code "v": 1}, required fields present and of the right type,
 * unknown fields ignored. Every refusal is a {@link ProtocolException} that names what is wrong.
 * Thread-safe; one instance can serve a whole process.
 */
public final class PayloadCodec {
    public static final int VERSION = 1;
    public static final int MAX_PAYLOAD_BYTES = 8 * 1024;
    private static final int MAX_NESTING = 16;

    /** Which message type each channel carries, and how to read it. */
    private record Binding(Class<? extends Message> type, Function<PayloadReader, ? extends Message> read) {
    }

    private static final Map<Channel, Binding> BINDINGS = Map.of(
            Channel.HELLO, new Binding(Hello.class, Hello::read),
            Channel.ALARM, new Binding(AlarmReport.class, AlarmReport::read),
            Channel.CANCEL, new Binding(Cancel.class, Cancel::read),
            Channel.EVENT, new Binding(DeviceEvent.class, DeviceEvent::read),
            Channel.HEARTBEAT, new Binding(Heartbeat.class, Heartbeat::read),
            Channel.CMD_RESULT, new Binding(CommandResult.class, CommandResult::read),
            Channel.ACK, new Binding(Receipt.class, Receipt::read),
            Channel.CONFIG, new Binding(DeviceConfig.class, DeviceConfig::read),
            Channel.CMD, new Binding(Command.class, Command::read));

    private final ObjectMapper mapper;

    public PayloadCodec() {
        SimpleModule wireTypes = new SimpleModule("carecall-wire")
                .addSerializer(Instant.class, new InstantSerializer())
                .addSerializer(LocalTime.class, new TimeOfDaySerializer());
        JsonMapper jsonMapper = JsonMapper.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .addModule(wireTypes)
                .build();
        jsonMapper.getFactory().setStreamReadConstraints(
                StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build());
        this.mapper = jsonMapper;
    }

    /** Reads a payload that arrived on the given channel. */
    public Message decode(Channel channel, byte[] payload) throws ProtocolException {
        ObjectNode object = parseObject(payload);
        checkVersion(object);
        PayloadReader reader = new PayloadReader(object);
        Message message = BINDINGS.get(channel).read().apply(reader);
        if (!reader.problems().isEmpty()) {
            throw new ProtocolException(reader.problems().stream().map(p -> channel.suffix() + ": " + p).toList());
        }
        return message;
    }

    /** Reads a payload as the given message type, for callers that know what to expect. */
    public <T extends Message> T decode(Class<T> type, byte[] payload) throws ProtocolException {
        Channel channel = channelOf(type);
        return type.cast(decode(channel, payload));
    }

    /** Writes a message as the compact UTF-8 JSON payload of its channel, {@code v} first. */
    public byte[] encode(Message message) {
        try {
            byte[] bytes = versionFirst(mapper.writeValueAsBytes(message));
            if (bytes.length > MAX_PAYLOAD_BYTES) {
                throw new IllegalArgumentException(message.channel().suffix() + " payload would be " + bytes.length
                        + " bytes; the limit is " + MAX_PAYLOAD_BYTES);
            }
            return bytes;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + message, e);
        }
    }

    public String encodeToString(Message message) {
        return new String(encode(message), StandardCharsets.UTF_8);
    }

    /**
     * Finds one text field in a payload that failed to decode, if the payload is a JSON object at all;
     * the hub uses it to keep the device's own alarm id when it must raise an unreadable alarm.
     */
    public Optional<String> salvageText(byte[] payload, String field) {
        try {
            JsonNode value = parseObject(payload).get(field);
            return value != null && value.isTextual() ? Optional.of(value.textValue()) : Optional.empty();
        } catch (ProtocolException unreadable) {
            return Optional.empty();
        }
    }

    private static final byte[] VERSION_FIELD = ("{\"v\":" + VERSION).getBytes(StandardCharsets.UTF_8);

    /**
     * The message's own object with {@code "v"} put first, by writing it in front of the object's first
     * field: the same bytes a tree with "v" first would give, without building the tree for every receipt.
     */
    private static byte[] versionFirst(byte[] object) {
        boolean empty = object.length == 2; // "{}"
        byte[] bytes = new byte[VERSION_FIELD.length + object.length - (empty ? 1 : 0)];
        System.arraycopy(VERSION_FIELD, 0, bytes, 0, VERSION_FIELD.length);
        if (empty) {
            bytes[bytes.length - 1] = '}';
        } else {
            bytes[VERSION_FIELD.length] = ',';
            System.arraycopy(object, 1, bytes, VERSION_FIELD.length + 1, object.length - 1);
        }
        return bytes;
    }

    private ObjectNode parseObject(byte[] payload) throws ProtocolException {
        if (payload == null || payload.length == 0) {
            throw new ProtocolException("the payload is empty; expected a JSON object");
        }
        if (payload.length > MAX_PAYLOAD_BYTES) {
            throw new ProtocolException("the payload is " + payload.length + " bytes; at most " + MAX_PAYLOAD_BYTES
                    + " are allowed");
        }
        requireUtf8(payload);
        JsonNode tree;
        try (JsonParser parser = mapper.createParser(payload)) {
            tree = mapper.readTree(parser);
            if (parser.nextToken() != null) {
                throw new ProtocolException("the payload has text after the JSON object");
            }
        } catch (JsonProcessingException e) {
            throw new ProtocolException("the payload is not valid JSON: " + e.getOriginalMessage()
                    + locationOf(e));
        } catch (IOException e) {
            throw new ProtocolException("the payload could not be read: " + e.getMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw new ProtocolException("the payload must be a JSON object; got "
                    + (tree == null ? "nothing" : PayloadReader.describe(tree)));
        }
        return (ObjectNode) tree;
    }

    private static void requireUtf8(byte[] payload) throws ProtocolException {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload));
        } catch (CharacterCodingException e) {
            throw new ProtocolException("the payload is not valid UTF-8 text");
        }
    }

    private static String locationOf(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " (at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    private static void checkVersion(ObjectNode object) throws ProtocolException {
        JsonNode v = object.get("v");
        if (v == null || v.isNull()) {
            throw new ProtocolException("field 'v' is missing; this is protocol version " + VERSION);
        }
        if (!v.isIntegralNumber() || v.intValue() != VERSION) {
            throw new ProtocolException("field 'v' must be " + VERSION + " (this is protocol version " + VERSION
                    + "); got " + PayloadReader.describe(v));
        }
    }

    private static Channel channelOf(Class<? extends Message> type) {
        return BINDINGS.entrySet().stream()
                .filter(binding -> binding.getValue().type() == type)
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no channel carries " + type.getSimpleName()));
    }

    private static final class InstantSerializer extends StdSerializer<Instant> {
        private static final long serialVersionUID = 1L;

        InstantSerializer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(WireTime.format(value));
        }
    }

    private static final class TimeOfDaySerializer extends StdSerializer<LocalTime> {
        private static final long serialVersionUID = 1L;
        private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

        TimeOfDaySerializer() {
            super(LocalTime.class);
        }

        @Override
        public void serialize(LocalTime value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(HH_MM.format(value));
        }
    }
}
