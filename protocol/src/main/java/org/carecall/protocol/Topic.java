package org.carecall.protocol;

/**
 * A concrete device topic, {@code carecall/v1/devices/<deviceId>/<channel>}. This is the one place
 * topic names are built and parsed; nothing else in CareCall concatenates topic strings.
 */
public record Topic(String deviceId, Channel channel) {
    public static final String PREFIX = "carecall/v1/devices/";

    public Topic {
        DeviceIds.require(deviceId);
        if (channel == null) {
            throw new IllegalArgumentException("a topic needs a channel");
        }
    }

    public static Topic of(String deviceId, Channel channel) {
        return new Topic(deviceId, channel);
    }

    /** The topic filter a device subscribes to on every connect: all of its own downward channels. */
    public static String downFilter(String deviceId) {
        return PREFIX + DeviceIds.require(deviceId) + "/down/#";
    }

    /**
     * Parses a topic a message was published on. Wildcards, other prefixes, unknown channels and
     * malformed device ids are refused with a sentence saying which.
     */
    public static Topic parse(String topic) throws ProtocolException {
        if (topic == null || topic.isEmpty()) {
            throw new ProtocolException("the topic is empty");
        }
        if (topic.indexOf('#') >= 0 || topic.indexOf('+') >= 0) {
            throw new ProtocolException("topic '" + topic + "' contains a wildcard; publish to a concrete topic");
        }
        if (!topic.startsWith(PREFIX)) {
            throw new ProtocolException("topic '" + topic + "' does not start with " + PREFIX);
        }
        String rest = topic.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        if (slash < 0) {
            throw new ProtocolException("topic '" + topic + "' names no channel after the device id");
        }
        String deviceId = rest.substring(0, slash);
        if (!DeviceIds.isValid(deviceId)) {
            throw new ProtocolException("topic '" + topic + "' has an invalid device id '" + deviceId + "'");
        }
        String suffix = rest.substring(slash + 1);
        Channel channel = Channel.ofSuffix(suffix).orElseThrow(() -> new ProtocolException(
                "topic '" + topic + "' has an unknown channel '" + suffix + "'"));
        return new Topic(deviceId, channel);
    }

    /**
     * Whether a device may subscribe to this filter: only its own {@code down/#} or one of its own
     * downward channels. Every other filter, {@code #} above all, is refused.
     */
    public static boolean mayDeviceSubscribe(String deviceId, String filter) {
        if (!DeviceIds.isValid(deviceId) || filter == null) {
            return false;
        }
        if (filter.equals(downFilter(deviceId))) {
            return true;
        }
        try {
            Topic topic = parse(filter);
            return topic.deviceId().equals(deviceId) && !topic.channel().isUp();
        } catch (ProtocolException notConcrete) {
            return false;
        }
    }

    /** Whether a device may publish here: only on its own upward channels. */
    public boolean mayBePublishedBy(String publisherId) {
        return deviceId.equals(publisherId) && channel.isUp();
    }

    @Override
    public String toString() {
        return PREFIX + deviceId + "/" + channel.suffix();
    }
}
