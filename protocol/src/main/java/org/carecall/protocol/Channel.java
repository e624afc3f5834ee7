package org.carecall.protocol;

import java.util.Optional;

/** The message channels under a device's topic prefix, each with its direction. */
public enum Channel {
    HELLO("up/hello"),
    ALARM("up/alarm"),
    CANCEL("up/cancel"),
    EVENT("up/event"),
    HEARTBEAT("up/heartbeat"),
    CMD_RESULT("up/cmd-result"),
    ACK("down/ack"),
    CONFIG("down/config"),
    CMD("down/cmd");

    private final String suffix;

    Channel(String suffix) {
        this.suffix = suffix;
    }

    /** The part of the topic after {@code carecall/v1/devices/<deviceId>/}. */
    public String suffix() {
        return suffix;
    }

    /** Whether devices send on this channel (as opposed to the hub). */
    public boolean isUp() {
        return suffix.startsWith("up/");
    }

    public static Optional<Channel> ofSuffix(String suffix) {
        for (Channel channel : values()) {
            if (channel.suffix.equals(suffix)) {
                return Optional.of(channel);
            }
        }
        return Optional.empty();
    }
}
